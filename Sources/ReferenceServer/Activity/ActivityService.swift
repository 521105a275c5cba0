import AgentPlannerCore
import Foundation
import Persistence

/// Activity (ROUTES.md §4.8): what the feed, a plan's logs and timeline and a node's recent activity are made
/// of, and the detailed log entry. Any role on the plan may read and log. No HTTP here.
struct ActivityService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// Entries with the people and plans they name.
    struct Page: Sendable {
        let entries: [ActivityEntry]
        let total: Int
        let users: [UUID: User]
        var plans: [UUID: Plan] = [:]
    }

    /// A detailed log entry, as validated from the request.
    struct DetailedLog: Sendable {
        let content: String
        let logType: String
        let metadata: JSONValue
        let tags: [String]
    }

    /// v1 paged logs and comments separately, merged the two pages and kept `limit`; the total counts both.
    func feed(page: Int, limit: Int, caller: AuthenticatedUser) async throws -> Page {
        let offset = (page - 1) * limit
        return try await store.withSession { session in
            let scope = ActivityScope.member(caller.id)
            let entries =
                try await session.activity.entries(.log, in: scope, logType: nil, offset: offset, limit: limit)
                + session.activity.entries(.comment, in: scope, logType: nil, offset: offset, limit: limit)
            let total = try await session.activity.count(.log, in: scope) + session.activity.count(.comment, in: scope)
            let chosen = Array(entries.sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }.prefix(limit))
            let users = try await session.publicPlans.owners(ids: chosen.map(\.userID))
            var plans: [UUID: Plan] = [:]
            for id in Set(chosen.map(\.planID)) { plans[id] = try await session.plans.find(id: id) }
            return Page(entries: chosen, total: total, users: users, plans: plans)
        }
    }

    /// The total ignores the `type` filter, as v1's did.
    func planLogs(planID: UUID, type: String?, page: Int, limit: Int, caller: AuthenticatedUser) async throws -> Page {
        try await store.withSession { session in
            try await readAccess(planID, caller, in: session)
            let scope = ActivityScope.plan(planID)
            let logs = try await session.activity.entries(.log, in: scope, logType: type, offset: (page - 1) * limit, limit: limit)
            let total = try await session.activity.count(.log, in: scope)
            return Page(entries: logs, total: total, users: try await session.publicPlans.owners(ids: logs.map(\.userID)))
        }
    }

    /// The node's newest logs and comments together, at most `limit`.
    func nodeActivity(planID: UUID, nodeID: UUID?, limit: Int, caller: AuthenticatedUser) async throws -> (node: PlanNode, page: Page) {
        try await store.withSession { session in
            try await readAccess(planID, caller, in: session)
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            let scope = ActivityScope.node(node.id)
            let entries =
                try await session.activity.entries(.log, in: scope, logType: nil, offset: 0, limit: limit)
                + session.activity.entries(.comment, in: scope, logType: nil, offset: 0, limit: limit)
            let chosen = Array(entries.sorted { ($0.createdAt ?? .distantPast) > ($1.createdAt ?? .distantPast) }.prefix(limit))
            let users = try await session.publicPlans.owners(ids: chosen.map(\.userID))
            return (node, Page(entries: chosen, total: chosen.count, users: users))
        }
    }

    /// What a plan's timeline is made of: the plan, its nodes, its status, decision and move logs (oldest first),
    /// and its decision requests.
    func timeline(planID: UUID, caller: AuthenticatedUser) async throws
        -> (plan: Plan, nodes: [PlanNode], logs: Page, decisions: [TimelineDecision])
    {
        try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else { throw PlanAccessPolicy.noAccess }
            let nodes = try await session.planNodes.list(planID: planID)
            let logs = try await session.activity.entries(.log, in: .plan(planID), logType: nil, offset: 0, limit: nil)
                .reversed()
                .filter { $0.content.contains("Updated status to") || $0.type == "decision" || $0.content.contains("Moved \"") }
            let users = try await session.publicPlans.owners(ids: logs.map(\.userID))
            let decisions = try await session.activity.decisions(planID: planID)
            return (access.plan, nodes, Page(entries: logs, total: logs.count, users: users), decisions)
        }
    }

    /// v1's order of answers: access, node, then the body (`input` holds the body's verdict). A log on a task
    /// with someone else's open agent request answers it.
    func addDetailedLog(
        _ input: Result<DetailedLog, APIError>, planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser
    ) async throws -> (log: NodeLog, user: User?) {
        try await store.transaction { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else { throw PlanAccessPolicy.noAccess }
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            let entry = try input.get()
            let log = try await session.nodeLogs.create(
                nodeID: node.id, userID: caller.id, content: entry.content, logType: entry.logType, metadata: entry.metadata,
                tags: entry.tags)
            if let event = NodeEvents.agentResponded(
                node, plan: access.plan, responder: caller, response: .log(content: entry.content, logType: entry.logType))
            {
                try await session.domainEvents.record(event)
            }
            return (log, try await session.users.find(id: caller.id))
        }
    }

    private func readAccess(_ planID: UUID, _ caller: AuthenticatedUser, in session: DataSession) async throws {
        guard try await policy.access(planID, userID: caller.id, in: session) != nil else { throw PlanAccessPolicy.noAccess }
    }
}
