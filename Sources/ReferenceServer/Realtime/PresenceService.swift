import Foundation
import Persistence

/// Presence (ROUTES.md §4.4): who is connected to a plan or node on this instance (the realtime hub), and the
/// stored presence row. These v1 handlers told a missing plan (404) from a denied one (403). No HTTP here.
struct PresenceService: Sendable {
    let store: any DatabaseStore
    let hub: RealtimeHub
    let policy = PlanAccessPolicy()

    func planUsers(planID: UUID?, caller: AuthenticatedUser) async throws -> (plan: Plan, users: [User]) {
        try await store.withSession { session in
            let access = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            return (access.plan, try await Self.users(await hub.users(inPlan: access.plan.id), in: session))
        }
    }

    /// The node must be in the plan (404 first, as v1), then read access.
    func nodeUsers(planID: UUID?, nodeID: UUID?, caller: AuthenticatedUser) async throws
        -> (nodeID: UUID, active: [User], typing: [User])
    {
        try await store.withSession { session in
            guard let planID, let nodeID, let node = try await session.planNodes.find(id: nodeID), node.planID == planID
            else { throw APIError(.notFound, "Node not found") }
            _ = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            let active = try await Self.users(await hub.users(onNode: nodeID), in: session)
            let typing = try await Self.users(await hub.typingUsers(onNode: nodeID), in: session)
            return (nodeID, active, typing)
        }
    }

    /// `nodeText`, when given, must name a node of the plan.
    func update(status: String, nodeText: String?, planID: UUID?, by caller: AuthenticatedUser) async throws -> Presence {
        try await store.transaction { session in
            let access = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            var nodeID: UUID?
            if let nodeText {
                guard let id = UUID(uuidString: nodeText), let node = try await session.planNodes.find(id: id),
                    node.planID == access.plan.id
                else { throw APIError(.badRequest, "nodeId must be a node of this plan") }
                nodeID = id
            }
            return try await session.presence.upsert(userID: caller.id, planID: access.plan.id, nodeID: nodeID, status: status)
        }
    }

    /// The users in the order of `ids`, skipping ids without an account.
    private static func users(_ ids: [UUID], in session: DataSession) async throws -> [User] {
        let users = try await session.publicPlans.owners(ids: ids)
        return ids.compactMap { users[$0] }
    }
}
