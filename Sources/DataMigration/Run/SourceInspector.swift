/// What a source database holds, checked against `V1Catalog` before anything is copied.
public struct SourceShape: Sendable {
    /// Catalog tables present in the source, in catalog order.
    public let tables: [V1Table]
    /// Source columns (name, staging type) per qualified table name, in column order.
    public let columns: [String: [(name: String, type: String)]]
    /// Tables in `public` the catalog does not know: archived as they are.
    public let unknownTables: [String]
    /// Production-only catalog tables or columns this source does not have.
    public let absentOptional: [String]

    public func has(_ qualifiedName: String) -> Bool { tables.contains { $0.qualifiedName == qualifiedName } }
}

/// Reads the source's catalog and refuses what the mapping cannot carry without loss: a missing table or
/// column, or a column in a kept table that no rule maps (it would be dropped silently).
struct SourceInspector {
    let link: PGLink

    /// Types the staging copy gives production-only columns a source lacks (so the mapping reads NULL).
    static let optionalColumnTypes: [String: String] = [
        "webhook_url": "text", "webhook_events": "text[]", "webhook_enabled": "boolean", "knowledge_store_id": "uuid",
    ]

    func inspect() async throws -> SourceShape {
        let rows = try await link.rows(
            """
            SELECT cn.nspname::text, c.relname::text, a.attname::text,
                   CASE WHEN t.typtype IN ('e', 'd') OR (tn.nspname <> 'pg_catalog' AND t.typcategory <> 'A') THEN 'text'
                        ELSE format_type(a.atttypid, a.atttypmod) END
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
              JOIN pg_namespace cn ON cn.oid = c.relnamespace
              JOIN pg_type t ON t.oid = a.atttypid JOIN pg_namespace tn ON tn.oid = t.typnamespace
             WHERE cn.nspname IN ('public', 'auth', 'storage') AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY cn.nspname, c.relname, a.attnum
            """)
        var columns: [String: [(name: String, type: String)]] = [:]
        for row in rows {
            let schema = row[0] ?? ""
            let qualified = schema == "public" ? row[1]! : "\(schema).\(row[1]!)"
            columns[qualified, default: []].append((row[2]!, row[3]!))
        }
        var problems: [String] = []
        var present: [V1Table] = []
        var absent: [String] = []
        let required = V1Catalog.tables.filter { !$0.optional }.map(\.qualifiedName)
        let found = required.filter { columns[$0] != nil }
        if found.count < 3 {
            throw MigrationFailure(
                "the source is not a v1 AgentPlanner database: it lacks \(required.count - found.count) of the "
                    + "\(required.count) v1 tables (for example \(required.filter { columns[$0] == nil }.prefix(3).joined(separator: ", ")))")
        }
        for table in V1Catalog.tables {
            guard let have = columns[table.qualifiedName] else {
                if table.optional {
                    absent.append(table.qualifiedName)
                } else {
                    problems.append("table \(table.qualifiedName) is missing")
                }
                continue
            }
            present.append(table)
            let names = Set(have.map(\.name))
            for column in table.columns where !names.contains(column) {
                let key = "\(table.schema).\(table.name).\(column)"
                if V1Catalog.optionalColumns.contains(key) {
                    absent.append(key)
                } else {
                    problems.append("column \(table.qualifiedName).\(column) is missing")
                }
            }
            // Archived and converted tables are archived whole, so only kept tables must match column for column
            // (real Supabase `auth.users` has many more columns than the fixture).
            if table.fate == .kept {
                for column in have.map(\.name) where !table.columns.contains(column) {
                    problems.append(
                        "column \(table.qualifiedName).\(column) is not part of the v1 schema this tool maps "
                            + "(a newer variant?); it would be lost")
                }
            }
        }
        guard problems.isEmpty else {
            throw MigrationFailure(
                "the source is a v1 variant this migration does not know: " + problems.joined(separator: "; "))
        }
        let known = Set(V1Catalog.tables.map(\.qualifiedName))
        let unknown = columns.keys.filter { !known.contains($0) && !$0.contains(".") }.sorted()
        return SourceShape(tables: present, columns: columns, unknownTables: unknown, absentOptional: absent)
    }
}
