import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Agent heartbeats and the plan's agent status (ROUTES.md §4.6, §5.2); the rules are in `HeartbeatService`.
/// v1 answered 500 for a bad status or id; v2 answers 400 first.
struct HeartbeatController {
    let heartbeats: HeartbeatService

    /// `POST /heartbeat`: `{status?, plan_id?, task_id?}`.
    struct Input: APIInput {
        let status: String
        let planID: UUID?
        let taskID: UUID?

        init(validating body: inout BodyValidator) throws {
            body.describe("status", JSONSchema.nullable(JSONSchema.oneOf(ValueDomains.heartbeatStatus)))
            for key in ["plan_id", "task_id"] { body.describe(key, JSONSchema.nullable(JSONSchema.uuid)) }
            switch body.fields["status"] {
            case nil, .null?: status = "active"
            case .string(let text)? where ValueDomains.heartbeatStatus.contains(text): status = text
            default:
                throw APIError(
                    .badRequest, "Invalid status. Valid values are: \(ValueDomains.heartbeatStatus.joined(separator: ", "))")
            }
            planID = try Self.uuid(body, "plan_id")
            taskID = try Self.uuid(body, "task_id")
        }

        static func uuid(_ body: BodyValidator, _ key: String) throws -> UUID? {
            switch body.fields[key] {
            case nil, .null?: return nil
            case .string(let text)? where text.isEmpty: return nil
            case .string(let text)? where UUIDFormat.isValid(text): return UUID(uuidString: text)
            default: throw APIError(.badRequest, "\(key) must be a valid UUID")
            }
        }
    }

    @Sendable func beat(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await Input.read(request, context)
        let heartbeat = try await heartbeats.record(status: input.status, planID: input.planID, taskID: input.taskID, by: identity)
        return Row(heartbeat: heartbeat).response()
    }

    /// `GET /plans/:id/agent-status`: the plan's agents and how recently each was seen.
    struct AgentStatus: ShapedOutput {
        struct Agent: ShapedOutput {
            let user: User
            let heartbeat: AgentHeartbeat?
            let now: Date
            static let shape = AgentCard.shape.removing(["avatar_url"]).reading { (agent: Agent) in AgentCard(user: agent.user) }
                .adding([
                    .value("status", JSONSchema.oneOf(["active", "online", "idle", "offline"])) {
                        .string(HeartbeatService.status($0.heartbeat, now: $0.now))
                    },
                    .time("last_seen_at") { $0.heartbeat?.lastSeenAt }, .optionalID("current_task_id") { $0.heartbeat?.currentTaskID },
                ])
        }

        let agents: [Agent]
        static let shape = ObjectShape<AgentStatus>([.list("agents") { $0.agents }])
    }

    /// An `agent_heartbeats` row.
    struct Row: ShapedOutput {
        let heartbeat: AgentHeartbeat
        static let shape = ObjectShape<Row>([
            .id("user_id") { $0.heartbeat.userID }, .time("last_seen_at") { $0.heartbeat.lastSeenAt },
            .text("status") { $0.heartbeat.status }, .optionalID("current_plan_id") { $0.heartbeat.currentPlanID },
            .optionalID("current_task_id") { $0.heartbeat.currentTaskID },
            .stored("metadata", "the heartbeat's stored metadata") { $0.heartbeat.metadata },
        ])
    }

    @Sendable func agentStatus(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let now = Date()
        let agents = try await heartbeats.agents(planID: try context.planIDOrNoAccess(), caller: identity)
        return AgentStatus(agents: agents.map { AgentStatus.Agent(user: $0.user, heartbeat: $0.heartbeat, now: now) }).response()
    }
}
