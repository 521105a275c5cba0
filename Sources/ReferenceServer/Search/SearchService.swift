import Foundation
import Persistence

/// Search (ROUTES.md §4.9): across every plan the caller can use, the nodes of one plan with filters, and
/// everything in one plan. Matching is the repositories' (substring on both engines, full text on PostgreSQL).
/// No HTTP here.
struct SearchService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// Everything that matched, with the people who wrote the comments and logs.
    struct Everything: Sendable {
        let plans: [Plan]
        let nodes: [PlanNode]
        let comments: [ActivityEntry]
        let logs: [ActivityEntry]
        let users: [UUID: User]
    }

    /// v1 crashed (500) whenever a node matched, and looked for nodes only in plans whose own text matched;
    /// v2 searches nodes, logs and comments of every plan the caller can use.
    func everything(matching text: String, caller: AuthenticatedUser) async throws -> Everything {
        try await store.withSession { session in
            let scope = ActivityScope.member(caller.id)
            let plans = try await session.search.plans(memberID: caller.id, matching: text)
            var filter = NodeSearchFilter()
            filter.text = text
            let nodes = try await session.search.nodes(in: scope, filter)
            let comments = try await session.search.entries(.comment, in: scope, matching: text)
            let logs = try await session.search.entries(.log, in: scope, matching: text)
            let users = try await session.publicPlans.owners(ids: (comments + logs).map(\.userID))
            return Everything(plans: plans, nodes: nodes, comments: comments, logs: logs, users: users)
        }
    }

    func nodes(planID: UUID, filter: NodeSearchFilter, caller: AuthenticatedUser) async throws -> [PlanNode] {
        try await store.withSession { session in
            guard try await policy.access(planID, userID: caller.id, in: session) != nil else { throw PlanAccessPolicy.noAccess }
            return try await session.search.nodes(in: .plan(planID), filter)
        }
    }

    /// One plan's matching nodes, comments and logs, and the plan (its owner stands for the nodes' author).
    func inPlan(planID: UUID, matching text: String, caller: AuthenticatedUser) async throws
        -> (plan: Plan, nodes: [PlanNode], comments: [ActivityEntry], logs: [ActivityEntry])
    {
        try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else { throw PlanAccessPolicy.noAccess }
            var filter = NodeSearchFilter()
            filter.text = text
            let scope = ActivityScope.plan(planID)
            let nodes = try await session.search.nodes(in: scope, filter)
            let comments = try await session.search.entries(.comment, in: scope, matching: text)
            let logs = try await session.search.entries(.log, in: scope, matching: text)
            return (access.plan, nodes, comments, logs)
        }
    }
}
