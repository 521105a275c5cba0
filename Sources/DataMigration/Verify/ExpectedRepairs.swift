/// The tree repairs the D6 rules give for the source, recomputed by the verifier on its own source session
/// (temporary tables, gone when it disconnects), never read from what the run recorded in the target.
enum ExpectedRepairs {
    static let columns = "plan_id, kind, created, old_parent_id, new_parent_id, old_node_type, new_node_type"

    /// Fills `ComparisonSides.expectedRepairs` with `TreeRepairer` over the source's own tables.
    static func compute(_ source: PGLink) async throws {
        try await source.execute(
            """
            CREATE TEMP TABLE IF NOT EXISTS expected_tree_repairs (node_id uuid PRIMARY KEY, plan_id uuid NOT NULL,
              kind text NOT NULL, created boolean NOT NULL DEFAULT false, old_parent_id uuid, new_parent_id uuid,
              old_node_type text, new_node_type text)
            """)
        try await source.execute("TRUNCATE \(ComparisonSides.expectedRepairs)")
        try await TreeRepairer(
            link: source, nodes: "public.plan_nodes", plans: "public.plans", repairs: ComparisonSides.expectedRepairs
        ).findRepairs()
    }

    /// The target's record of the repairs against the recomputed ones, node by node.
    static func compare(source: PGLink, target: PGLink) async throws -> CheckResult {
        let result = try await SegmentComparison(
            source: .init(link: source, rowsSQL: rowsSQL(ComparisonSides.expectedRepairs)),
            target: .init(link: target, rowsSQL: rowsSQL(TargetLoader.repairs))
        ).run()
        let differences =
            result.missing.map { "tree_repairs node_id=\($0): the rules repair it, the run did not record it" }
            + result.extra.map { "tree_repairs node_id=\($0): recorded, but the rules give no repair" }
            + result.changed.map { "tree_repairs node_id=\($0): recorded differently from what the rules give" }
        return CheckResult(
            section: "tree", name: "tree repairs as the rules give them (recomputed from the source)",
            status: result.differing == 0 ? .pass : .fail,
            summary: "\(result.sourceRows) repair(s) expected, \(result.targetRows) recorded, \(result.differing) differ",
            counts: ["expected": result.sourceRows, "recorded": result.targetRows, "differing": result.differing],
            firstDifferences: differences)
    }

    private static func rowsSQL(_ table: String) -> String {
        "SELECT node_id::text AS k, md5(ROW(node_id, \(columns))::text) AS h FROM \(table)"
    }
}
