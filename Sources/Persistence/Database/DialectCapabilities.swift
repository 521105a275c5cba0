import SQLKit

/// **The one place where the two dialects differ in behaviour**, named as capabilities (as sql-kit's
/// `SQLDialect` names what a database supports). Repositories ask for a capability, never for the dialect.
///
/// | capability | PostgreSQL | SQLite |
/// |---|---|---|
/// | `skipsLockedRows` | `FOR UPDATE SKIP LOCKED`: workers claim disjoint rows | no row locks: the one writer already serialises |
/// | `notifies` | `pg_notify` on commit wakes LISTENers in every process | none: engines poll |
/// | `updatesFromValues` | `UPDATE … FROM (VALUES …)` writes many rows in one statement | one statement per row |
/// | `cascadesSubtreesQuickly` | `ON DELETE CASCADE` through an indexed parent key | deletes a subtree bottom-up (the cascade scans) |
/// | `fullTextSearch` | `@@ plainto_tsquery('english', …)` over the GIN expressions | substring matching only |
extension SQLTypeMapping {
    public var skipsLockedRows: Bool { dialect == .postgres }
    public var notifies: Bool { dialect == .postgres }
    public var updatesFromValues: Bool { dialect == .postgres }
    public var cascadesSubtreesQuickly: Bool { dialect == .postgres }
    public var fullTextSearch: Bool { dialect == .postgres }

    /// `SELECT pg_notify(channel, payload)`, or nil where the dialect has no notifications.
    public func notification(channel: String, payload: String) -> SQLQueryString? {
        notifies ? "SELECT pg_notify(\(bind: channel), \(bind: payload))" : nil
    }

    /// Rows whose text-array `column` holds at least one element.
    public func nonEmptyArray(_ column: String) -> any SQLExpression {
        switch dialect {
        case .postgres: SQLRaw("cardinality(\(column)) > 0")
        case .sqlite: SQLRaw("json_array_length(\(column)) > 0")
        }
    }

    /// Rows whose text-array `column` (of `table`) shares at least one element with `values`.
    public func arrayOverlaps(_ column: String, of table: String, _ values: [String]) -> any SQLExpression {
        switch dialect {
        case .postgres:
            SQLBinaryExpression(left: SQLColumn(column), op: SQLRaw("&&"), right: bind(textArray: values))
        case .sqlite:
            SQLQueryString(
                "EXISTS (SELECT 1 FROM json_each(\(unsafeRaw: table).\(unsafeRaw: column)) WHERE json_each.value IN (\(binds: values)))")
        }
    }
}
