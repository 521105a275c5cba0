import Foundation
import Persistence

/// What the read-only views agents load need (ROUTES.md §4.2, §4.3): a plan and all its nodes in one query, or a
/// node with its children and its last ten logs; any role on the plan may read them. No HTTP here.
struct PlanViewService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// The node's context: its plan, the node, its children and its ten newest logs with their authors.
    struct NodeContext: Sendable {
        let plan: Plan
        let node: PlanNode
        let children: [PlanNode]
        let logs: [(log: NodeLog, user: User?)]
    }

    func planAndNodes(_ planID: UUID, caller: AuthenticatedUser) async throws -> (plan: Plan, nodes: [PlanNode]) {
        try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else { throw PlanAccessPolicy.noAccess }
            return (access.plan, try await session.planNodes.list(planID: planID))
        }
    }

    func nodeContext(planID: UUID, nodeID: UUID?, caller: AuthenticatedUser) async throws -> NodeContext {
        try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else { throw PlanAccessPolicy.noAccess }
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: "Node not found")
            let children = try await session.planNodes.list(planID: planID).filter { $0.parentID == node.id }
            var logs: [(NodeLog, User?)] = []
            for log in try await session.nodeLogs.list(nodeID: node.id, logType: nil).prefix(10) {
                logs.append((log, try await session.users.find(id: log.userID)))
            }
            return NodeContext(plan: access.plan, node: node, children: children, logs: logs)
        }
    }

    /// The node and its ancestors, root first; walks up at most once per node (migrated data may hold a cycle).
    static func ancestry(of nodeID: UUID?, in nodes: [PlanNode]) -> [PlanNode]? {
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        guard let start = nodeID.flatMap({ byID[$0] }) else { return nil }
        var chain: [PlanNode] = []
        var seen = Set<UUID>()
        var current: PlanNode? = start
        while let node = current, seen.insert(node.id).inserted {
            chain.append(node)
            current = node.parentID.flatMap { byID[$0] }
        }
        return chain.reversed()
    }
}
