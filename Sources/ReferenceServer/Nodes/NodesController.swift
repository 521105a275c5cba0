import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The plan tree (ROUTES.md §4.3): read the tree, create, read, delete nodes, change status, node logs, and
/// the removed comments (410).
struct NodesController {
    let nodes: NodeService

    @Sendable func tree(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let details = request.uri.queryParameters["include_details"] == "true"
        let rows = try await nodes.tree(planID: planID, details: details, caller: identity)
        return JSONResponse.make(bytes: NodeTreeWriter.bytes(rows))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: [
            "node_type", "title", "parent_id", "description", "status", "order_index", "due_date", "context",
            "agent_instructions", "metadata",
        ])
        let nodeType = body.oneOf("node_type", ValueDomains.nodeType, required: true)
        let title = body.string("title", required: true, minimum: 1, maximum: 255)
        let parent = body.nullableUUID("parent_id")
        let description = body.string("description", required: false, maximum: 10_000)
        // v1's validator also let `cancelled` through to a CHECK violation; v2 refuses it here.
        let status = body.oneOf("status", ValueDomains.nodeStatus)
        let orderIndex = body.nonNegativeInteger("order_index")
        let dueDate = body.isoDate("due_date")
        let contextText = body.string("context", required: false, maximum: 50_000)
        let instructions = body.string("agent_instructions", required: false, maximum: 50_000)
        let metadata = body.object("metadata")
        try body.check()
        guard let nodeType, let title else { throw APIError.internalError }
        let node = try await nodes.create(
            .init(
                nodeType: nodeType, title: title, parentID: parent, description: description, status: status,
                orderIndex: orderIndex, dueDate: dueDate, context: contextText, agentInstructions: instructions,
                metadata: metadata),
            planID: planID, by: identity)
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)), status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let node = try await nodes.node(
            planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"), caller: identity)
        return JSONResponse.make(JSONValue.object(NodeJSON.pick(node, NodeJSON.singleKeys)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await nodes.delete(planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"), by: identity)
        return Response(status: .noContent)
    }

    /// Writes v1's log row and, when the status really changes, an audit row with the acting user.
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let body = try await RequestJSON.read(request, context: context)
        let node = try await nodes.setStatus(
            try body.string("status"), planID: planID, nodeID: context.optionalPathID("nodeId"), by: identity)
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    /// v1's validator and controller disagreed on log types, so most documented values failed; v2 accepts the
    /// union and defaults to `comment` as the validator intended.
    @Sendable func addLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        let nodeID = try context.validatedPathID("nodeId")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["content", "log_type", "actor_type"])
        let content = body.string("content", required: true, minimum: 1, maximum: 50_000)
        let logType = body.oneOf("log_type", ValueDomains.logType)
        let actor = body.oneOf("actor_type", ["human", "agent"])
        try body.check()
        guard let content else { throw APIError.internalError }
        let log = try await nodes.addLog(
            content: content, logType: logType ?? "comment", actorType: actor, planID: planID, nodeID: nodeID, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(log.id.lowercased), "content": .string(log.content), "log_type": .string(log.logType),
                "created_at": PlanJSON.time(log.createdAt), "plan_node_id": .string(log.planNodeID.lowercased),
                "user_id": .string(log.userID.lowercased), "metadata": log.metadata ?? .emptyObject,
            ]), status: .created)
    }

    @Sendable func logs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let logs = try await nodes.logs(
            planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"),
            logType: request.uri.queryParameters["log_type"].map(String.init), caller: identity)
        return JSONResponse.make(
            JSONValue.array(
                logs.map { log in
                    [
                        "id": .string(log.id.lowercased), "content": .string(log.content), "log_type": .string(log.logType),
                        "created_at": PlanJSON.time(log.createdAt), "user_id": .string(log.userID.lowercased),
                        "actor_type": log.metadata?["actor_type"] ?? "human",
                        "user": ["id": .string(log.userID.lowercased), "name": .null, "email": .null],
                    ]
                }))
    }

    @Sendable func commentsRemoved(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        throw APIError(.gone, "Comments functionality has been removed. Please use logs endpoint instead.")
    }
}
