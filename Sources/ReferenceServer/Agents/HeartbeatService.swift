import Foundation
import Persistence

/// Agent heartbeats and the plan's agent status (ROUTES.md §4.6, §5.2). Knows nothing of HTTP.
///
/// v1 stored any heartbeat and answered 500 for an unknown plan or task; v2 checks them first (403, 404). v1
/// showed any plan's agents to anyone; v2 requires access to the plan.
struct HeartbeatService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// Seen within this long: `active` (or `online`); within `offlineAfter`: `idle`; else `offline`.
    static let idleAfter: TimeInterval = 5 * 60
    static let offlineAfter: TimeInterval = 15 * 60

    /// One upsert per caller; a task the caller cannot see is "not found", as one that does not exist.
    func record(status: String, planID: UUID?, taskID: UUID?, by caller: AuthenticatedUser) async throws -> AgentHeartbeat {
        try await store.transaction { session in
            if let planID {
                _ = try await policy.require(.read, planID, userID: caller.id, in: session, message: PlanAccessPolicy.noAccess.message)
            }
            if let taskID {
                guard let task = try await session.planNodes.find(id: taskID), planID == nil || task.planID == planID,
                    try await policy.access(task.planID, userID: caller.id, in: session) != nil
                else { throw APIError(.notFound, "Task not found") }
            }
            return try await session.heartbeats.record(userID: caller.id, status: status, planID: planID, taskID: taskID, at: Date())
        }
    }

    /// The agents seen on the plan or assigned to one of its nodes, by email, with their last heartbeat.
    func agents(planID: UUID, caller: AuthenticatedUser) async throws -> [(user: User, heartbeat: AgentHeartbeat?)] {
        try await store.withSession { session in
            guard try await policy.access(planID, userID: caller.id, in: session) != nil else { throw PlanAccessPolicy.noAccess }
            let ids = try await session.heartbeats.agentIDs(planID: planID)
            let heartbeats = Dictionary(
                try await session.heartbeats.list(userIDs: Array(ids)).map { ($0.userID, $0) }, uniquingKeysWith: { a, _ in a })
            var users: [User] = []
            for id in ids { if let user = try await session.users.find(id: id) { users.append(user) } }
            return users.sorted { ($0.email, $0.id.uuidString) < ($1.email, $1.id.uuidString) }.map { ($0, heartbeats[$0.id]) }
        }
    }

    /// v1's rule: no heartbeat → offline; under 5 min → `active` if it said so, else `online`; under 15 → idle.
    static func status(_ heartbeat: AgentHeartbeat?, now: Date) -> String {
        guard let heartbeat else { return "offline" }
        let elapsed = now.timeIntervalSince(heartbeat.lastSeenAt)
        if elapsed < idleAfter { return heartbeat.status == "active" ? "active" : "online" }
        if elapsed < offlineAfter { return "idle" }
        return "offline"
    }
}
