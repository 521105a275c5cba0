import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The read-only views agents load: plan progress and context, node context and ancestry (ROUTES.md §4.2, §4.3).
/// Each reads the plan's nodes in one query and builds the view in memory.
struct PlanContextController {
    let views: PlanViewService

    /// The plan and all its nodes, for a caller with any role on it.
    private func load(_ context: AppRequestContext) async throws -> (Plan, [PlanNode]) {
        let identity = try context.requireIdentity()
        return try await views.planAndNodes(try context.planIDOrNoAccess(), caller: identity)
    }

    @Sendable func progress(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, nodes) = try await load(context)
        return PlanContextOutput.Progress(nodes: nodes).response()
    }

    @Sendable func planContext(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes) = try await load(context)
        let structure = try KeyedNodeTree.planContext.root(nodes)
        return PlanContextOutput.Context(plan: plan, nodes: nodes, structure: structure).response()
    }

    @Sendable func nodeContext(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let view = try await views.nodeContext(planID: planID, nodeID: context.optionalPathID("nodeId"), caller: identity)
        return PlanContextOutput.NodeContext(view: view).response()
    }

    @Sendable func ancestry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes) = try await load(context)
        guard let chain = PlanViewService.ancestry(of: context.optionalPathID("nodeId"), in: nodes) else {
            throw APIError(.notFound, "Node not found")
        }
        return PlanContextOutput.Ancestry(plan: plan, chain: chain).response()
    }
}
