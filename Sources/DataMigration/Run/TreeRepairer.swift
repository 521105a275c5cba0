/// Finds what is wrong with v1's plan trees and records the D6 repairs, one row per node, in `repairs`:
/// a plan with no root gets one (`created_root`); extra roots become phases under the first (`extra_root`);
/// a root with a parent loses it (`root_had_parent`); a node whose parent is in another plan (`parent_other_plan`)
/// or missing (`parent_missing`), a non-root without a parent (`no_parent`), and a node in a cycle (`cycle`)
/// are re-parented to the root.
struct TreeRepairer {
    let link: PGLink
    /// `plan_nodes` and `plans` as this database names them (the staging copy, or the source for a dry run).
    let nodes: String
    let plans: String
    let repairs: String

    func findRepairs() async throws {
        let insert = "INSERT INTO \(repairs) (node_id, plan_id, kind, created, old_parent_id, new_parent_id, old_node_type, new_node_type)"
        try await link.execute("DROP TABLE IF EXISTS pg_temp.kept_root")
        try await link.execute(
            """
            CREATE TEMP TABLE kept_root AS
            SELECT DISTINCT ON (plan_id) plan_id, id FROM \(nodes) WHERE node_type = 'root'
             ORDER BY plan_id, (parent_id IS NULL) DESC, created_at NULLS LAST, id
            """)
        try await link.execute(
            """
            \(insert)
            SELECT \(MappingRules.derivedID("root", "p.id::text")), p.id, 'created_root', true, NULL, NULL, NULL, 'root'
              FROM \(plans) p WHERE NOT EXISTS (SELECT 1 FROM kept_root k WHERE k.plan_id = p.id)
            """)
        try await link.execute(
            "INSERT INTO kept_root SELECT plan_id, node_id FROM \(repairs) WHERE kind = 'created_root'")
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id, 'extra_root', false, n.parent_id, k.id, 'root', 'phase'
              FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.node_type = 'root' AND n.id <> k.id
            """)
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id, 'root_had_parent', false, n.parent_id, NULL, n.node_type, n.node_type
              FROM \(nodes) n JOIN kept_root k ON k.id = n.id WHERE n.parent_id IS NOT NULL
            """)
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id,
                   CASE WHEN EXISTS (SELECT 1 FROM \(nodes) o WHERE o.id = n.parent_id) THEN 'parent_other_plan'
                        ELSE 'parent_missing' END,
                   false, n.parent_id, k.id, n.node_type, n.node_type
              FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.parent_id IS NOT NULL AND n.node_type <> 'root'
               AND NOT EXISTS (SELECT 1 FROM \(nodes) p WHERE p.id = n.parent_id AND p.plan_id = n.plan_id)
            """)
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id, 'no_parent', false, NULL, k.id, n.node_type, n.node_type
              FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.parent_id IS NULL AND n.node_type <> 'root'
            """)
        try await repairCycles(insert)
    }

    /// Nodes not reachable from their plan's root after the repairs above sit in, or under, a cycle; the
    /// members of each cycle (found by walking up with the path in hand) are re-parented to the root.
    ///
    /// Reachability is found level by level from the roots over an indexed copy of the edges (one indexed join
    /// per tree level), rather than by a recursive query that re-sorts every edge at each level.
    private func repairCycles(_ insert: String) async throws {
        for table in ["unreached", "tree_edges", "tree_reach", "tree_frontier", "tree_next"] {
            try await link.execute("DROP TABLE IF EXISTS pg_temp.\(table)")
        }
        try await link.execute(
            """
            CREATE TEMP TABLE tree_edges AS
            SELECT n.id, n.plan_id, CASE WHEN r.node_id IS NOT NULL THEN r.new_parent_id ELSE n.parent_id END AS parent_id
              FROM \(nodes) n LEFT JOIN \(repairs) r ON r.node_id = n.id
            """)
        try await link.execute("CREATE INDEX ON pg_temp.tree_edges (parent_id)")
        try await link.execute("ANALYZE pg_temp.tree_edges")
        try await link.execute("CREATE TEMP TABLE tree_reach AS SELECT id, plan_id FROM kept_root")
        try await link.execute("CREATE UNIQUE INDEX ON pg_temp.tree_reach (id)")
        try await link.execute("CREATE TEMP TABLE tree_frontier AS SELECT id, plan_id FROM kept_root")
        // Each level adds at least one node, so this ends; the bound only guards against a mistake.
        for _ in 0..<100_000 {
            try await link.execute(
                """
                CREATE TEMP TABLE tree_next AS
                SELECT DISTINCT e.id, e.plan_id FROM pg_temp.tree_frontier f
                  JOIN pg_temp.tree_edges e ON e.parent_id = f.id AND e.plan_id = f.plan_id
                 WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tree_reach r WHERE r.id = e.id)
                """)
            let added = try await link.count("SELECT count(*)::text FROM pg_temp.tree_next")
            try await link.execute("DROP TABLE pg_temp.tree_frontier")
            if added == 0 {
                try await link.execute("DROP TABLE pg_temp.tree_next")
                break
            }
            try await link.execute("INSERT INTO pg_temp.tree_reach SELECT id, plan_id FROM pg_temp.tree_next")
            try await link.execute("ALTER TABLE pg_temp.tree_next RENAME TO tree_frontier")
        }
        try await link.execute(
            """
            CREATE TEMP TABLE unreached AS
            SELECT e.* FROM pg_temp.tree_edges e WHERE NOT EXISTS (SELECT 1 FROM pg_temp.tree_reach r WHERE r.id = e.id)
            """)
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id, 'cycle', false, n.parent_id, k.id, n.node_type, n.node_type
              FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.id IN (
               WITH RECURSIVE walk(start, cur, path) AS (
                 SELECT id, parent_id, ARRAY[id] FROM unreached
                 UNION ALL
                 SELECT w.start, u.parent_id, w.path || u.id FROM walk w JOIN unreached u ON u.id = w.cur
                  WHERE NOT (w.cur = ANY (w.path))
               )
               SELECT start FROM walk WHERE cur = start)
            ON CONFLICT (node_id) DO NOTHING
            """)
    }

    /// Repairs by kind, for the report.
    func summary() async throws -> [String: Int] {
        var out: [String: Int] = [:]
        for row in try await link.rows("SELECT kind, count(*)::text FROM \(repairs) GROUP BY kind") {
            out[row[0] ?? "?"] = Int(row[1] ?? "0") ?? 0
        }
        return out
    }
}
