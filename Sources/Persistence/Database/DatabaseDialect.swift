/// The two SQL engines the data access layer runs on.
public enum DatabaseDialect: String, Sendable, CaseIterable, CustomStringConvertible {
    case postgres
    case sqlite

    public var description: String {
        switch self {
        case .postgres: "PostgreSQL"
        case .sqlite: "SQLite"
        }
    }
}
