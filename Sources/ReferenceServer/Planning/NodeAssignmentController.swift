import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// People on nodes (ROUTES.md §4.3): assignments, the users who may be assigned, and a node's activity.
/// These v1 handlers told a missing plan (404) from a denied one (403 `Access denied`); v2 keeps that.
struct NodeAssignmentController {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(":id/nodes/:nodeId/assignments", use: assignments)
        group.post(":id/nodes/:nodeId/assign", use: assign)
        group.delete(":id/nodes/:nodeId/unassign", use: unassign)
        group.get(":id/available-users", use: availableUsers)
        group.get(":id/nodes/:nodeId/activities", use: activities)
    }

    static func planID(_ context: AppRequestContext) -> UUID? {
        context.parameters.get("id").flatMap(UUID.init(uuidString:))
    }

    /// v1 did not check that the node is in the plan; v2 lists only a node of this plan (else `[]`).
    @Sendable func assignments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let rows = try await store.withSession { session -> [NodeAssignment] in
            _ = try await policy.requireExisting(
                .read, Self.planID(context), userID: identity.id, in: session, denied: "Access denied")
            guard let node = try? await NodeAgentController.nodeInPlan(context, planID: Self.planID(context), in: session)
            else { return [] }
            return try await session.nodeAssignments.list(nodeID: node.id)
        }
        return JSONResponse.make(JSONValue.array(rows.map(Self.row)))
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let assigneeText = try body.string("user_id") else { throw APIError(.badRequest, "User ID is required") }
        let planID = Self.planID(context)
        let row = try await store.transaction { session -> NodeAssignment in
            let node = try await NodeAgentController.nodeInPlan(context, planID: planID, in: session)
            let access = try await policy.requireExisting(
                .edit, planID, userID: identity.id, in: session, denied: "Insufficient permissions to assign users")
            let notCollaborator = APIError(
                .badRequest, "User must be a collaborator on the plan to be assigned to nodes")
            guard let assignee = UUID(uuidString: assigneeText) else { throw notCollaborator }
            if assignee != access.plan.ownerID,
                try await session.collaborators.role(planID: access.plan.id, userID: assignee) == nil
            {
                throw notCollaborator
            }
            let duplicate = APIError(.badRequest, "User is already assigned to this node")
            if try await session.nodeAssignments.find(nodeID: node.id, userID: assignee) != nil { throw duplicate }
            do {
                return try await session.nodeAssignments.create(nodeID: node.id, userID: assignee, by: identity.id)
            } catch let violation as ConstraintViolation where violation.kind == .unique {
                throw duplicate
            }
        }
        return JSONResponse.make(Self.row(row), status: .created)
    }

    /// 204 whether or not the user was assigned, as v1. The user id comes in a JSON body on DELETE.
    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let assigneeText = try body.string("user_id") else { throw APIError(.badRequest, "User ID is required") }
        let planID = Self.planID(context)
        try await store.transaction { session in
            let node = try await NodeAgentController.nodeInPlan(context, planID: planID, in: session)
            _ = try await policy.requireExisting(
                .edit, planID, userID: identity.id, in: session, denied: "Insufficient permissions to unassign users")
            if let assignee = UUID(uuidString: assigneeText) {
                try await session.nodeAssignments.delete(nodeID: node.id, userID: assignee)
            }
        }
        return Response(status: .noContent)
    }

    /// The owner first (role `owner`), then collaborators; a missing name falls back to the email.
    @Sendable func availableUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await store.withSession { session -> [JSONValue] in
            let access = try await policy.requireExisting(
                .read, Self.planID(context), userID: identity.id, in: session, denied: "Access denied")
            var users: [JSONValue] = []
            if let owner = try await session.users.find(id: access.plan.ownerID) {
                users.append(Self.available(owner, role: "owner"))
            }
            for (collaborator, user) in try await session.collaborators.list(planID: access.plan.id) {
                if let user { users.append(Self.available(user, role: collaborator.role)) }
            }
            return users
        }
        return JSONResponse.make(JSONValue.array(users))
    }

    static func available(_ user: User, role: String) -> JSONValue {
        [
            "id": .string(user.id.lowercased), "email": .string(user.email),
            "name": .string(user.name.flatMap { $0.isEmpty ? nil : $0 } ?? user.email), "role": .string(role),
        ]
    }

    static func row(_ assignment: NodeAssignment) -> JSONValue {
        [
            "id": .string(assignment.id.lowercased), "node_id": .string(assignment.nodeID.lowercased),
            "user_id": .string(assignment.userID.lowercased), "assigned_by": .string(assignment.assignedBy.lowercased),
            "assigned_at": PlanJSON.time(assignment.assignedAt),
        ]
    }

    /// v1's merged feed: the node's logs (at most `limit`), its assignments (at most `limit`) and its last ten
    /// status logs again as `status_change`, newest first, then `offset`/`limit`. The node is looked up first.
    @Sendable func activities(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let limit = request.uri.queryParameters["limit"].flatMap { Int($0) }.map { max(0, $0) } ?? 50
        let offset = request.uri.queryParameters["offset"].flatMap { Int($0) }.map { max(0, $0) } ?? 0
        let planID = Self.planID(context)
        let (node, feed) = try await store.withSession { session -> (PlanNode, [NodeActivity]) in
            let node: PlanNode
            do {
                node = try await NodeAgentController.nodeInPlan(context, planID: planID, in: session)
            } catch {
                throw APIError(
                    .notFound, "Node not found in this plan", extra: ["details": "no such node in this plan"])
            }
            _ = try await policy.requireExisting(.read, planID, userID: identity.id, in: session, denied: "Access denied")
            let logs = try await session.nodeLogs.list(nodeID: node.id, logType: nil)
            let assignments = try await session.nodeAssignments.list(nodeID: node.id)
            return (node, NodeActivity.feed(logs: logs, assignments: assignments, limit: limit))
        }
        let page = Array(feed.dropFirst(offset).prefix(limit))
        return JSONResponse.make(
            JSONValue.object([
                "nodeId": .string(node.id.lowercased), "nodeTitle": .string(node.title),
                "activities": .array(page.map(\.json)), "total": .number(Double(feed.count)),
                "limit": .number(Double(limit)), "offset": .number(Double(offset)),
            ]))
    }
}

/// One entry of a node's activity feed (v1's shapes: `log_<id>`, `assignment_<id>`, `status_<id>`).
struct NodeActivity {
    let id: String
    let timestamp: Date
    let json: JSONValue

    static func feed(logs: [NodeLog], assignments: [NodeAssignment], limit: Int) -> [NodeActivity] {
        var feed: [NodeActivity] = []
        for log in logs.prefix(limit) {
            feed.append(
                entry(
                    "log_", log.id, type: "log", subtype: log.logType, content: log.content, at: log.createdAt,
                    user: log.userID, metadata: log.metadata ?? .emptyObject))
        }
        for assignment in assignments.prefix(limit) {
            feed.append(
                entry(
                    "assignment_", assignment.id, type: "assignment", subtype: "assigned",
                    content: "User assigned to this task", at: assignment.assignedAt, user: assignment.assignedBy,
                    metadata: ["assignee_id": .string(assignment.userID.lowercased)]))
        }
        let prefix = "Updated status to "
        let statusLogs = logs.filter { $0.logType == "progress" && $0.content.hasPrefix(prefix) }.prefix(10)
        for log in statusLogs {
            let word = log.content.dropFirst(prefix.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !word.isEmpty else { continue }
            feed.append(
                entry(
                    "status_", log.id, type: "status_change", subtype: "status", content: log.content,
                    at: log.createdAt, user: log.userID, metadata: ["to_status": .string(String(word))]))
        }
        // Stable: equal timestamps keep the order above (log, assignment, status), as v1's sort did.
        return feed.enumerated().sorted { lhs, rhs in
            lhs.element.timestamp != rhs.element.timestamp
                ? lhs.element.timestamp > rhs.element.timestamp : lhs.offset < rhs.offset
        }.map(\.element)
    }

    private static func entry(
        _ prefix: String, _ id: UUID, type: String, subtype: String, content: String, at date: Date?, user: UUID,
        metadata: JSONValue
    ) -> NodeActivity {
        NodeActivity(
            id: prefix + id.lowercased, timestamp: date ?? .distantPast,
            json: [
                "id": .string(prefix + id.lowercased), "type": .string(type), "subtype": .string(subtype),
                "content": .string(content), "timestamp": PlanJSON.time(date),
                "user": ["id": .string(user.lowercased), "email": .null, "name": "User", "avatar_url": .null],
                "metadata": metadata,
            ])
    }
}
