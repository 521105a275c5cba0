import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Editing and moving nodes (ROUTES.md §4.3): PUT a node, POST …/move with the cycle check v1 lacked.
struct NodeEditController {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.put(":id/nodes/:nodeId", use: update)
        group.post(":id/nodes/:nodeId/move", use: move)
    }

    /// Keeps metadata when the body omits it (v1 wiped it to `{}` on every update).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try UUIDFormat.parameter(context.parameters.get("id"))
        _ = try UUIDFormat.parameter(context.parameters.get("nodeId"), field: "nodeId")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: [
            "node_type", "title", "description", "status", "order_index", "due_date", "context", "agent_instructions",
            "metadata",
        ])
        var changes = PlanNodeChanges()
        changes.nodeType = body.oneOf("node_type", ValueDomains.nodeType)
        changes.title = body.string("title", required: false, minimum: 1, maximum: 255)
        changes.description = body.string("description", required: false, maximum: 10_000)
        changes.status = body.oneOf("status", ValueDomains.nodeStatus)
        changes.orderIndex = body.nonNegativeInteger("order_index")
        if body.fields["due_date"] != nil { changes.dueDate = .some(body.isoDate("due_date")) }
        changes.context = body.string("context", required: false, maximum: 50_000)
        changes.agentInstructions = body.string("agent_instructions", required: false, maximum: 50_000)
        changes.metadata = body.object("metadata")
        try body.check()
        let requested = changes
        let node = try await store.transaction { session -> PlanNode in
            let access = try await policy.require(
                .edit, planID, userID: identity.id, in: session,
                message: "You do not have permission to update nodes in this plan")
            let node = try await NodesController.node(context, plan: planID, in: session, missing: "Node not found in this plan")
            if let type = requested.nodeType, type != node.nodeType {
                if node.nodeType == "root" { throw APIError(.badRequest, "Cannot change root node type") }
                if type == "root" { throw APIError(.badRequest, "Cannot create additional root nodes (only one allowed)") }
            }
            guard let updated = try await session.planNodes.update(id: node.id, changes: requested) else {
                throw APIError(.notFound, "Node not found in this plan")
            }
            if let status = requested.status {
                try await NodesController.recordStatus(
                    status, of: node, now: updated, plan: access.plan, by: identity, in: session)
            }
            return updated
        }
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try UUIDFormat.parameter(context.parameters.get("id"))
        _ = try UUIDFormat.parameter(context.parameters.get("nodeId"), field: "nodeId")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["parent_id", "order_index"])
        let parent = body.uuid("parent_id", required: true).flatMap(UUID.init(uuidString:))
        let orderIndex = body.nonNegativeInteger("order_index")
        try body.check()
        guard let parent else { throw APIError.internalError }
        // Moves in one plan serialise on the plan row, so two concurrent moves cannot each pass the cycle check
        // against a tree the other is changing.
        let node = try await store.transaction { session -> PlanNode in
            _ = try await policy.require(
                .edit, planID, userID: identity.id, in: session,
                message: "You do not have permission to move nodes in this plan")
            try await session.plans.lockTree(planID: planID)
            let node = try await NodesController.node(context, plan: planID, in: session, missing: "Node not found")
            if node.nodeType == "root" { throw APIError(.badRequest, "Cannot move root nodes") }
            let nodes = try await session.planNodes.list(planID: planID)
            let parents = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.parentID) })
            guard parents.keys.contains(parent) else { throw APIError(.notFound, "Parent node not found") }
            if Self.isDescendant(parent, of: node.id, parents: parents) {
                throw APIError(.badRequest, "Cannot move a node under itself or one of its descendants")
            }
            var changes = PlanNodeChanges()
            changes.parentID = parent
            if let orderIndex { changes.orderIndex = orderIndex } else {
                changes.orderIndex = try await session.planNodes.nextOrderIndex(planID: planID, parentID: parent)
            }
            guard let moved = try await session.planNodes.update(id: node.id, changes: changes) else {
                throw APIError(.notFound, "Node not found")
            }
            let content = node.parentID == parent ? "Reordered \"\(node.title)\"" : "Moved \"\(node.title)\" to a different parent"
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: identity.id, content: content, logType: "progress", metadata: .emptyObject, tags: [])
            return moved
        }
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    /// True when `candidate` is `node` or lies below it; walks up at most once per node, so broken v1 data
    /// with a cycle cannot loop forever.
    static func isDescendant(_ candidate: UUID, of node: UUID, parents: [UUID: UUID?]) -> Bool {
        var current: UUID? = candidate
        var seen = Set<UUID>()
        while let id = current, seen.insert(id).inserted {
            if id == node { return true }
            current = parents[id] ?? nil
        }
        return false
    }
}
