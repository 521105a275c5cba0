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
        let changes = try await NodeChangesInput.read(request, context).changes
        return NodeRow(node: try await nodes.update(changes, planID: planID, nodeID: nodeID, by: identity)).response()
    }

    @Sendable func move(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        let nodeID = try context.validatedPathID("nodeId")
        let input = try await NodeMoveInput.read(request, context)
        let node = try await nodes.move(planID: planID, nodeID: nodeID, to: input.parent, orderIndex: input.orderIndex, by: identity)
        return NodeRow(node: node).response()
    }
}
