/// A table of the v2 schema, described once and rendered for each dialect by `SchemaRenderer`.
public struct TableSpec: Sendable {
    public var name: String
    public var columns: [ColumnSpec]
    public var constraints: [ConstraintSpec]
    public var indexes: [IndexSpec]

    public init(_ name: String, columns: [ColumnSpec], constraints: [ConstraintSpec] = [], indexes: [IndexSpec] = []) {
        self.name = name
        self.columns = columns
        self.constraints = constraints
        self.indexes = indexes
    }
}

public struct ColumnSpec: Sendable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool
    public var defaultValue: ColumnDefault?

    /// A nullable column.
    public static func column(_ name: String, _ type: ColumnType, default value: ColumnDefault? = nil) -> ColumnSpec {
        ColumnSpec(name: name, type: type, nullable: true, defaultValue: value)
    }

    /// A NOT NULL column.
    public static func required(_ name: String, _ type: ColumnType, default value: ColumnDefault? = nil) -> ColumnSpec {
        ColumnSpec(name: name, type: type, nullable: false, defaultValue: value)
    }

    /// `id uuid NOT NULL DEFAULT <random uuid>`, the primary key of most tables.
    public static let id = ColumnSpec.required("id", .uuid, default: .generatedUUID)
}

public enum ReferentialAction: String, Sendable {
    case cascade = "CASCADE"
    case setNull = "SET NULL"
    case noAction = "NO ACTION"
}

public enum ConstraintSpec: Sendable {
    case primaryKey(String, columns: [String])
    case unique(String, columns: [String])
    /// A CHECK with an expression that both dialects understand.
    case check(String, expression: String)
    case foreignKey(String, columns: [String], references: String, referencedColumns: [String], onDelete: ReferentialAction)

    /// `CHECK (column IN (...))`: the v1 enum and CHECK domains.
    public static func oneOf(_ name: String, column: String, _ values: [String]) -> ConstraintSpec {
        let list = values.map { SQLTypeMapping.literal($0) }.joined(separator: ", ")
        return .check(name, expression: "\(column) IN (\(list))")
    }

    /// A single-column foreign key.
    public static func references(
        _ name: String, column: String, table: String, onDelete: ReferentialAction
    ) -> ConstraintSpec {
        .foreignKey(name, columns: [column], references: table, referencedColumns: ["id"], onDelete: onDelete)
    }
}

public struct IndexSpec: Sendable {
    public var name: String
    /// Column names or expressions, rendered as written.
    public var keys: [String]
    public var unique: Bool
    public var predicate: String?
    /// `gin`, for Postgres-only indexes.
    public var method: String?
    /// `nil` for both dialects; otherwise the one dialect that has this index.
    public var only: DatabaseDialect?

    public init(
        _ name: String, on keys: [String], unique: Bool = false, where predicate: String? = nil,
        method: String? = nil, only: DatabaseDialect? = nil
    ) {
        self.name = name
        self.keys = keys
        self.unique = unique
        self.predicate = predicate
        self.method = method
        self.only = only
    }

    /// A GIN index, which only PostgreSQL has (full-text and array containment).
    public static func gin(_ name: String, on key: String) -> IndexSpec {
        IndexSpec(name, on: [key], method: "gin", only: .postgres)
    }
}
