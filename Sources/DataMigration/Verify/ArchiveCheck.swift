import Crypto
import Foundation
import Logging
import Persistence

/// The archive is there, every file matches its manifest checksum and row count, every count matches the
/// source, and every line equals the source row it stands for, compared by key with the same segment hashing
/// as the tables (an edited value is caught even when the manifest was edited to match).
struct ArchiveCheck {
    let source: PGLink
    let shape: SourceShape
    let directory: String

    static let lines = "pg_temp.archive_lines"

    /// The temporary table the file's lines are loaded into; created before the source session turns read-only.
    static func prepare(_ source: PGLink) async throws {
        try await source.execute("CREATE TEMP TABLE IF NOT EXISTS archive_lines (k text, h text, line text)")
    }

    /// Runs the check on a read-only source session of its own.
    static func run(_ location: PostgresLocation, shape: SourceShape, directory: String, logger: Logger) async throws -> [CheckResult] {
        try await PGLink.with(location, role: "source", logger: logger) { link in
            try await prepare(link)
            try await link.execute("SET default_transaction_read_only = on")
            return try await ArchiveCheck(source: link, shape: shape, directory: directory).run()
        }
    }

    func run() async throws -> [CheckResult] {
        let manifest: ArchiveManifest
        do {
            manifest = try ArchiveManifest.read(from: directory)
        } catch {
            return [fail(manifestCheck, "no readable manifest in \(directory)", []), fail(contentCheck, "no readable manifest", [])]
        }
        var problems: [String] = []
        var differences: [String] = []
        var rows = 0
        var compared = 0
        for subject in ArchiveSubject.all(shape) {
            guard let entry = manifest.entries.first(where: { $0.name == subject.name }) else {
                problems.append("\(subject.name): not in the manifest")
                continue
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(entry.file).path
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append("\(subject.name): file \(entry.file) is missing")
                differences.append("\(subject.name): file \(entry.file) is missing")
                continue
            }
            let measured = try ArchiveWriter.measure(path)
            if measured.sha256 != entry.sha256 { problems.append("\(subject.name): checksum differs from the manifest") }
            if measured.rows != entry.rows { problems.append("\(subject.name): \(measured.rows) lines, manifest says \(entry.rows)") }
            let expected = try await source.count(subject.countSQL)
            if entry.rows != expected { problems.append("\(subject.name): \(entry.rows) rows archived, source has \(expected)") }
            rows += entry.rows
            compared += measured.rows
            differences += try await compareContent(subject, path: path)
        }
        return [
            problems.isEmpty
                ? CheckResult(
                    section: "archive", name: manifestCheck, status: .pass,
                    summary: "\(manifest.entries.count) files, \(rows) rows, checksums and source counts match",
                    counts: ["files": manifest.entries.count, "rows": rows])
                : fail(manifestCheck, "\(problems.count) problem(s)", problems),
            differences.isEmpty
                ? CheckResult(
                    section: "archive", name: contentCheck, status: .pass,
                    summary: "\(compared) lines equal to their source rows", counts: ["lines": compared])
                : fail(contentCheck, "\(differences.count) difference(s) between the archive and the source", differences),
        ]
    }

    private let manifestCheck = "archive present and matching its checksums"
    private let contentCheck = "archive content equals the source, row by row"

    /// Loads the file's (key, line hash) into the session's temporary table and compares it with the source's
    /// rows by segments; names the fields that differ for the first changed keys.
    private func compareContent(_ subject: ArchiveSubject, path: String) async throws -> [String] {
        try await source.execute("DELETE FROM \(Self.lines)")
        try await ArchiveLines.load(path, keyField: subject.keyField, into: source)
        let result = try await SegmentComparison(
            source: .init(link: source, rowsSQL: subject.hashSQL),
            target: .init(link: source, rowsSQL: "SELECT k, h FROM \(Self.lines)")
        ).run()
        let key = subject.keyField ?? "row hash"
        var out = result.missing.map { "\(subject.name) \(key)=\($0): in the source, not in the archive" }
        out += result.extra.map { "\(subject.name) \(key)=\($0): in the archive, not in the source" }
        for changed in result.changed.prefix(ColumnDiagnosis.keysExamined) {
            out.append("\(subject.name) \(key)=\(changed): " + (try await fieldsDiffering(subject, key: changed)))
        }
        out += result.changed.dropFirst(ColumnDiagnosis.keysExamined).map { "\(subject.name) \(key)=\($0)" }
        return out
    }

    private func fieldsDiffering(_ subject: ArchiveSubject, key: String) async throws -> String {
        do {
            let fields = try await source.rows(
                """
                SELECT coalesce(a.key, b.key) FROM jsonb_each((\(subject.rowByKeySQL))) a
                  FULL JOIN jsonb_each((SELECT line::jsonb FROM \(Self.lines) WHERE k = $1 LIMIT 1)) b ON a.key = b.key
                 WHERE a.value IS DISTINCT FROM b.value ORDER BY 1
                """, [key]
            ).compactMap { $0[0] }
            return fields.isEmpty ? "line differs from the source row" : fields.map { "column \($0)" }.joined(separator: "; ")
        } catch {
            return "the archived line is not valid JSON"
        }
    }

    private func fail(_ name: String, _ summary: String, _ problems: [String]) -> CheckResult {
        CheckResult(
            section: "archive", name: name, status: .fail, summary: summary,
            counts: ["problems": problems.count], firstDifferences: problems)
    }
}

/// Reads an archive file line by line into the verifier's temporary table: the key (the line's `keyField`,
/// or the line's own MD5), the line's MD5, and the line. Works on bytes: lines are cut and escaped for COPY in
/// place, and the key is found by a scan of the line's top level (a full parse only when the scan cannot tell).
enum ArchiveLines {
    static let batch = 5_000

    static func load(_ path: String, keyField: String?, into link: PGLink) async throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw MigrationFailure("cannot read the archive file \(path)") }
        defer { try? handle.close() }
        let field = keyField.map { Array($0.utf8) }
        var pending: [UInt8] = []
        var copy: [UInt8] = []
        var count = 0
        var number = 0
        // Each line's MD5 as hex goes straight into the COPY buffer: no string per row.
        var hash = [UInt8](repeating: 0, count: 32)
        func add(_ line: ArraySlice<UInt8>) {
            number += 1
            writeHex(Insecure.MD5.hash(data: line), into: &hash)
            if let field {
                if let found = scanKey(line, field: field) {
                    appendEscaped(found, to: &copy)
                } else {
                    let parsed = ArchiveLines.key(of: Data(line), field: keyField ?? "")
                    let text = parsed ?? "line \(number): not a JSON object with \(keyField ?? "")"
                    appendEscaped(Array(text.utf8)[...], to: &copy)
                }
            } else {
                copy += hash
            }
            copy.append(0x09)
            copy += hash
            copy.append(0x09)
            appendEscaped(line, to: &copy)
            copy.append(0x0A)
            count += 1
        }
        func flush() async throws {
            try await link.copyIn(table: "archive_lines", columns: ["k", "h", "line"], text: String(decoding: copy, as: UTF8.self))
            copy.removeAll(keepingCapacity: true)
            count = 0
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            pending += chunk
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                add(pending[start..<newline])
                start = newline + 1
                if count >= batch { try await flush() }
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { add(pending[...]) }
        if count > 0 { try await flush() }
    }

    /// Lowercase hex of `bytes` into `out` (32 bytes for an MD5).
    static func writeHex<Bytes: Sequence>(_ bytes: Bytes, into out: inout [UInt8]) where Bytes.Element == UInt8 {
        let digits: StaticString = "0123456789abcdef"
        var index = 0
        digits.withUTF8Buffer { table in
            for byte in bytes {
                out[index] = table[Int(byte >> 4)]
                out[index + 1] = table[Int(byte & 0x0F)]
                index += 2
            }
        }
    }

    /// COPY text format: backslash, tab, newline and carriage return escaped.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var out: [UInt8] = []
        appendEscaped(Array(text.utf8)[...], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `escaped` on bytes, appended to `out`.
    static func appendEscaped(_ bytes: ArraySlice<UInt8>, to out: inout [UInt8]) {
        for byte in bytes {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x09: out += [0x5C, 0x74]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            default: out.append(byte)
            }
        }
    }

    /// The top-level value of `field` in a JSON object line (a string's raw text, or a number's), by a scan of
    /// the bytes; nil when the line is not that simple (an escaped string, no such field): then `key(of:)` parses.
    static func scanKey(_ line: ArraySlice<UInt8>, field: [UInt8]) -> ArraySlice<UInt8>? {
        var i = line.startIndex
        var depth = 0
        var expectKey = false
        /// The index after the string starting at `i` (a quote), and whether it holds an escape.
        func skipString(_ at: Int) -> (end: Int, escaped: Bool)? {
            var j = at + 1
            var escaped = false
            while j < line.endIndex {
                if line[j] == 0x5C {
                    escaped = true
                    j += 2
                    continue
                }
                if line[j] == 0x22 { return (j + 1, escaped) }
                j += 1
            }
            return nil
        }
        while i < line.endIndex {
            switch line[i] {
            case 0x7B:
                depth += 1
                expectKey = depth == 1
                i += 1
            case 0x5B:
                depth += 1
                i += 1
            case 0x7D, 0x5D:
                depth -= 1
                i += 1
            case 0x2C:
                if depth == 1 { expectKey = true }
                i += 1
            case 0x22:
                guard let string = skipString(i) else { return nil }
                if depth == 1 && expectKey {
                    expectKey = false
                    let isField = !string.escaped && line[(i + 1)..<(string.end - 1)].elementsEqual(field)
                    i = string.end
                    guard isField else { continue }
                    while i < line.endIndex && (line[i] == 0x20 || line[i] == 0x3A) { i += 1 }
                    guard i < line.endIndex else { return nil }
                    if line[i] == 0x22 {
                        guard let value = skipString(i), !value.escaped else { return nil }
                        return line[(i + 1)..<(value.end - 1)]
                    }
                    var j = i
                    while j < line.endIndex && line[j] != 0x2C && line[j] != 0x7D && line[j] != 0x20 { j += 1 }
                    let raw = line[i..<j]
                    // Numbers only (null, objects and arrays are no key).
                    guard !raw.isEmpty, raw.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else { return nil }
                    return raw
                }
                i = string.end
            default:
                i += 1
            }
        }
        return nil
    }

    static func key(of line: Data, field: String) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any], let value = object[field] else {
            return nil
        }
        if let text = value as? String { return text }
        if let number = value as? NSNumber { return number.stringValue }
        return nil
    }
}

/// Slack bot tokens decrypt under the v2 key to what they decrypted to under the v1 key (§6 item 31).
struct SecretCheck {
    let source: PGLink
    let target: PGLink
    let options: VerificationOptions

    func run() async throws -> CheckResult {
        let name = "Slack bot tokens re-encrypted under the v2 key"
        let slackRows = try await source.count("SELECT count(*)::text FROM public.slack_integrations")
        guard let v1 = options.keys.v1, let v2 = options.keys.v2 else {
            guard slackRows > 0 else {
                return CheckResult(section: "secrets", name: name, status: .pass, summary: "the source has no Slack integrations")
            }
            return options.unavailable(
                .secrets, section: "secrets", name: name,
                reason: "\(slackRows) Slack token(s) and no keys given (--v1-slack-key or --v1-jwt-secret, --v2-secret-key)")
        }
        var problems: [String] = []
        var checked = 0
        var last = "00000000-0000-0000-0000-000000000000"
        while true {
            let rows = try await source.rows(
                "SELECT id::text, bot_token FROM public.slack_integrations WHERE id > $1::uuid ORDER BY id LIMIT 500", [last])
            guard !rows.isEmpty else { break }
            for row in rows {
                let id = row[0] ?? ""
                last = id
                checked += 1
                let sealed = try await target.scalar("SELECT secret FROM public.messaging_integrations WHERE id = $1::uuid", [id])
                let before = try? v1.decrypt(row[1] ?? "")
                let after = sealed.flatMap { try? v2.open($0) }
                if before == nil || before != after { problems.append(id) }
            }
        }
        return CheckResult(
            section: "secrets", name: name, status: problems.isEmpty ? .pass : .fail,
            summary: "\(checked - problems.count) of \(checked) decrypt to the same token", counts: ["checked": checked],
            firstDifferences: problems)
    }
}
