import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The plan tree (ROUTES.md §4.3): read the tree, create, read, delete nodes, change status, node logs, and
/// the removed comments (410).
struct NodesController {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(":id/nodes", use: tree)
        group.post(":id/nodes", use: create)
        group.get(":id/nodes/:nodeId", use: get)
        group.delete(":id/nodes/:nodeId", use: delete)
        group.put(":id/nodes/:nodeId/status", use: status)
        group.post(":id/nodes/:nodeId/log", use: addLog)
        group.get(":id/nodes/:nodeId/logs", use: logs)
        group.post(":id/nodes/:nodeId/comments", use: commentsRemoved)
        group.get(":id/nodes/:nodeId/comments", use: commentsRemoved)
    }

    static let noAccess = APIError(.forbidden, "You do not have access to this plan")

    /// A plan id from the path; malformed ids answer like missing plans (v1's 403).
    static func planID(_ context: AppRequestContext) throws -> UUID {
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw noAccess }
        return id
    }

    /// The node, when it belongs to the plan.
    static func node(_ context: AppRequestContext, plan: UUID, in session: DataSession, missing: String) async throws
        -> PlanNode
    {
        guard let id = context.parameters.get("nodeId").flatMap(UUID.init(uuidString:)),
            let node = try await session.planNodes.find(id: id), node.planID == plan
        else { throw APIError(.notFound, missing) }
        return node
    }

    @Sendable func tree(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try Self.planID(context)
        let details = request.uri.queryParameters["include_details"] == "true"
        let nodes = try await store.withSession { session -> [PlanNode] in
            guard try await policy.access(planID, userID: identity.id, in: session) != nil else { throw Self.noAccess }
            return try await session.planNodes.list(planID: planID)
        }
        return JSONResponse.make(
            JSONValue.array(NodeJSON.forest(nodes, keys: details ? NodeJSON.detailKeys : NodeJSON.summaryKeys)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try UUIDFormat.parameter(context.parameters.get("id"))
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
        let node = try await store.transaction { session -> PlanNode in
            _ = try await policy.require(
                .edit, planID, userID: identity.id, in: session,
                message: "You do not have permission to add nodes to this plan")
            if nodeType == "root" { throw APIError(.badRequest, "Cannot create additional root nodes (only one allowed)") }
            let parentID: UUID
            if let parent {
                guard let found = try await session.planNodes.find(id: parent), found.planID == planID else {
                    throw APIError(.badRequest, "Parent node not found in this plan")
                }
                parentID = found.id
            } else {
                guard let root = try await session.planNodes.root(planID: planID) else {
                    throw APIError(.internalServerError, "Plan structure is invalid (no root node)")
                }
                parentID = root.id
            }
            let order: Int
            if let orderIndex { order = orderIndex } else { order = try await session.planNodes.nextOrderIndex(planID: planID, parentID: parentID) }
            let node = try await session.planNodes.create(
                NewPlanNode(
                    planID: planID, parentID: parentID, nodeType: nodeType, title: title, description: description ?? "",
                    status: status ?? "not_started", orderIndex: order, dueDate: dueDate,
                    context: contextText ?? description ?? "", agentInstructions: instructions,
                    metadata: metadata ?? .emptyObject))
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: identity.id, content: "Created \(nodeType) \"\(title)\"", logType: "progress",
                metadata: .emptyObject, tags: [])
            return node
        }
        await realtime.publish(RealtimeEvents.node("node.created", node, by: identity))
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)), status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try Self.planID(context)
        let node = try await store.withSession { session -> PlanNode in
            guard try await policy.access(planID, userID: identity.id, in: session) != nil else { throw Self.noAccess }
            return try await Self.node(context, plan: planID, in: session, missing: "Node not found")
        }
        return JSONResponse.make(JSONValue.object(NodeJSON.pick(node, NodeJSON.singleKeys)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try Self.planID(context)
        let deleted = try await store.transaction { session -> PlanNode in
            _ = try await policy.require(
                .edit, planID, userID: identity.id, in: session,
                message: "You do not have permission to delete nodes in this plan")
            let node = try await Self.node(context, plan: planID, in: session, missing: "Node not found in this plan")
            if node.nodeType == "root" { throw APIError(.badRequest, "Cannot delete root node") }
            try await session.planNodes.delete(id: node.id)
            return node
        }
        await realtime.publish(RealtimeEvents.nodeDeleted(deleted, by: identity))
        return Response(status: .noContent)
    }

    /// Writes v1's log row and, when the status really changes, an audit row with the acting user.
    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try Self.planID(context)
        let body = try await RequestJSON.read(request, context: context)
        let (old, node) = try await store.transaction { session -> (String, PlanNode) in
            let access = try await policy.require(
                .edit, planID, userID: identity.id, in: session,
                message: "You do not have permission to update nodes in this plan")
            guard let status = try body.string("status") else { throw APIError(.badRequest, "Status is required") }
            guard ValueDomains.nodeStatus.contains(status) else {
                throw APIError(.badRequest, "Invalid status. Valid values are: not_started, in_progress, completed, blocked")
            }
            let node = try await Self.node(context, plan: planID, in: session, missing: "Node not found")
            guard let updated = try await session.planNodes.updateStatus(id: node.id, status: status) else {
                throw APIError(.notFound, "Node not found")
            }
            try await Self.recordStatus(status, of: node, now: updated, plan: access.plan, by: identity, in: session)
            return (node.status, updated)
        }
        await realtime.publish(RealtimeEvents.statusChanged(node, from: old, by: identity))
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    /// v1's `Updated status to <s>` log row (written even when the status is unchanged) and, when it really
    /// changes, an audit row with the acting user and the `task.status_changed` event. Shared by PUT …/status
    /// and PUT node; v1 sent its status webhooks from PUT node only, v2 from both (one rule for one change).
    static func recordStatus(
        _ status: String, of node: PlanNode, now updated: PlanNode, plan: Plan, by identity: AuthenticatedUser,
        in session: DataSession
    ) async throws {
        _ = try await session.nodeLogs.create(
            nodeID: node.id, userID: identity.id, content: "Updated status to \(status)", logType: "progress",
            metadata: .emptyObject, tags: [])
        if node.status != status {
            try await session.nodeLogs.auditStatusChange(
                nodeID: node.id, userID: identity.id, from: node.status, to: status, title: node.title)
            try await session.domainEvents.record(
                NodeEvents.statusChanged(
                    updated, from: node.status, plan: plan, actorID: identity.id,
                    actorName: identity.name ?? identity.email))
        }
    }

    /// v1's validator and controller disagreed on log types, so most documented values failed; v2 accepts the
    /// union and defaults to `comment` as the validator intended.
    @Sendable func addLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try UUIDFormat.parameter(context.parameters.get("id"))
        _ = try UUIDFormat.parameter(context.parameters.get("nodeId"), field: "nodeId")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["content", "log_type", "actor_type"])
        let content = body.string("content", required: true, minimum: 1, maximum: 50_000)
        let logType = body.oneOf("log_type", ValueDomains.logType)
        let actor = body.oneOf("actor_type", ["human", "agent"])
        try body.check()
        guard let content else { throw APIError.internalError }
        let log = try await store.transaction { session -> NodeLog in
            guard let access = try await policy.access(planID, userID: identity.id, in: session) else { throw Self.noAccess }
            let node = try await Self.node(context, plan: planID, in: session, missing: "Node not found in this plan")
            let log = try await session.nodeLogs.create(
                nodeID: node.id, userID: identity.id, content: content, logType: logType ?? "comment",
                metadata: actor.map { ["actor_type": .string($0)] } ?? .emptyObject, tags: [])
            if let event = NodeEvents.agentResponded(
                node, plan: access.plan, responder: identity, response: .log(content: content, logType: log.logType))
            {
                try await session.domainEvents.record(event)
            }
            return log
        }
        await realtime.publish(RealtimeEvents.logAdded(log, planID: planID, by: identity))
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(log.id.lowercased), "content": .string(log.content), "log_type": .string(log.logType),
                "created_at": PlanJSON.time(log.createdAt), "plan_node_id": .string(log.planNodeID.lowercased),
                "user_id": .string(log.userID.lowercased), "metadata": log.metadata ?? .emptyObject,
            ]), status: .created)
    }

    @Sendable func logs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try Self.planID(context)
        let filter = request.uri.queryParameters["log_type"].map(String.init)
        let logs = try await store.withSession { session -> [NodeLog] in
            guard try await policy.access(planID, userID: identity.id, in: session) != nil else { throw Self.noAccess }
            let node = try await Self.node(context, plan: planID, in: session, missing: "Node not found in this plan")
            return try await session.nodeLogs.list(nodeID: node.id, logType: filter)
        }
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
