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

    /// The canonical form of one value: formatting, jsonb key order and the order of unordered arrays do not
    /// matter; everything else does.
    func canonical(_ expression: String, _ kind: Projection.Column.Kind) -> String {
        switch (self, kind) {
        case (.timestamps, _): return "(extract(epoch FROM \(expression)) * 1000000)::bigint"
        case (.passwords, _): return "encode(convert_to(\(expression), 'UTF8'), 'hex')"
        case (_, .unorderedArray):
            return "CASE WHEN \(expression) IS NULL THEN NULL ELSE coalesce((SELECT array_agg(e ORDER BY e) FROM unnest(\(expression)) e), '{}') END"
        case (_, .jsonb): return "(\(expression))::jsonb"
        default: return "(\(expression))"
        }
    }
}

/// The two sides of one table's comparison: the mapping over the source, and the target table as it is.
enum ComparisonSides {
    static func sourceSQL(_ projection: Projection, _ focus: ComparisonFocus, relations: SourceRelations) -> String? {
        guard let columns = focus.columns(of: projection) else { return nil }
        let key = projection.columns.first { $0.name == projection.key }!.expression
        let values = columns.map { focus.canonical($0.expression, $0.kind) }.joined(separator: ", ")
        return "SELECT (\(key))::text AS k, md5(ROW(\(values))::text) AS h FROM "
            + Projection.resolve(projection.from, relations.resolve)
    }

    /// Repaired plan nodes are compared as they were in v1 (the repair table records the old values); the
    /// roots the migration created have no v1 counterpart and are checked by the tree checks instead.
    static func targetSQL(_ projection: Projection, _ focus: ComparisonFocus) -> String? {
        guard let columns = focus.columns(of: projection) else { return nil }
        let isNodes = projection.target == "plan_nodes"
        let values = columns.map { column -> String in
            var expression = "t.\"\(column.name)\""
            if isNodes && column.name == "parent_id" {
                expression = "CASE WHEN r.node_id IS NULL THEN t.parent_id ELSE r.old_parent_id END"
            } else if isNodes && column.name == "node_type" {
                expression = "coalesce(r.old_node_type, t.node_type)"
            }
            return focus.canonical(expression, column.kind)
        }.joined(separator: ", ")
        let from = isNodes
            ? "public.plan_nodes t LEFT JOIN \(TargetLoader.repairs) r ON r.node_id = t.id WHERE r.created IS NOT TRUE"
            : "public.\(projection.target) t"
        return "SELECT t.\"\(projection.key)\"::text AS k, md5(ROW(\(values))::text) AS h FROM \(from)"
    }
}

/// v1 relations on the source as the mapping names them; production-only columns or tables the source lacks
/// read as NULL or as no rows, exactly as the run staged them.
struct SourceRelations: Sendable {
    let shape: SourceShape

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
