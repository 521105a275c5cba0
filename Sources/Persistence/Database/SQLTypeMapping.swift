import AgentPlannerCore
import Foundation
import SQLKit

/// Column types of the v2 schema, named once for both dialects.
public enum ColumnType: Sendable, Equatable {
    case uuid
    case text
    case varchar(Int)
    case integer
    case boolean
    case timestamptz
    case jsonb
    case textArray
}

/// Column defaults of the v2 schema.
public enum ColumnDefault: Sendable, Equatable {
    case generatedUUID
    case now
    case integer(Int)
    case boolean(Bool)
    case text(String)
    /// A JSON literal such as `{}` or `[]`.
    case json(String)
    case textArray([String])
}

/// **The one place where the two dialects differ in types.**
///
/// | v2 type       | PostgreSQL     | SQLite                                                    |
/// |---------------|----------------|-----------------------------------------------------------|
/// | uuid          | `uuid`         | `TEXT`, lowercase canonical form                           |
/// | jsonb         | `jsonb`        | `TEXT` holding JSON, `CHECK (json_valid(col))`             |
/// | text[]        | `text[]`       | `TEXT` holding a JSON array of strings                     |
/// | timestamptz   | `timestamptz`  | `TEXT`, `TimestampFormat.storage` (UTC, microseconds, `Z`) |
/// | boolean       | `boolean`      | `INTEGER` 0/1                                              |
///
/// DDL rendering, value binding and row decoding all go through this type, so a repository never
/// checks the dialect itself.
public struct SQLTypeMapping: Sendable {
    public let dialect: DatabaseDialect

    public init(_ dialect: DatabaseDialect) {
        self.dialect = dialect
    }

    // MARK: DDL

    /// The column type, with SQLite's value checks where the type needs one.
    public func ddlType(_ type: ColumnType, column: String) -> String {
        switch (dialect, type) {
        case (.postgres, .uuid): "uuid"
        case (.postgres, .text): "text"
        case (.postgres, .varchar(let length)): "varchar(\(length))"
        case (.postgres, .integer): "integer"
        case (.postgres, .boolean): "boolean"
        case (.postgres, .timestamptz): "timestamptz"
        case (.postgres, .jsonb): "jsonb"
        case (.postgres, .textArray): "text[]"
        case (.sqlite, .uuid): "TEXT"
        case (.sqlite, .text): "TEXT"
        case (.sqlite, .varchar(let length)): "TEXT CHECK (length(\(column)) <= \(length))"
        case (.sqlite, .integer): "INTEGER"
        case (.sqlite, .boolean): "INTEGER CHECK (\(column) IN (0, 1))"
        case (.sqlite, .timestamptz): "TEXT"
        case (.sqlite, .jsonb): "TEXT CHECK (json_valid(\(column)))"
        case (.sqlite, .textArray): "TEXT CHECK (json_type(\(column)) = 'array')"
        }
    }

    public func ddlDefault(_ value: ColumnDefault) -> String {
        switch (dialect, value) {
        case (.postgres, .generatedUUID): "gen_random_uuid()"
        case (.sqlite, .generatedUUID): Self.sqliteRandomUUID
        case (.postgres, .now): "now()"
        case (.sqlite, .now): "(strftime('%Y-%m-%dT%H:%M:%f000Z', 'now'))"
        case (_, .integer(let number)): String(number)
        case (.postgres, .boolean(let flag)): flag ? "true" : "false"
        case (.sqlite, .boolean(let flag)): flag ? "1" : "0"
        case (_, .text(let text)): Self.literal(text)
        case (.postgres, .json(let json)): "\(Self.literal(json))::jsonb"
        case (.sqlite, .json(let json)): Self.literal(json)
        case (.postgres, .textArray(let items)):
            "\(Self.literal("{" + items.joined(separator: ",") + "}"))::text[]"
        case (.sqlite, .textArray(let items)):
            Self.literal(JSONValue.array(items.map(JSONValue.string)).jsonText)
        }
    }

    /// A random version-4 UUID in lowercase text, built from SQLite's `randomblob`.
    static let sqliteRandomUUID = """
        (lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || \
        substr(lower(hex(randomblob(2))), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || \
        substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))
        """

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }

    // MARK: Binding values

    public func bind(_ value: UUID) -> any SQLExpression {
        switch dialect {
        case .postgres: SQLBind(value)
        case .sqlite: SQLBind(value.uuidString.lowercased())
        }
    }

    public func bind(_ value: UUID?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return bind(value)
    }

    public func bind(_ value: Date) -> any SQLExpression {
        switch dialect {
        case .postgres: SQLBind(value)
        case .sqlite: SQLBind(TimestampFormat.storage(value))
        }
    }

    public func bind(_ value: Date?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return bind(value)
    }

    public func bind(json value: JSONValue) -> any SQLExpression {
        switch dialect {
        case .postgres: SQLQueryString("\(bind: value.jsonText)::jsonb")
        case .sqlite: SQLBind(value.jsonText)
        }
    }

    public func bind(json value: JSONValue?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return bind(json: value)
    }

    public func bind(textArray value: [String]) -> any SQLExpression {
        switch dialect {
        case .postgres: SQLBind(value)
        case .sqlite: SQLBind(JSONValue.array(value.map(JSONValue.string)).jsonText)
        }
    }

    public func bind(textArray value: [String]?) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return bind(textArray: value)
    }

    public func bind(_ value: Bool) -> any SQLExpression {
        SQLBind(value)
    }

    /// The current time as the database sees it (`now()` / the storage form of SQLite's clock).
    public var now: any SQLExpression {
        switch dialect {
        case .postgres: SQLRaw("now()")
        case .sqlite: SQLRaw("strftime('%Y-%m-%dT%H:%M:%f000Z', 'now')")
        }
    }

    // MARK: Decoding rows

    public func uuid(_ row: any SQLRow, _ column: String) throws -> UUID {
        guard let value = try optionalUUID(row, column) else { throw nullValue(column) }
        return value
    }

    public func optionalUUID(_ row: any SQLRow, _ column: String) throws -> UUID? {
        switch dialect {
        case .postgres:
            return try row.decode(column: column, as: UUID?.self)
        case .sqlite:
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let value = UUIDText.parse(text) else { throw malformed(column, "uuid", text) }
            return value
        }
    }

    public func date(_ row: any SQLRow, _ column: String) throws -> Date {
        guard let value = try optionalDate(row, column) else { throw nullValue(column) }
        return value
    }

    public func optionalDate(_ row: any SQLRow, _ column: String) throws -> Date? {
        switch dialect {
        case .postgres:
            return try row.decode(column: column, as: Date?.self)
        case .sqlite:
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard let value = TimestampFormat.parse(text) else { throw malformed(column, "timestamp", text) }
            return value
        }
    }

    public func json(_ row: any SQLRow, _ column: String) throws -> JSONValue {
        try optionalJSON(row, column) ?? .null
    }

    public func optionalJSON(_ row: any SQLRow, _ column: String) throws -> JSONValue? {
        guard let text = try row.decode(column: column, as: String?.self) else { return nil }
        do {
            return try JSONValue(jsonText: text)
        } catch {
            throw malformed(column, "json", String(text.prefix(40)))
        }
    }

    public func textArray(_ row: any SQLRow, _ column: String) throws -> [String] {
        try optionalTextArray(row, column) ?? []
    }

    public func optionalTextArray(_ row: any SQLRow, _ column: String) throws -> [String]? {
        switch dialect {
        case .postgres:
            return try row.decode(column: column, as: [String]?.self)
        case .sqlite:
            guard let text = try row.decode(column: column, as: String?.self) else { return nil }
            guard case .array(let items) = try? JSONValue(jsonText: text) else {
                throw malformed(column, "text array", String(text.prefix(40)))
            }
            return try items.map { item in
                guard case .string(let value) = item else { throw malformed(column, "text array", text) }
                return value
            }
        }
    }

    private func nullValue(_ column: String) -> any Error {
        DataAccessError.unexpectedNull(column: column)
    }

    private func malformed(_ column: String, _ type: String, _ text: String) -> any Error {
        DataAccessError.malformedValue(column: column, expected: type, found: text)
    }
}

/// A row that does not hold what the schema promises.
public enum DataAccessError: Error, CustomStringConvertible {
    case unexpectedNull(column: String)
    case malformedValue(column: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .unexpectedNull(let column): "column \(column) is null"
        case .malformedValue(let column, let expected, let found): "column \(column) is not a \(expected): \(found)"
        }
    }
}
