import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Agents on tasks (ROUTES.md §4.3, §5.1, §5.4); the rules are in `NodeAgentService`.
struct NodeAgentController {
    let agents: NodeAgentService

    /// The request type is checked before access, as in v1.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await NodePeopleInput.AgentRequest.read(request, context)
        let node = try await agents.request(
            type: input.type, message: input.message, planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"),
            by: identity)
        return NodeRow(node: node).response()
    }

    @Sendable func clearRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let node = try await agents.clearRequest(
            planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"), by: identity)
        return NodeRow(node: node).response()
    }

    /// v1 persisted the assignment and then never answered (a logger it did not import); v2 answers as
    /// v1 intended.
    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let agentText = try await RequiredText<BodyKey.AgentID>.read(request, context).value
        let (node, agent) = try await agents.assign(
            agent: agentText, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return NodePeopleOutput.AgentAssigned(node: node, agent: agent).response()
    }

    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await agents.unassign(planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return Response(status: .noContent)
    }

    @Sendable func suggested(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let tags = (request.uri.queryParameters["tags"].map(String.init) ?? "")
            .split(separator: ",").map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let found = try await agents.suggestions(
            tags: tags, planID: planID, nodeID: context.optionalPathID("nodeId"), caller: identity)
        return NodePeopleOutput.Suggested(agents: found).response()
    }
}
