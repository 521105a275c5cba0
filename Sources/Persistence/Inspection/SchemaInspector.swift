import SQLKit

/// Reads a live database's schema back from its catalogs, in a stable order, for the schema golden and
/// for comparing the two dialects.
public struct SchemaInspector: Sendable {
    public let store: any DatabaseStore

    public init(store: any DatabaseStore) {
        self.store = store
    }

    /// Table name → column names in declaration order.
    public func columns() async throws -> [String: [String]] {
        switch store.dialect {
        case .postgres:
            let rows = try await store.withSession { session in
                try await session.sql.raw(
                    """
                    SELECT c.relname AS table_name, a.attname AS column_name
                    FROM pg_attribute a
                    JOIN pg_class c ON c.oid = a.attrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY c.relname, a.attnum
                    """
                ).all()
            }
            return try rows.reduce(into: [:]) { result, row in
                let table = try row.decode(column: "table_name", as: String.self)
                result[table, default: []].append(try row.decode(column: "column_name", as: String.self))
            }
        case .sqlite:
            let rows = try await store.withSession { session in
                try await session.sql.raw(
                    """
                    SELECT m.name AS table_name, p.name AS column_name
                    FROM sqlite_master m JOIN pragma_table_info(m.name) p
                    WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
                    ORDER BY m.name, p.cid
                    """
                ).all()
            }
            return try rows.reduce(into: [:]) { result, row in
                let table = try row.decode(column: "table_name", as: String.self)
                result[table, default: []].append(try row.decode(column: "column_name", as: String.self))
            }
        }
    }

    /// A normalised text dump of a PostgreSQL schema: tables, columns (type, nullability, default),
    /// constraints and indexes, sorted by name. This is what `golden/schema/postgres.txt` holds.
    public func postgresDump() async throws -> String {
        precondition(store.dialect == .postgres, "postgresDump needs a PostgreSQL store")
        return try await store.withSession { session in
            let columns = try await session.sql.raw(
                """
                SELECT c.relname AS table_name, a.attname AS column_name,
                       format_type(a.atttypid, a.atttypmod) AS column_type, a.attnotnull AS not_null,
                       pg_get_expr(d.adbin, d.adrelid) AS column_default
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
                ORDER BY c.relname, a.attnum
                """
            ).all()
            let constraints = try await session.sql.raw(
                """
                SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
                FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public'
                ORDER BY c.relname, k.conname
                """
            ).all()
            let indexes = try await session.sql.raw(
                """
                SELECT tablename AS table_name, indexname AS name, indexdef AS definition
                FROM pg_indexes WHERE schemaname = 'public'
                ORDER BY tablename, indexname
                """
            ).all()

            var lines: [String: [String]] = [:]
            for row in columns {
                let table = try row.decode(column: "table_name", as: String.self)
                var line = "  column \(try row.decode(column: "column_name", as: String.self))"
                line += " \(try row.decode(column: "column_type", as: String.self))"
                if try row.decode(column: "not_null", as: Bool.self) { line += " NOT NULL" }
                if let value = try row.decode(column: "column_default", as: String?.self) { line += " DEFAULT \(value)" }
                lines[table, default: []].append(line)
            }
            for row in constraints {
                let table = try row.decode(column: "table_name", as: String.self)
                let name = try row.decode(column: "name", as: String.self)
                lines[table, default: []].append(
                    "  constraint \(name) \(try row.decode(column: "definition", as: String.self))")
            }
            for row in indexes {
                let table = try row.decode(column: "table_name", as: String.self)
                let name = try row.decode(column: "name", as: String.self)
                lines[table, default: []].append(
                    "  index \(name) \(try row.decode(column: "definition", as: String.self))")
            }
            return lines.keys.sorted().map { table in
                (["table \(table)"] + lines[table, default: []]).joined(separator: "\n")
            }.joined(separator: "\n\n") + "\n"
        }
    }
}
