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
        return JSONResponse.make(
            JSONValue.object(["tasks": .array(tasks.map(Self.row)), "total": .number(Double(tasks.count))]))
    }

    static func row(_ task: InboxTask) -> JSONValue {
        func id(_ value: UUID?) -> JSONValue { value.map { .string($0.lowercased) } ?? .null }
        let request: JSONValue =
            task.agentRequested.map { type in
                [
                    "type": .string(type), "message": PlanJSON.text(task.agentRequestMessage),
                    "requested_at": PlanJSON.time(task.agentRequestedAt), "requested_by": id(task.agentRequestedBy),
                ]
            } ?? .null
        return [
            "id": id(task.id), "title": .string(task.title), "description": PlanJSON.text(task.description),
            "node_type": .string(task.nodeType), "status": .string(task.status), "plan_id": id(task.planID),
            "plan_title": .string(task.planTitle), "parent_id": id(task.parentID), "agent_request": request,
            "created_at": PlanJSON.time(task.createdAt), "updated_at": PlanJSON.time(task.updatedAt),
        ]
    }
}
