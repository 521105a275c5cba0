/// What a comparison looks at: all of a row, or one aspect named so a failure says what broke.
enum ComparisonFocus: String, CaseIterable, Sendable {
    case content = "row content"
    case timestamps = "timestamps to the microsecond"
    case jsonb = "jsonb values"
    case passwords = "bcrypt hashes byte for byte"
    case parentLinks = "parent links"

    /// The columns of `projection` this focus hashes, or nil when it does not apply to the table.
    func columns(of projection: Projection) -> [Projection.Column]? {
        let picked: [Projection.Column]
        switch self {
        case .content: picked = projection.columns.filter { $0.kind != .secret }
        case .timestamps: picked = projection.columns.filter { $0.kind == .timestamp }
        case .jsonb: picked = projection.columns.filter { $0.kind == .jsonb }
        case .passwords: picked = projection.columns.filter { $0.name == "password_hash" }
        case .parentLinks: picked = projection.columns.filter { ["plan_id", "parent_id"].contains($0.name) && projection.target == "plan_nodes" }
        }
        return picked.isEmpty || (self == .parentLinks && picked.count < 2) ? nil : picked
    }

    /// The canonical form of one value: formatting and jsonb key order do not matter; everything else does,
    /// array element order included (SCHEMA.md §6 item 28: arrays equal as arrays).
    func canonical(_ expression: String, _ kind: Projection.Column.Kind) -> String {
        switch (self, kind) {
        case (.timestamps, _): return "(extract(epoch FROM \(expression)) * 1000000)::bigint"
        case (.passwords, _): return "encode(convert_to(\(expression), 'UTF8'), 'hex')"
        case (_, .jsonb): return "(\(expression))::jsonb"
        default: return "(\(expression))"
        }
    }
}

/// The two sides of one table's comparison: the mapping over the source (the rows v2 should hold), and the
/// target table as it is. Each side is first a SELECT of the key `k` and one canonical value per compared
/// column (named as the column), then that SELECT reduced to `k` and a row hash `h`.
enum ComparisonSides {
    /// Where the verifier recomputed the tree repairs from the source (`TreeRepairer` on the source session).
    static let expectedRepairs = "pg_temp.expected_tree_repairs"

    static func sourceValues(_ projection: Projection, _ focus: ComparisonFocus, relations: SourceRelations) -> String? {
        guard let columns = focus.columns(of: projection) else { return nil }
        // Plan nodes are expected as v1 had them with the repairs the rules give, recomputed from the source,
        // plus the roots the rules create: never as the target's own bookkeeping says.
        // Users are expected with v2's avatar URL where the run copied the file in (recomputed from the source).
        let source =
            switch projection.target {
            case "plan_nodes": expectedPlanNodes(relations)
            case "users": AvatarCheck.expectedUsers()
            default: projection
            }
        let key = source.columns.first { $0.name == projection.key }!.expression
        let byName = Dictionary(uniqueKeysWithValues: source.columns.map { ($0.name, $0) })
        // Each value as the target column's type, as the run's COPY made it, so both sides hash the same types.
        let types = relations.targetTypes[projection.target] ?? [:]
        let values = columns.map { column in
            let expression = byName[column.name]!.expression
            let typed = types[column.name].map { "(\(expression))::\($0)" } ?? expression
            return focus.canonical(typed, column.kind) + " AS \"\(column.name)\""
        }
        return "SELECT (\(key))::text AS k, \(values.joined(separator: ", ")) FROM "
            + Projection.resolve(source.from, relations.resolve)
    }

    static func targetValues(_ projection: Projection, _ focus: ComparisonFocus) -> String? {
        guard let columns = focus.columns(of: projection) else { return nil }
        let values = columns.map { focus.canonical("t.\"\($0.name)\"", $0.kind) + " AS \"\($0.name)\"" }
        return "SELECT t.\"\(projection.key)\"::text AS k, \(values.joined(separator: ", ")) FROM public.\(projection.target) t"
    }

    /// `values` (a SELECT of `k` and `columns`) reduced to the key and the row hash: 128 bits as 32 hex digits,
    /// two seeds of the server's own typed hash of the row (`hash_record_extended`: no text rendering of the
    /// values, which costs several times the hashing; both sides hold the target's types).
    static func hashed(_ values: String, columns: [String]) -> String {
        let row = columns.map { "v.\"\($0)\"" }.joined(separator: ", ")
        // The key is hashed with the values: segment hashes are order-free sums, and values swapped between two
        // keys must still change them (a focus such as timestamps does not hold the key column itself).
        return """
            SELECT r.k, lpad(to_hex(hash_record_extended(r.r, 0)), 16, '0') || lpad(to_hex(hash_record_extended(r.r, 1)), 16, '0') AS h
              FROM (SELECT v.k, ROW(v.k, \(row)) AS r FROM (\(values)) v) r
            """
    }

    /// v2's plan nodes as the D6 rules make them from the source: `TargetLoader`'s overlay, over the source.
    static func expectedPlanNodes(_ relations: SourceRelations) -> Projection {
        Projection(
            target: "plan_nodes", key: "id",
            columns: MappingRules.planNodes.columns.map { .same($0.name, $0.kind) },
            from: "(\(TargetLoader.planNodesSelect(repairs: relations.expectedRepairs, relation: relations.resolve))) t")
    }
}

/// v1 relations on the source as the mapping names them; production-only columns or tables the source lacks
/// read as NULL or as no rows, exactly as the run staged them.
struct SourceRelations: Sendable {
    let shape: SourceShape
    /// The expected tree repairs as a relation: the session's temporary table, or (`inlining`) the same rows
    /// written into the statement, which lets the server scan plan nodes in parallel (a statement that reads a
    /// temporary table runs in one process).
    var expectedRepairs = ComparisonSides.expectedRepairs
    /// v2 table → column → its type on the target (`format_type`), read by `typed(_:)`.
    var targetTypes: [String: [String: String]] = [:]

    init(shape: SourceShape) { self.shape = shape }

    /// These relations with the expected repairs read from `source`'s temporary table into the statement text.
    func inlining(_ source: PGLink) async throws -> SourceRelations {
        let columns = ["node_id", "plan_id", "kind", "created", "old_parent_id", "new_parent_id", "old_node_type", "new_node_type"]
        let types = ["uuid", "uuid", "text", "boolean", "uuid", "uuid", "text", "text"]
        let rows = try await source.rows(
            "SELECT " + columns.map { "\($0)::text" }.joined(separator: ", ") + " FROM \(ComparisonSides.expectedRepairs) ORDER BY node_id")
        let arrays = columns.indices.map { index in
            let elements = rows.map { row in
                row[index].map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
                    ?? "NULL"
            }
            let literal = "{" + elements.joined(separator: ",") + "}"
            return "'" + literal.replacingOccurrences(of: "'", with: "''") + "'::\(types[index])[]"
        }
        var copy = self
        copy.expectedRepairs = "(SELECT * FROM unnest(\(arrays.joined(separator: ", "))) AS x(\(columns.joined(separator: ", "))))"
        return copy
    }

    /// These relations with the target's column types of the v2 tables.
    func typed(_ target: PGLink) async throws -> SourceRelations {
        var copy = self
        for row in try await target.rows(
            """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
            """)
        {
            copy.targetTypes[row[0] ?? "", default: [:]][row[1] ?? ""] = row[2]
        }
        return copy
    }

    func resolve(_ name: String) -> String {
        let qualified = name.hasPrefix("public.") ? String(name.dropFirst(7)) : name
        let parts = name.split(separator: ".").map(String.init)
        guard let table = V1Catalog.table(parts[0], parts[1]) else { return name }
        guard let have = shape.columns[qualified] else {
            let nulls = table.columns.map { "NULL::\(Self.type(of: $0)) AS \"\($0)\"" }.joined(separator: ", ")
            return "(SELECT \(nulls) WHERE false)"
        }
        let names = Set(have.map(\.name))
        if table.columns.allSatisfy(names.contains) { return name }
        let list = table.columns.map { names.contains($0) ? "\"\($0)\"" : "NULL::\(Self.type(of: $0)) AS \"\($0)\"" }
        return "(SELECT \(list.joined(separator: ", ")) FROM \(name))"
    }

    static func type(of column: String) -> String {
        let known: [String: String] = [
            "id": "uuid", "user_id": "uuid", "payload": "jsonb", "status_code": "integer", "created_at": "timestamptz",
            "delivered_at": "timestamptz",
        ]
        return SourceInspector.optionalColumnTypes[column] ?? known[column] ?? "text"
    }
}
