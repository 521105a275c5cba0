import Foundation
import PostgresNIO

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

    /// Nodes on a cycle of parents (after the repairs above) are re-parented to the root; nodes merely under a
    /// cycle are left, as they hang from the root again once the cycle is cut.
    ///
    /// Only nodes that can be on a cycle are read: not repaired above (those now hang from the root), with a
    /// parent other than the root, and with a child (the member before them on the cycle). They stream by plan
    /// and each plan's graph is walked in memory (`CycleFinder`): one scan on the server instead of a join per
    /// tree level, and memory bounded by the largest plan.
    private func repairCycles(_ insert: String) async throws {
        let finder = try await link.fold(
            """
            SELECT n.id, n.plan_id, n.parent_id FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.parent_id IS NOT NULL AND n.parent_id <> k.id
               AND NOT EXISTS (SELECT 1 FROM \(repairs) r WHERE r.node_id = n.id)
               AND EXISTS (SELECT 1 FROM \(nodes) c WHERE c.parent_id = n.id)
             ORDER BY n.plan_id
            """, into: CycleFinder()
        ) { finder, row in
            let (id, plan, parent) = try row.decode((UUID, UUID, UUID?).self)
            finder.add(id: id, plan: plan, parent: parent)
        }
        let members = finder.finished()
        guard !members.isEmpty else { return }
        try await link.execute(
            """
            \(insert)
            SELECT n.id, n.plan_id, 'cycle', false, n.parent_id, k.id, n.node_type, n.node_type
              FROM \(nodes) n JOIN kept_root k ON k.plan_id = n.plan_id
             WHERE n.id = ANY ($1::uuid[])
            ON CONFLICT (node_id) DO NOTHING
            """, [ColumnDiagnosis.textArray(members.map { $0.uuidString.lowercased() })])
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

/// The nodes of one plan at a time (fed in plan order), and the ones that sit on a cycle of parents.
struct CycleFinder: Sendable {
    private var plan: UUID?
    private var ids: [UUID] = []
    private var parents: [UUID?] = []
    private var index: [UUID: Int32] = [:]
    private(set) var members: [UUID] = []

    mutating func add(id: UUID, plan: UUID, parent: UUID?) {
        if plan != self.plan {
            walkPlan()
            self.plan = plan
        }
        index[id] = Int32(ids.count)
        ids.append(id)
        parents.append(parent)
    }

    /// The cycle members of every plan fed, the last one included.
    func finished() -> [UUID] {
        var copy = self
        copy.walkPlan()
        return copy.members
    }

    /// Follows each node's parents until a node without one in the plan (the root, or the root to be created),
    /// a node already settled, or a node on the current walk: then the walk from that node on is a cycle.
    private mutating func walkPlan() {
        defer {
            ids.removeAll(keepingCapacity: true)
            parents.removeAll(keepingCapacity: true)
            index.removeAll(keepingCapacity: true)
        }
        let parent = parents.map { $0.flatMap { index[$0] } ?? -1 }
        // 0: not seen, 1: on the current walk, 2: settled.
        var state = [UInt8](repeating: 0, count: ids.count)
        var path: [Int32] = []
        for start in ids.indices where state[start] == 0 {
            path.removeAll(keepingCapacity: true)
            var node = Int32(start)
            while node >= 0, state[Int(node)] == 0 {
                state[Int(node)] = 1
                path.append(node)
                node = parent[Int(node)]
            }
            if node >= 0, state[Int(node)] == 1, let from = path.lastIndex(of: node) {
                members += path[from...].map { ids[Int($0)] }
            }
            for settled in path { state[Int(settled)] = 2 }
        }
    }
}
