import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Editing and moving nodes (ROUTES.md §4.3): PUT a node, POST …/move (rules in `NodeService`).
struct NodeEditController {
    let nodes: NodeService

    /// Keeps metadata when the body omits it (v1 wiped it to `{}` on every update).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        let nodeID = try context.validatedPathID("nodeId")
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
        let node = try await nodes.update(changes, planID: planID, nodeID: nodeID, by: identity)
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        let nodeID = try context.validatedPathID("nodeId")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["parent_id", "order_index"])
        let parent = body.uuid("parent_id", required: true).flatMap(UUID.init(uuidString:))
        let orderIndex = body.nonNegativeInteger("order_index")
        try body.check()
        guard let parent else { throw APIError.internalError }
        let node = try await nodes.move(planID: planID, nodeID: nodeID, to: parent, orderIndex: orderIndex, by: identity)
        return JSONResponse.make(JSONValue.object(NodeJSON.row(node)))
    }
}
