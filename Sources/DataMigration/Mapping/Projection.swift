/// One v2 table as a SELECT over the v1 tables: the D6 mapping rules in one place.
///
/// The run evaluates it over the staged copy of the source to fill the target; the verifier evaluates it over
/// the source itself and compares the result with what the target holds.
public struct Projection: Sendable {
    public struct Column: Sendable {
        public let name: String
        /// SQL over the v1 relations (aliases as in `from`).
        public let expression: String
        public let kind: Kind

        /// `array` columns are compared as arrays: elements and their order (SCHEMA.md §6 item 28).
        public enum Kind: Sendable { case plain, timestamp, jsonb, array, secret }
    }

    /// The v2 table.
    public let target: String
    public let key: String
    public let columns: [Column]
    /// FROM/JOIN/WHERE over v1 relations written `{auth.users}`, `{public.plans}`.
    public let from: String

    /// The SELECT producing target rows, with relations resolved by `relation`.
    public func select(_ relation: (String) -> String) -> String {
        "SELECT " + columns.map { "\($0.expression) AS \"\($0.name)\"" }.joined(separator: ", ") + " FROM "
            + Projection.resolve(from, relation)
    }

    static func resolve(_ text: String, _ relation: (String) -> String) -> String {
        var out = ""
        var rest = Substring(text)
        // Only `{schema.table}` is a relation; `'{}'` and other braces in SQL literals stay as they are.
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let name = rest[rest.index(after: open)..<close]
            let isRelation = name.contains(".") && name.allSatisfy { $0.isLetter || $0 == "_" || $0 == "." }
            out += rest[..<open]
            out += isRelation ? relation(String(name)) : String(rest[open...close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}

extension Projection.Column {
    /// A column copied under the same name from alias `t`.
    static func same(_ name: String, _ kind: Kind = .plain) -> Self {
        .init(name: name, expression: "t.\"\(name)\"", kind: kind)
    }

    static func mapped(_ name: String, _ expression: String, _ kind: Kind = .plain) -> Self {
        .init(name: name, expression: expression, kind: kind)
    }
}
