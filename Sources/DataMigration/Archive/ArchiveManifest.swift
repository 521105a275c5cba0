import Foundation

/// `manifest.json` of an archive: every file with its row count and SHA-256, so the archive can be checked
/// without the source.
public struct ArchiveManifest: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        /// What the file holds: a table (`public.handoffs`) or a table's dropped columns (`public.plans#dropped`).
        public var name: String
        public var file: String
        public var rows: Int
        public var sha256: String
    }

    public var source: String
    public var createdAt: String
    public var entries: [Entry]

    public static let fileName = "manifest.json"

    public static func read(from directory: String) throws -> ArchiveManifest {
        let url = URL(fileURLWithPath: directory).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MigrationFailure("no archive manifest at \(url.path)")
        }
        return try JSONDecoder().decode(ArchiveManifest.self, from: data)
    }
}

/// One thing the archive must hold, as SQL over the source: each row one JSON text, in a stable order.
struct ArchiveSubject: Sendable {
    let name: String
    let file: String
    let rowsSQL: String
    let countSQL: String

    /// Everything v2 drops or reshapes: archived and converted tables whole (auth.users without the password
    /// hash, which v2 keeps), unknown tables, and the dropped columns of kept tables.
    static func all(_ shape: SourceShape) -> [ArchiveSubject] {
        var subjects: [ArchiveSubject] = []
        for table in shape.tables where table.fate != .kept {
            let row = table.qualifiedName == "auth.users" ? "(to_jsonb(t) - 'encrypted_password')" : "to_jsonb(t)"
            subjects.append(
                ArchiveSubject(
                    name: "\(table.schema).\(table.name)", file: table.archiveFile,
                    rowsSQL: "SELECT \(row)::text FROM \(table.qualifiedName) t ORDER BY t.\"\(table.primaryKey)\"",
                    countSQL: "SELECT count(*)::text FROM \(table.qualifiedName)"))
        }
        for name in shape.unknownTables {
            subjects.append(
                ArchiveSubject(
                    name: "public.\(name)", file: "public.\(name).jsonl",
                    rowsSQL: "SELECT to_jsonb(t)::text AS j FROM public.\"\(name)\" t ORDER BY 1",
                    countSQL: "SELECT count(*)::text FROM public.\"\(name)\""))
        }
        for (table, dropped) in V1Catalog.droppedColumns.sorted(by: { $0.key < $1.key }) {
            let qualified = String(table.dropFirst("public.".count))
            let have = Set(shape.columns[qualified]?.map(\.name) ?? [])
            let columns = dropped.filter(have.contains)
            guard !columns.isEmpty else { continue }
            let pairs = (["id"] + columns).map { "'\($0)', t.\"\($0)\"" }.joined(separator: ", ")
            subjects.append(
                ArchiveSubject(
                    name: "\(table)#dropped-columns", file: "\(table).dropped-columns.jsonl",
                    rowsSQL: "SELECT jsonb_build_object(\(pairs))::text FROM \(qualified) t ORDER BY t.id",
                    countSQL: "SELECT count(*)::text FROM \(qualified)"))
        }
        return subjects
    }
}
