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
        return ListOutput(items: rows.map(NodePeopleOutput.Assignment.init)).response()
    }

    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let assignee = try await RequiredText<BodyKey.UserID>.read(request, context).value
        let row = try await assignments.assign(
            assignee, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return NodePeopleOutput.Assignment(row: row).response(.created)
    }

    /// The user id comes in a JSON body on DELETE, as in v1.
    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let assignee = try await RequiredText<BodyKey.UserID>.read(request, context).value
        try await assignments.unassign(
            assignee, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return Response(status: .noContent)
    }

    /// A missing name falls back to the email.
    @Sendable func availableUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let users = try await assignments.availableUsers(planID: context.optionalPathID("id"), caller: identity)
        return ListOutput(items: users.map { NodePeopleOutput.AvailableUser(user: $0.user, role: $0.role) }).response()
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
        return NodePeopleOutput.Activities(node: node, page: page, total: feed.count, limit: limit, offset: offset).response()
    }
}
