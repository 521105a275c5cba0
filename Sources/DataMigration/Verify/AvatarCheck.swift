import AgentPlannerCore
import Foundation

/// The avatars `migrate run --storage-dir` copied: the users it rewrote are recomputed from the source (the URL
/// must name that object, the file name follows from the user and the object), so the users' row content is
/// compared with v2's URL for exactly those; each copied file must have the object's size and MD5 (its eTag);
/// the archive must keep every old URL.
struct AvatarCheck {
    let source: PGLink
    let target: PGLink
    let relations: SourceRelations
    let options: VerificationOptions

    /// (user id, expected v2 URL) on the source session: the users comparison reads it (`expectedUsers`).
    static let rewrites = "pg_temp.avatar_rewrites"

    static func prepare(_ source: PGLink) async throws {
        try await source.execute("CREATE TEMP TABLE IF NOT EXISTS avatar_rewrites (user_id uuid PRIMARY KEY, new_url text NOT NULL)")
    }

    /// v2's users as the rules make them from the source, with the avatar URLs the run rewrote.
    static func expectedUsers() -> Projection {
        let users = MappingRules.users
        let id = users.columns.first { $0.name == "id" }!.expression
        return Projection(
            target: users.target, key: users.key,
            columns: users.columns.map { column in
                column.name == "avatar_url" ? .mapped("avatar_url", "coalesce(rw.new_url, \(column.expression))") : column
            },
            from: users.from + " LEFT JOIN \(rewrites) rw ON rw.user_id = \(id)")
    }

    /// Fills `rewrites` and checks the files and the archive; call before the table comparisons.
    func run() async throws -> [CheckResult] {
        let recorded = try await target.count(
            "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = '\(TargetState.schema)' AND table_name = 'avatar_files'")
        let matches = try await sourceMatches()
        guard recorded > 0 else {
            guard !matches.isEmpty else { return [] }
            return [
                CheckResult(
                    section: "notes", name: "avatars left on Supabase Storage", status: .note,
                    summary: "\(matches.count) user(s) keep a Supabase Storage URL (the run had no --storage-dir)",
                    counts: ["users": matches.count])
            ]
        }
        let rows = try await target.rows(
            "SELECT user_id::text, object_id::text, file, public_url FROM \(AvatarCopier.record) ORDER BY user_id")
        let byUser = Dictionary(matches.map { ($0.userID, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [String] = []
        var expected: [(match: AvatarMatch, file: String, url: String)] = []
        for row in rows {
            let user = row[0] ?? ""
            let object = row[1] ?? ""
            let publicURL = row[3] ?? ""
            guard let match = byUser[user], match.object.id.lowercased() == object else {
                problems.append("users id=\(user): recorded as pointed at object \(object), which its v1 avatar URL does not name")
                continue
            }
            guard let ext = AvatarStore.fileExtension(match.object) else {
                problems.append("\(AvatarStore.describe(match.object)): no image type v2 serves, yet recorded as copied")
                continue
            }
            let file = AvatarStore.fileName(match, fileExtension: ext)
            if row[2] != file { problems.append("\(AvatarStore.describe(match.object)): recorded file \(row[2] ?? "") is not \(file)") }
            expected.append((match, file, publicURL + AvatarStore.urlPath + file))
        }
        try await source.execute("DELETE FROM \(Self.rewrites)")
        try await source.execute(
            "INSERT INTO \(Self.rewrites) SELECT * FROM unnest($1::uuid[], $2::text[])",
            [ColumnDiagnosis.textArray(expected.map(\.match.userID)), ColumnDiagnosis.textArray(expected.map(\.url))])
        var results = [files(expected, problems: problems), archive(expected)]
        let left = matches.count - expected.count
        if left > 0 {
            results.append(
                CheckResult(
                    section: "notes", name: "avatars left on Supabase Storage", status: .note,
                    summary: "\(left) user(s) keep a Supabase Storage URL (their file was not in the storage folder at the run)",
                    counts: ["users": left]))
        }
        return results
    }

    /// Users whose v1 avatar URL (as the mapping gives it) names an object of the bucket.
    private func sourceMatches() async throws -> [AvatarMatch] {
        let users = MappingRules.users
        let expression = { (name: String) in users.columns.first { $0.name == name }!.expression }
        let rows = try await source.rows(
            "SELECT * FROM (SELECT (\(expression("id")))::text AS id, \(expression("avatar_url")) AS url FROM "
                + Projection.resolve(users.from, relations.resolve) + ") u WHERE strpos(u.url, $1) > 0",
            [AvatarStore.supabaseMarker])
        return AvatarStore.match(users: rows.map { (id: $0[0] ?? "", url: $0[1] ?? "") }, objects: try await AvatarStore.objects(source))
    }

    private func files(_ expected: [(match: AvatarMatch, file: String, url: String)], problems: [String]) -> CheckResult {
        let name = "copied avatar files equal their storage objects"
        guard let dataDirectory = options.dataDirectory else {
            return options.unavailable(
                .avatars, section: "avatars", name: name,
                reason: "\(expected.count) avatar file(s) were copied, but no --data-dir says where v2 keeps them")
        }
        let folder = AvatarStore.folder(dataDirectory: dataDirectory)
        var problems = problems
        var unhashed = 0
        for item in expected {
            let object = item.match.object
            let path = folder.appendingPathComponent(item.file)
            guard let measured = try? AvatarStore.measure(path) else {
                problems.append("\(AvatarStore.describe(object)): copied file \(path.path) is missing")
                continue
            }
            if let size = object.size, size != measured.size {
                problems.append(
                    "\(AvatarStore.describe(object)): \(path.path) has \(measured.size) bytes, the object \(size) (truncated or different)")
            } else if let md5 = object.md5, md5 != measured.md5 {
                problems.append("\(AvatarStore.describe(object)): \(path.path) differs from the object (MD5 \(measured.md5), eTag \(md5))")
            }
            if object.md5 == nil { unhashed += 1 }
        }
        guard problems.isEmpty else {
            return CheckResult(
                section: "avatars", name: name, status: .fail, summary: "\(problems.count) problem(s) among \(expected.count) file(s)",
                counts: ["files": expected.count, "problems": problems.count], firstDifferences: Array(problems.prefix(50)))
        }
        return CheckResult(
            section: "avatars", name: name, status: .pass,
            summary: "\(expected.count) file(s) with the object's size and MD5" + (unhashed > 0 ? " (\(unhashed) without an eTag: size only)" : ""),
            counts: ["files": expected.count, "unhashed": unhashed])
    }

    /// The archive's rewrite lines equal the ones the source gives, old URL included.
    private func archive(_ expected: [(match: AvatarMatch, file: String, url: String)]) -> CheckResult {
        let name = "old avatar URLs kept in the archive"
        let want = Set(expected.map { AvatarCopier.line($0.match, newURL: $0.url) }.map(Self.canonical))
        var problems: [String] = []
        if let manifest = try? ArchiveManifest.read(from: options.archiveDirectory),
            let entry = manifest.entries.first(where: { $0.name == AvatarCopier.archiveEntry })
        {
            let path = URL(fileURLWithPath: options.archiveDirectory).appendingPathComponent(entry.file).path
            if let measured = try? ArchiveWriter.measure(path), measured.sha256 == entry.sha256 {
                let text = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
                let have = Set(text.split(separator: "\n").map { Self.canonical(String($0)) })
                for line in want.subtracting(have).sorted().prefix(20) { problems.append("not in the archive: \(line)") }
                for line in have.subtracting(want).sorted().prefix(20) { problems.append("in the archive, not given by the source: \(line)") }
            } else {
                problems.append("\(AvatarCopier.archiveFile) is missing or differs from the manifest's checksum")
            }
        } else {
            problems.append("\(AvatarCopier.archiveEntry) is not in the archive's manifest")
        }
        return CheckResult(
            section: "avatars", name: name, status: problems.isEmpty ? .pass : .fail,
            summary: problems.isEmpty ? "\(want.count) rewritten URL(s), old and new, equal the source" : "\(problems.count) difference(s)",
            counts: ["rewritten": want.count], firstDifferences: problems)
    }

    /// A line as parsed JSON written again, so formatting and key order do not matter.
    private static func canonical(_ line: String) -> String {
        guard let value = try? JSONParser.parse(line.trimmingCharacters(in: .whitespacesAndNewlines)) else { return line }
        return String(decoding: JSONWriter.bytes(value), as: UTF8.self)
    }
}
