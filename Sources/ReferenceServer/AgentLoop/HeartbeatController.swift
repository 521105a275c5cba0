import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Agent heartbeats and the plan's agent status (ROUTES.md §4.6, §5.2).
///
/// v1 stored any heartbeat and answered 500 for a bad status or an unknown plan or task; v2 checks them first
/// (400, 403, 404). v1 showed any plan's agents to anyone; v2 requires access to the plan.
struct HeartbeatController {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// Seen within this long: `active` (or `online`); within `offlineAfter`: `idle`; else `offline`.
    static let idleAfter: TimeInterval = 5 * 60
    static let offlineAfter: TimeInterval = 15 * 60

    func addRoutes(heartbeat group: RouterGroup<AppRequestContext>, plans: RouterGroup<AppRequestContext>) {
        group.post("heartbeat", use: beat)
        plans.get(":id/agent-status", use: agentStatus)
    }

    static func uuid(_ body: RequestJSON, _ key: String) throws -> UUID? {
        switch body.fields[key] {
        case nil, .null?: return nil
        case .string(let text)? where text.isEmpty: return nil
        case .string(let text)? where UUIDFormat.isValid(text): return UUID(uuidString: text)
        default: throw APIError(.badRequest, "\(key) must be a valid UUID")
        }
    }

    @Sendable func beat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        let status: String
        switch body.fields["status"] {
        case nil, .null?: status = "active"
        case .string(let text)? where ValueDomains.heartbeatStatus.contains(text): status = text
        default:
            throw APIError(
                .badRequest, "Invalid status. Valid values are: \(ValueDomains.heartbeatStatus.joined(separator: ", "))")
        }
        let planID = try Self.uuid(body, "plan_id")
        let taskID = try Self.uuid(body, "task_id")
        let heartbeat = try await store.transaction { session -> AgentHeartbeat in
            if let planID {
                _ = try await policy.require(.read, planID, userID: identity.id, in: session, message: NodesController.noAccess.message)
            }
            if let taskID {
                // A task the caller cannot see is "not found", as one that does not exist.
                guard let task = try await session.planNodes.find(id: taskID), planID == nil || task.planID == planID,
                    try await policy.access(task.planID, userID: identity.id, in: session) != nil
                else { throw APIError(.notFound, "Task not found") }
            }
            return try await session.heartbeats.record(
                userID: identity.id, status: status, planID: planID, taskID: taskID, at: Date())
        }
        return JSONResponse.make(Self.row(heartbeat))
    }

    static func row(_ heartbeat: AgentHeartbeat) -> JSONValue {
        [
            "user_id": .string(heartbeat.userID.lowercased), "last_seen_at": PlanJSON.time(heartbeat.lastSeenAt),
            "status": .string(heartbeat.status),
            "current_plan_id": heartbeat.currentPlanID.map { .string($0.lowercased) } ?? .null,
            "current_task_id": heartbeat.currentTaskID.map { .string($0.lowercased) } ?? .null,
            "metadata": heartbeat.metadata,
        ]
    }

    /// The agents seen on the plan or assigned to one of its nodes, with the status their last heartbeat gives.
    @Sendable func agentStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try NodesController.planID(context)
        let now = Date()
        let agents = try await store.withSession { session -> [JSONValue] in
            guard try await policy.access(planID, userID: identity.id, in: session) != nil else { throw NodesController.noAccess }
            let ids = try await session.heartbeats.agentIDs(planID: planID)
            let heartbeats = Dictionary(
                try await session.heartbeats.list(userIDs: Array(ids)).map { ($0.userID, $0) }, uniquingKeysWith: { a, _ in a })
            var users: [User] = []
            for id in ids { if let user = try await session.users.find(id: id) { users.append(user) } }
            return users.sorted { ($0.email, $0.id.uuidString) < ($1.email, $1.id.uuidString) }.map { user in
                let heartbeat = heartbeats[user.id]
                return [
                    "id": .string(user.id.lowercased), "name": PlanJSON.text(user.name), "email": .string(user.email),
                    "capability_tags": .array(user.capabilityTags.map(JSONValue.string)),
                    "status": .string(Self.status(heartbeat, now: now)),
                    "last_seen_at": PlanJSON.time(heartbeat?.lastSeenAt),
                    "current_task_id": heartbeat?.currentTaskID.map { .string($0.lowercased) } ?? .null,
                ]
            }
        }
        return JSONResponse.make(JSONValue.object(["agents": .array(agents)]))
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
