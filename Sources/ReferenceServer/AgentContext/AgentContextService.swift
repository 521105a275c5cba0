import Foundation
import Persistence

/// What an agent loads before working on a task (ROUTES.md §4.13, §5.1 step 4). No HTTP here: the service
/// reads, checks access and assembles; `AgentContextController` translates.
///
/// Access is v1's rule for this endpoint: the owner, a collaborator, or anyone when the plan is public.
/// Organisations and knowledge stores are gone in v2 (DECISIONS.md §D2), so `organization` is always null and
/// `knowledge` always empty.
struct AgentContextService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    struct NodeContext: Sendable {
        let node: PlanNode
        /// Leaf first: the node itself, then each parent up to the root.
        let ancestry: [PlanNode]
        let plan: Plan
        let goals: [Goal]
        /// Nil unless asked for and the node has a parent; never contains the node itself.
        let siblings: [PlanNode]?
    }

    struct PhaseSummary: Sendable {
        let phase: PlanNode
        let totalTasks: Int
        let completedTasks: Int
    }

    struct PlanContext: Sendable {
        let plan: Plan
        let progress: Int
        let phases: [PhaseSummary]
        let goals: [Goal]
    }

    static let denied = ServiceError.forbidden("Access denied to this plan")

    private func readable(_ plan: Plan, userID: UUID, in session: DataSession) async throws -> Bool {
        if plan.visibility == "public" { return true }
        return try await policy.access(plan.id, userID: userID, in: session) != nil
    }

    func nodeContext(nodeID: UUID?, userID: UUID, includeSiblings: Bool) async throws -> NodeContext {
        try await store.withSession { session in
            guard let nodeID, let node = try await session.planNodes.find(id: nodeID),
                let plan = try await session.plans.find(id: node.planID)
            else { throw ServiceError.notFound("Node not found") }
            guard try await readable(plan, userID: userID, in: session) else { throw Self.denied }
            let nodes = try await session.planNodes.list(planID: plan.id)
            let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var ancestry: [PlanNode] = []
            var seen = Set<UUID>()
            var current: PlanNode? = node
            // The schema forbids cycles; the guard keeps a damaged tree from looping.
            while let step = current, seen.insert(step.id).inserted {
                ancestry.append(step)
                current = step.parentID.flatMap { byID[$0] }
            }
            var siblings: [PlanNode]?
            if includeSiblings, let parent = node.parentID {
                siblings = nodes.filter { $0.parentID == parent && $0.id != node.id }
                    .sorted { ($0.orderIndex, $0.createdAt ?? .distantPast) < ($1.orderIndex, $1.createdAt ?? .distantPast) }
            }
            return NodeContext(
                node: node, ancestry: ancestry, plan: plan, goals: try await session.goals.goals(linkedTo: plan.id),
                siblings: siblings)
        }
    }

    func planContext(planID: UUID?, userID: UUID) async throws -> PlanContext {
        try await store.withSession { session in
            guard let planID, let plan = try await session.plans.find(id: planID),
                try await readable(plan, userID: userID, in: session)
            else { throw Self.denied }
            let nodes = try await session.planNodes.list(planID: plan.id)
            let phases = nodes.filter { $0.nodeType == "phase" }.sorted { $0.orderIndex < $1.orderIndex }.map { phase in
                let tasks = nodes.filter { $0.parentID == phase.id && $0.nodeType == "task" }
                return PhaseSummary(
                    phase: phase, totalTasks: tasks.count, completedTasks: tasks.filter { $0.status == "completed" }.count)
            }
            let completed = nodes.filter { $0.status == "completed" }.count
            return PlanContext(
                plan: plan, progress: PlanProgress.percent(completed: completed, total: nodes.count), phases: phases,
                goals: try await session.goals.goals(linkedTo: plan.id))
        }
    }
}
