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
    /// The source relation, read as alias `t`.
    let relation: String
    /// One row as jsonb, over alias `t`: what a line of the file holds.
    let row: String
    /// The JSON field holding the row's key; nil for tables without a known key, whose rows are then keyed by
    /// their own hash.
    let keyField: String?
    let orderBy: String

    var rowsSQL: String { "SELECT \(row)::text FROM \(relation) t ORDER BY \(orderBy)" }
    var countSQL: String { "SELECT count(*)::text FROM \(relation)" }
    /// The key of each row as the file's lines give it, and the MD5 of the line the row becomes.
    var hashSQL: String { "SELECT \(keySQL) AS k, md5(\(row)::text) AS h FROM \(relation) t" }
    /// The row as jsonb for one key (`$1`).
    var rowByKeySQL: String { "SELECT \(row) FROM \(relation) t WHERE \(keySQL) = $1" }
    private var keySQL: String { keyField.map { "(\(row)) ->> '\($0)'" } ?? "md5(\(row)::text)" }

    /// Everything v2 drops or reshapes: archived and converted tables whole (auth.users without the password
    /// hash, which v2 keeps), unknown tables, and the dropped columns of kept tables.
    static func all(_ shape: SourceShape) -> [ArchiveSubject] {
        var subjects: [ArchiveSubject] = []
        for table in shape.tables where table.fate.isArchived {
            let row = table.qualifiedName == "auth.users" ? "(to_jsonb(t) - 'encrypted_password')" : "to_jsonb(t)"
            subjects.append(
                ArchiveSubject(
                    name: "\(table.schema).\(table.name)", file: table.archiveFile, relation: table.qualifiedName, row: row,
                    keyField: table.primaryKey, orderBy: "t.\"\(table.primaryKey)\""))
        }
        for name in shape.unknownTables {
            subjects.append(
                ArchiveSubject(
                    name: "public.\(name)", file: "public.\(name).jsonl", relation: "public.\"\(name)\"", row: "to_jsonb(t)",
                    keyField: nil, orderBy: "1"))
        }
        for (table, dropped) in V1Catalog.droppedColumns.sorted(by: { $0.key < $1.key }) {
            let qualified = String(table.dropFirst("public.".count))
            let have = Set(shape.columns[qualified]?.map(\.name) ?? [])
            let columns = dropped.filter(have.contains)
            guard !columns.isEmpty else { continue }
            let pairs = (["id"] + columns).map { "'\($0)', t.\"\($0)\"" }.joined(separator: ", ")
            subjects.append(
                ArchiveSubject(
                    name: "\(table)#dropped-columns", file: "\(table).dropped-columns.jsonl", relation: qualified,
                    row: "jsonb_build_object(\(pairs))", keyField: "id", orderBy: "t.id"))
        }
        return subjects
    }
}
