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
        let node = try await nodes.create(try await NewNodeInput.read(request, context, planID: planID).fields, planID: planID, by: identity)
        return NodeRow(node: node).response(.created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let node = try await nodes.node(
            planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"), caller: identity)
        return NodeDetail(node: node).response()
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
        let status = try await NodeStatusInput.read(request, context).status
        let node = try await nodes.setStatus(
            status, planID: planID, nodeID: context.optionalPathID("nodeId"), by: identity)
        return NodeRow(node: node).response()
    }

    /// v1's validator and controller disagreed on log types, so most documented values failed; v2 accepts the
    /// union and defaults to `comment` as the validator intended.
    @Sendable func addLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.validatedPathID("id")
        let nodeID = try context.validatedPathID("nodeId")
        let input = try await NodeLogInput.read(request, context)
        let log = try await nodes.addLog(
            content: input.content, logType: input.logType, metadata: input.metadata, tags: input.tags, planID: planID,
            nodeID: nodeID, by: identity)
        return NodeLogRow(log: log).response(.created)
    }

    @Sendable func logs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let logs = try await nodes.logs(
            planID: try context.planIDOrNoAccess(), nodeID: context.optionalPathID("nodeId"),
            logType: request.uri.queryParameters["log_type"].map(String.init), caller: identity)
        return ListOutput(items: logs.map(NodeLogEntry.init)).response()
    }

    @Sendable func commentsRemoved(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        throw APIError(.gone, "Comments functionality has been removed. Please use logs endpoint instead.")
    }
}
