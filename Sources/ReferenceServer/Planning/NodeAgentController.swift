import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Agents on tasks (ROUTES.md §4.3, §5.1, §5.4): a human requests an agent, assigns one, or asks for
/// suggestions by capability. Requests and assignments record their domain event for dispatch.
struct NodeAgentController {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    static let requestTypes = ["start", "review", "help", "continue"]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(":id/nodes/:nodeId/request-agent", use: request)
        group.delete(":id/nodes/:nodeId/request-agent", use: clearRequest)
        group.post(":id/nodes/:nodeId/assign-agent", use: assign)
        group.delete(":id/nodes/:nodeId/assign-agent", use: unassign)
        group.get(":id/nodes/:nodeId/suggested-agents", use: suggested)
    }

    /// The request type is checked before access, as in v1; any collaborator, viewers included, may ask.
    @Sendable func request(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard case .string(let type)? = body.fields["request_type"], Self.requestTypes.contains(type) else {
            throw APIError(.badRequest, "Invalid request_type. Must be one of: start, review, help, continue")
        }
        let message = try body.string("message")
        let planID = try NodesController.planID(context)
        let node = try await store.transaction { session -> PlanNode in
            guard let access = try await policy.access(planID, userID: identity.id, in: session) else {
                throw NodesController.noAccess
            }
            let node = try await NodesController.node(
                context, plan: planID, in: session, missing: "Node not found in this plan")
            let now = Date()
            guard let updated = try await session.nodeAgents.request(
                nodeID: node.id, type: type, message: message, by: identity.id, at: now)
            else { throw APIError(.notFound, "Node not found in this plan") }
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: identity.id,
                content: "Requested agent to \(type)" + (message.map { ": \"\($0)\"" } ?? ""), logType: "progress",
                metadata: .emptyObject, tags: [])
            try await session.domainEvents.record(
                NodeEvents.agentRequested(updated, plan: access.plan, requester: identity, at: now))
            return updated
        }
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    @Sendable func clearRequest(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try NodesController.planID(context)
        let node = try await store.transaction { session -> PlanNode in
            guard let access = try await policy.access(planID, userID: identity.id, in: session) else {
                throw NodesController.noAccess
            }
            let id = context.parameters.get("nodeId").flatMap(UUID.init(uuidString:))
            guard let id else { throw APIError(.notFound, "Node not found in this plan") }
            let before = try await session.planNodes.find(id: id)
            guard let node = try await session.nodeAgents.clearRequest(nodeID: id, planID: planID) else {
                throw APIError(.notFound, "Node not found in this plan")
            }
            if let before, before.planID == planID,
                let event = NodeEvents.agentResponded(before, plan: access.plan, responder: identity, response: .requestCleared)
            {
                try await session.domainEvents.record(event)
            }
            return node
        }
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    /// v1 persisted the assignment and then never answered (a logger it did not import); v2 answers as
    /// v1 intended. The order of checks is v1's: node, plan, permission, agent.
    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let agentText = try body.string("agent_id") else { throw APIError(.badRequest, "agent_id is required") }
        let planID = context.parameters.get("id").flatMap(UUID.init(uuidString:))
        let (node, agent) = try await store.transaction { session -> (PlanNode, User) in
            let node = try await Self.nodeInPlan(context, planID: planID, in: session)
            let access = try await policy.requireExisting(
                .edit, planID, userID: identity.id, in: session, denied: "Insufficient permissions")
            guard let agentID = UUID(uuidString: agentText), let agent = try await session.users.find(id: agentID) else {
                throw APIError(.notFound, "Agent not found")
            }
            guard let updated = try await session.nodeAgents.assign(
                nodeID: node.id, agentID: agent.id, by: identity.id, at: Date())
            else { throw APIError(.notFound, "Node not found in this plan") }
            try await session.domainEvents.record(
                NodeEvents.agentAssigned(updated, plan: access.plan, agent: agent, by: identity))
            return (updated, agent)
        }
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
        let planID = context.parameters.get("id").flatMap(UUID.init(uuidString:))
        try await store.transaction { session in
            let node = try await Self.nodeInPlan(context, planID: planID, in: session)
            _ = try await policy.requireExisting(
                .edit, planID, userID: identity.id, in: session, denied: "Insufficient permissions")
            try await session.nodeAgents.clearAssignment(nodeID: node.id)
        }
        return Response(status: .noContent)
    }

    /// v1 answered anyone, for any ids; v2 asks for access to the plan and the node to be in it.
    @Sendable func suggested(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try NodesController.planID(context)
        let tags = (request.uri.queryParameters["tags"].map(String.init) ?? "")
            .split(separator: ",").map { $0.lowercased().trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let agents = try await store.withSession { session -> [User] in
            guard try await policy.access(planID, userID: identity.id, in: session) != nil else {
                throw NodesController.noAccess
            }
            _ = try await NodesController.node(context, plan: planID, in: session, missing: "Node not found in this plan")
            return try await session.nodeAgents.agents(withAnyTag: tags, limit: 20)
        }
        return JSONResponse.make(
            JSONValue.object([
                "agents": .array(
                    agents.map { agent in
                        [
                            "id": .string(agent.id.lowercased), "name": PlanJSON.text(agent.name),
                            "email": .string(agent.email), "avatar_url": PlanJSON.text(agent.avatarURL),
                            "capability_tags": .array(agent.capabilityTags.map(JSONValue.string)),
                        ]
                    })
            ]))
    }

    /// The path's node when it is in the path's plan; otherwise v1's 404 (checked before access, as v1 did).
    static func nodeInPlan(_ context: AppRequestContext, planID: UUID?, in session: DataSession) async throws -> PlanNode {
        guard let planID, let id = context.parameters.get("nodeId").flatMap(UUID.init(uuidString:)),
            let node = try await session.planNodes.find(id: id), node.planID == planID
        else { throw APIError(.notFound, "Node not found in this plan") }
        return node
    }
}
