import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// People on nodes (ROUTES.md §4.3): assignments, assignable users, a node's activity; rules in
/// `NodeAssignmentService`.
struct NodeAssignmentController {
    let assignments: NodeAssignmentService

    @Sendable func assignments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let rows = try await assignments.assignments(
            planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), caller: identity)
        return JSONResponse.make(JSONValue.array(rows.map(Self.row)))
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let assignee = try body.string("user_id") else { throw APIError(.badRequest, "User ID is required") }
        let row = try await assignments.assign(
            assignee, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return JSONResponse.make(Self.row(row), status: .created)
    }

    /// The user id comes in a JSON body on DELETE, as in v1.
    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let assignee = try body.string("user_id") else { throw APIError(.badRequest, "User ID is required") }
        try await assignments.unassign(
            assignee, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return Response(status: .noContent)
    }

    /// A missing name falls back to the email.
    @Sendable func availableUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await assignments.availableUsers(planID: context.optionalPathID("id"), caller: identity)
        return JSONResponse.make(JSONValue.array(users.map { Self.available($0.user, role: $0.role) }))
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
    /// status logs again as `status_change`, newest first, then `offset`/`limit`.
    @Sendable func activities(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let limit = request.uri.queryParameters["limit"].flatMap { Int($0) }.map { max(0, $0) } ?? 50
        let offset = request.uri.queryParameters["offset"].flatMap { Int($0) }.map { max(0, $0) } ?? 0
        let (node, feed) = try await assignments.activities(
            planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), limit: limit, caller: identity)
        let page = Array(feed.dropFirst(offset).prefix(limit))
        return JSONResponse.make(
            JSONValue.object([
                "nodeId": .string(node.id.lowercased), "nodeTitle": .string(node.title),
                "activities": .array(page.map(\.json)), "total": .number(Double(feed.count)),
                "limit": .number(Double(limit)), "offset": .number(Double(offset)),
            ]))
    }
}
