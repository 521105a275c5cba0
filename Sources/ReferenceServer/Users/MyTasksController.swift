import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /users/my-tasks` (ROUTES.md §4.7, §5.1): what an agent polls for. Tasks and milestones of the plans the
/// caller owns or collaborates on; `requested=true` keeps those with an open agent request, newest request first.
struct MyTasksController {
    let directory: UserDirectoryService

    /// Bounds one answer (v1 had none): an agent polls for the newest requests, not for the whole history.
    static let maximumLimit = 1000

    @Sendable func myTasks(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        let requested = query["requested"] == "true"
        let status = query["status"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        // v1: parseInt(limit) || 50.
        let parsed = query["limit"].flatMap { Int($0) } ?? 0
        let limit = parsed > 0 ? min(parsed, Self.maximumLimit) : 50
        let tasks = try await directory.inbox(for: identity, requestedOnly: requested, status: status, limit: limit)
        return Inbox(tasks: tasks).response()
    }

    /// One task of the inbox; `agent_request` is null without an open request.
    struct InboxItem: ShapedOutput {
        let task: InboxTask
        static let request = ObjectShape<InboxTask>([
            .text("type") { $0.agentRequested ?? "" }, .optionalText("message") { $0.agentRequestMessage },
            .time("requested_at") { $0.agentRequestedAt }, .optionalID("requested_by") { $0.agentRequestedBy },
        ])
        static let shape = ObjectShape<InboxItem>([
            .id("id") { $0.task.id }, .text("title") { $0.task.title }, .optionalText("description") { $0.task.description },
            .text("node_type") { $0.task.nodeType }, .text("status") { $0.task.status }, .id("plan_id") { $0.task.planID },
            .text("plan_title") { $0.task.planTitle }, .optionalID("parent_id") { $0.task.parentID },
            .value("agent_request", JSONSchema.nullable(request.schema)) { $0.task.agentRequested == nil ? .null : request.json($0.task) },
            .time("created_at") { $0.task.createdAt }, .time("updated_at") { $0.task.updatedAt },
        ])
    }

    /// `{tasks, total}`.
    struct Inbox: ShapedOutput {
        let tasks: [InboxTask]
        static let shape = ObjectShape<Inbox>([.list("tasks") { $0.tasks.map(InboxItem.init) }, .integer("total") { $0.tasks.count }])
    }
}
