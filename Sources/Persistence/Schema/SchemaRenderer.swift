/// Renders `TableSpec`s as DDL for one dialect.
public struct SchemaRenderer: Sendable {
    public let types: SQLTypeMapping

    public init(_ dialect: DatabaseDialect) {
        self.types = SQLTypeMapping(dialect)
    }

    /// `CREATE TABLE` followed by the table's `CREATE INDEX` statements.
    public func statements(for table: TableSpec) -> [String] {
        [createTable(table)] + table.indexes.compactMap { createIndex($0, table: table.name) }
    }

    public func createTable(_ table: TableSpec) -> String {
        var lines = table.columns.map(columnDefinition)
        lines += table.constraints.map(constraintDefinition)
        return "CREATE TABLE \(table.name) (\n    " + lines.joined(separator: ",\n    ") + "\n)"
    }

    public func createIndex(_ index: IndexSpec, table: String) -> String? {
        if let only = index.only, only != types.dialect { return nil }
        var sql = index.unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX "
        sql += "\(index.name) ON \(table)"
        if let method = index.method { sql += " USING \(method)" }
        sql += " (" + index.keys.joined(separator: ", ") + ")"
        if let predicate = index.predicate { sql += " WHERE \(predicate)" }
        return sql
    }

    private func columnDefinition(_ column: ColumnSpec) -> String {
        var sql = "\(column.name) \(types.ddlType(column.type, column: column.name))"
        if !column.nullable { sql += " NOT NULL" }
        if let value = column.defaultValue { sql += " DEFAULT \(types.ddlDefault(value))" }
        return sql
    }

    private func constraintDefinition(_ constraint: ConstraintSpec) -> String {
        switch constraint {
        case .primaryKey(let name, let columns):
            "CONSTRAINT \(name) PRIMARY KEY (\(columns.joined(separator: ", ")))"
        case .unique(let name, let columns):
            "CONSTRAINT \(name) UNIQUE (\(columns.joined(separator: ", ")))"
        case .check(let name, let expression):
            "CONSTRAINT \(name) CHECK (\(expression))"
        case .foreignKey(let name, let columns, let table, let referenced, let action):
            "CONSTRAINT \(name) FOREIGN KEY (\(columns.joined(separator: ", "))) "
                + "REFERENCES \(table) (\(referenced.joined(separator: ", "))) ON DELETE \(action.rawValue)"
        }
    }
}
