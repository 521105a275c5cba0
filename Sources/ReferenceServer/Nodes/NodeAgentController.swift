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
        let body = try await RequestJSON.read(request, context: context)
        guard case .string(let type)? = body.fields["request_type"], NodeAgentService.requestTypes.contains(type) else {
            throw APIError(.badRequest, "Invalid request_type. Must be one of: start, review, help, continue")
        }
        let message = try body.string("message")
        let node = try await agents.request(
            type: type, message: message, planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"),
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
        let body = try await RequestJSON.read(request, context: context)
        guard let agentText = try body.string("agent_id") else { throw APIError(.badRequest, "agent_id is required") }
        let (node, agent) = try await agents.assign(
            agent: agentText, planID: context.optionalPathID("id"), nodeID: context.optionalPathID("nodeId"), by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(node.id.lowercased),
                "assigned_agent_id": node.assignedAgentID.map { .string($0.lowercased) } ?? .null,
                "assigned_agent_at": PlanJSON.time(node.assignedAgentAt),
                "assigned_agent_by": node.assignedAgentBy.map { .string($0.lowercased) } ?? .null,
                "agent": [
                    "id": .string(agent.id.lowercased), "name": PlanJSON.text(agent.name), "email": .string(agent.email),
                    "capability_tags": .array(agent.capabilityTags.map(JSONValue.string)),
                ],
            ]))
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
        return JSONResponse.make(
            JSONValue.object([
                "agents": .array(
                    found.map { agent in
                        [
                            "id": .string(agent.id.lowercased), "name": PlanJSON.text(agent.name),
                            "email": .string(agent.email), "avatar_url": PlanJSON.text(agent.avatarURL),
                            "capability_tags": .array(agent.capabilityTags.map(JSONValue.string)),
                        ]
                    })
            ]))
    }
}
