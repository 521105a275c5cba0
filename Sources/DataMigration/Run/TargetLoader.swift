/// Fills the v2 tables from the staging copy, one table per transaction together with its step record, so an
/// interruption leaves each table either complete or untouched.
struct TargetLoader {
    let target: PGLink
    let state: TargetState
    let checkpoint: @Sendable (String) async throws -> Void

    static let repairs = "\(TargetState.schema).tree_repairs"

    static func stageRelation(_ name: String) -> String {
        StageCopier.stageName(name.hasPrefix("public.") ? String(name.dropFirst(7)) : name)
    }

    /// The INSERT … SELECT for one v2 table.
    static func insertStatement(_ projection: Projection) -> String {
        let columns = projection.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        return "INSERT INTO public.\(projection.target) (\(columns)) \(projection.select(stageRelation))"
    }

    /// The recorded repairs applied to the plan nodes loaded as v1 had them, and the roots they create: the
    /// same rows `planNodesSelect` gives over v1's nodes.
    static let applyRepairsStatements = [
        """
        UPDATE public.plan_nodes n SET parent_id = r.new_parent_id, node_type = r.new_node_type
          FROM \(repairs) r WHERE r.node_id = n.id AND NOT r.created
        """,
        "INSERT INTO public.plan_nodes (" + MappingRules.planNodes.columns.map { "\"\($0.name)\"" }.joined(separator: ", ") + ") "
            + createdRootsSelect(plans: "public.plans"),
    ]

    /// v1's nodes with the recorded repairs laid over them, plus the roots the repairs create (the verifier's
    /// expectation over the source, with the repairs it recomputed).
    static func planNodesSelect(repairs: String = TargetLoader.repairs, relation: (String) -> String = stageRelation) -> String {
        let repaired = Projection(
            target: "plan_nodes", key: "id",
            columns: MappingRules.planNodes.columns.map { column in
                switch column.name {
                case "parent_id": .mapped("parent_id", "CASE WHEN r.node_id IS NULL THEN t.parent_id ELSE r.new_parent_id END")
                case "node_type": .mapped("node_type", "coalesce(r.new_node_type, t.node_type)")
                default: column
                }
            },
            from: "{public.plan_nodes} t LEFT JOIN \(repairs) r ON r.node_id = t.id")
        return repaired.select(relation) + " UNION ALL " + createdRootsSelect(plans: relation("public.plans"), repairs: repairs)
    }

    static func createdRootsSelect(plans: String, repairs: String = TargetLoader.repairs) -> String {
        """
        SELECT r.node_id, r.plan_id, NULL::uuid, 'root', p.title, NULL::text, 'not_started', 0, NULL::timestamptz,
               p.created_at, p.created_at, NULL::text, NULL::text, '{}'::jsonb, NULL::text, NULL::timestamptz,
               NULL::uuid, NULL::text, NULL::uuid, NULL::timestamptz, NULL::uuid
          FROM \(repairs) r JOIN \(plans) p ON p.id = r.plan_id WHERE r.created
        """
    }

    /// Loads every table not loaded yet, several at once (the foreign keys are deferred, so order does not
    /// matter), each in one transaction with its step record; returns rows per table loaded now.
    func load(
        _ pool: StatementPool, sizes: [String: Int], progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> [String: Int] {
        var groups: [StatementPool.Group] = []
        for projection in MappingRules.tables where !MappingRules.loadsDirectly(projection) {
            let step = "load:\(projection.target)"
            if try await state.isDone(step) { continue }
            groups.append(
                .init(
                    label: step,
                    statements: [
                        "BEGIN", Self.insertStatement(projection),
                        TargetState.markDoneStatement(step, rowsOf: "public.\(projection.target)"), "COMMIT",
                    ]))
        }
        groups.sort { (sizes[String($0.label.dropFirst(5))] ?? 0) > (sizes[String($1.label.dropFirst(5))] ?? 0) }
        try await pool.run(groups, before: checkpoint) { step in progress("loaded \(step.dropFirst(5))") }
        var loaded: [String: Int] = [:]
        for group in groups {
            loaded[String(group.label.dropFirst(5))] = try await state.rows(group.label) ?? 0
        }
        return loaded
    }
}
