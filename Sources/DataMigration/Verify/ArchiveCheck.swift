import Foundation

/// The archive is there, every file matches its manifest checksum and row count, and every count matches the
/// source (so nothing dropped was lost on the way to the archive).
struct ArchiveCheck {
    let source: PGLink
    let shape: SourceShape
    let directory: String

    func run() async throws -> CheckResult {
        let manifest: ArchiveManifest
        do {
            manifest = try ArchiveManifest.read(from: directory)
        } catch {
            return fail("no readable manifest in \(directory)", [])
        }
        var problems: [String] = []
        var rows = 0
        for subject in ArchiveSubject.all(shape) {
            guard let entry = manifest.entries.first(where: { $0.name == subject.name }) else {
                problems.append("\(subject.name): not in the manifest")
                continue
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(entry.file).path
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append("\(subject.name): file \(entry.file) is missing")
                continue
            }
            let measured = try ArchiveWriter.measure(path)
            if measured.sha256 != entry.sha256 { problems.append("\(subject.name): checksum differs from the manifest") }
            if measured.rows != entry.rows { problems.append("\(subject.name): \(measured.rows) lines, manifest says \(entry.rows)") }
            let expected = try await source.count(subject.countSQL)
            if entry.rows != expected { problems.append("\(subject.name): \(entry.rows) rows archived, source has \(expected)") }
            rows += entry.rows
        }
        guard problems.isEmpty else { return fail("\(problems.count) problem(s)", problems) }
        return CheckResult(
            section: "archive", name: "archive present and matching its checksums", status: .pass,
            summary: "\(manifest.entries.count) files, \(rows) rows, checksums and source counts match",
            counts: ["files": manifest.entries.count, "rows": rows])
    }

    private func fail(_ summary: String, _ problems: [String]) -> CheckResult {
        CheckResult(
            section: "archive", name: "archive present and matching its checksums", status: .fail, summary: summary,
            counts: ["problems": problems.count], firstDifferences: problems)
    }
}

/// Slack bot tokens decrypt under the v2 key to what they decrypted to under the v1 key (§6 item 31).
struct SecretCheck {
    let source: PGLink
    let target: PGLink
    let keys: SecretKeys

    func run() async throws -> CheckResult {
        let name = "Slack bot tokens re-encrypted under the v2 key"
        guard let v1 = keys.v1, let v2 = keys.v2 else {
            return CheckResult(section: "secrets", name: name, status: .skipped, summary: "no keys given (--v1-slack-key, --v2-secret-key)")
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
