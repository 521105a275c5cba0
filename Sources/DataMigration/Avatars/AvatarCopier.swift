import AgentPlannerCore
import Foundation

/// What `--storage-dir` did: users pointed at v2's copy, and the objects whose file the storage folder lacks.
public struct AvatarOutcome: Sendable {
    public var rewritten = 0
    /// Each named as `storage.objects id=… (avatars/<name>)`; their users keep the Supabase URL.
    public var missing: [String] = []
    /// Done by an earlier run (the missing ones were reported then).
    public var resumed = false
}

/// `migrate run --storage-dir`: copies each avatar the users' v1 URLs name from the downloaded bucket into v2's
/// avatar store, points those users at v2's URL, keeps the old URLs in the archive and records what was copied.
///
/// A file absent from the storage folder leaves its user's URL as it was (the Supabase URL keeps working while
/// the project lives) and is reported by name; a file present but not what the object's metadata says (size,
/// MD5) refuses the run: copying it would hand users a different picture without a word.
struct AvatarCopier {
    let source: PGLink
    let target: PGLink
    let state: TargetState
    let options: AvatarOptions
    let archiveDirectory: String
    let archiveStorage: ArchiveStorage

    static let record = "\(TargetState.schema).avatar_files"
    static let archiveEntry = "public.users#avatar-urls"
    static let archiveFile = "public.users.avatar-urls.jsonl"
    static let step = "avatars"

    func run() async throws -> AvatarOutcome {
        if let rows = try await state.rows(Self.step) { return AvatarOutcome(rewritten: rows, resumed: true) }
        let users = try await target.rows(
            "SELECT id::text, avatar_url FROM public.users WHERE strpos(avatar_url, $1) > 0 ORDER BY id", [AvatarStore.supabaseMarker]
        ).map { (id: $0[0] ?? "", url: $0[1] ?? "") }
        let matches = AvatarStore.match(users: users, objects: try await AvatarStore.objects(source))
        let folder = AvatarStore.folder(dataDirectory: options.dataDirectory)
        var outcome = AvatarOutcome()
        var copied: [(match: AvatarMatch, file: String)] = []
        for match in matches {
            guard let file = locate(match.object) else {
                outcome.missing.append(AvatarStore.describe(match.object))
                continue
            }
            guard let ext = AvatarStore.fileExtension(match.object) else {
                throw MigrationFailure(
                    "\(AvatarStore.describe(match.object)): type \(match.object.mimetype ?? "unknown") is no image type v2 serves "
                        + "(JPEG, PNG, GIF, WebP); remove \(file.path) from the storage folder to keep its Supabase URL")
            }
            try check(file, against: match.object)
            let name = AvatarStore.fileName(match, fileExtension: ext)
            try copy(file, to: folder.appendingPathComponent(name))
            copied.append((match, name))
        }
        try await archive(copied)
        try await target.transaction {
            try await target.execute(
                """
                CREATE TABLE IF NOT EXISTS \(Self.record) (user_id uuid PRIMARY KEY, object_id uuid NOT NULL, file text NOT NULL,
                  public_url text NOT NULL, old_url text NOT NULL)
                """)
            try await target.execute("DELETE FROM \(Self.record)")
            try await target.execute(
                """
                INSERT INTO \(Self.record) (user_id, object_id, file, public_url, old_url)
                SELECT u, o, f, $4, old FROM unnest($1::uuid[], $2::uuid[], $3::text[], $5::text[]) AS x(u, o, f, old)
                """,
                [
                    ColumnDiagnosis.textArray(copied.map(\.match.userID)), ColumnDiagnosis.textArray(copied.map(\.match.object.id)),
                    ColumnDiagnosis.textArray(copied.map(\.file)), options.publicURL, ColumnDiagnosis.textArray(copied.map(\.match.oldURL)),
                ])
            try await target.execute(
                """
                UPDATE public.users u SET avatar_url = r.public_url || '\(AvatarStore.urlPath)' || r.file
                  FROM \(Self.record) r WHERE r.user_id = u.id
                """)
            try await state.markDone(Self.step, rows: copied.count)
        }
        outcome.rewritten = copied.count
        return outcome
    }

    /// The object's file in the storage folder; names that would leave the folder are not looked up.
    private func locate(_ object: AvatarObject) -> URL? {
        let parts = object.name.split(separator: "/")
        guard !object.name.hasPrefix("/"), !parts.contains(".."), !parts.isEmpty else { return nil }
        let root = URL(fileURLWithPath: options.storageDirectory, isDirectory: true)
        for candidate in [
            root.appendingPathComponent(object.name), root.appendingPathComponent(AvatarStore.bucket).appendingPathComponent(object.name),
        ] {
            var directory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &directory), !directory.boolValue { return candidate }
        }
        return nil
    }

    private func check(_ file: URL, against object: AvatarObject) throws {
        guard let measured = try AvatarStore.measure(file) else {
            throw MigrationFailure("\(AvatarStore.describe(object)): cannot read \(file.path)")
        }
        var problems: [String] = []
        if let size = object.size, size != measured.size { problems.append("\(measured.size) bytes, the object's metadata says \(size)") }
        if let md5 = object.md5, md5 != measured.md5 { problems.append("MD5 \(measured.md5), the object's eTag is \(md5)") }
        guard problems.isEmpty else {
            throw MigrationFailure(
                "\(AvatarStore.describe(object)): \(file.path) is not the stored object (\(problems.joined(separator: "; "))); "
                    + "download it again, or remove it to keep the user's Supabase URL")
        }
    }

    private func copy(_ file: URL, to destination: URL) throws {
        do {
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            let partial = destination.appendingPathExtension("partial")
            try? FileManager.default.removeItem(at: partial)
            try FileManager.default.copyItem(at: file, to: partial)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: partial, to: destination)
        } catch {
            throw MigrationFailure("cannot copy \(file.path) to \(destination.path): \(error.localizedDescription)")
        }
    }

    /// One JSON line per rewritten user (the old URL kept), added to the archive's manifest.
    private func archive(_ copied: [(match: AvatarMatch, file: String)]) async throws {
        let text = copied.map { Self.line($0.match, newURL: options.publicURL + AvatarStore.urlPath + $0.file) }.joined()
        try await ArchiveWriter(source: source, directory: archiveDirectory, storage: archiveStorage)
            .addToManifest(Data(text.utf8), name: Self.archiveEntry, file: Self.archiveFile, rows: copied.count)
    }

    /// The archive line of one rewrite; the verifier builds the same line from the source to compare.
    static func line(_ match: AvatarMatch, newURL: String) -> String {
        let fields: [String: JSONValue] = [
            "user_id": .string(match.userID), "object_id": .string(match.object.id.lowercased()), "object_name": .string(match.object.name),
            "old_avatar_url": .string(match.oldURL), "new_avatar_url": .string(newURL),
        ]
        return String(decoding: JSONWriter.bytes(.object(fields)), as: UTF8.self) + "\n"
    }
}
