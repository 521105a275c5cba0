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

    static func brief(_ plan: Plan) -> JSONValue {
        [
            "id": .string(plan.id.lowercased), "title": .string(plan.title), "description": PlanJSON.text(plan.description),
            "status": .string(plan.status),
        ]
    }

    /// Counts include the root, as v1's did; the camelCase duplicates are v1's too.
    @Sendable func progress(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (_, nodes) = try await load(context)
        func count(_ status: String) -> JSONValue { .number(Double(nodes.filter { $0.status == status }.count)) }
        let percent = JSONValue.number(Double(PlanJSON.percentage(nodes)))
        let total = JSONValue.number(Double(nodes.count))
        return JSONResponse.make(
            JSONValue.object([
                "progress": percent, "total_nodes": total, "completed_nodes": count("completed"),
                "in_progress_nodes": count("in_progress"), "not_started_nodes": count("not_started"),
                "blocked_nodes": count("blocked"), "completion_percentage": percent, "totalNodes": total,
                "completedNodes": count("completed"), "inProgress": count("in_progress"),
                "notStarted": count("not_started"), "blocked": count("blocked"),
            ]))
    }

    @Sendable func planContext(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes) = try await load(context)
        let keys = ["id", "parent_id", "node_type", "title", "description", "status", "context", "agent_instructions"]
        guard let structure = NodeJSON.forest(PlanJSON.byCreation(nodes), keys: keys).first(where: { $0["node_type"] == "root" })
        else { throw APIError(.internalServerError, "Plan structure is invalid (no root node)") }
        var summary = PlanJSON.row(plan)
        for key in ["owner_id", "is_public", "view_count", "last_viewed_at", "visibility"] { summary.removeValue(forKey: key) }
        summary["progress"] = .number(Double(PlanJSON.percentage(nodes)))
        return JSONResponse.make(JSONValue.object(["plan": .object(summary), "structure": structure]))
    }

    @Sendable func nodeContext(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let view = try await views.nodeContext(planID: planID, nodeID: context.optionalPathID("nodeId"), caller: identity)
        let logs: [JSONValue] = view.logs.map { log, user in
            [
                "id": .string(log.id.lowercased), "content": .string(log.content), "log_type": .string(log.logType),
                "created_at": PlanJSON.time(log.createdAt), "user": PlanJSON.user(user, id: log.userID),
            ]
        }
        return JSONResponse.make(
            JSONValue.object([
                "plan": Self.brief(view.plan), "node": .object(NodeJSON.pick(view.node, NodeJSON.singleKeys)),
                "children": .array(
                    view.children.map { .object(NodeJSON.pick($0, ["id", "node_type", "title", "description", "status"])) }),
                "logs": .array(logs),
            ]))
    }

    @Sendable func ancestry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes) = try await load(context)
        guard let chain = PlanViewService.ancestry(of: context.optionalPathID("nodeId"), in: nodes) else {
            throw APIError(.notFound, "Node not found")
        }
        let keys = ["id", "parent_id", "node_type", "title", "description", "status"]
        return JSONResponse.make(
            JSONValue.object([
                "plan": Self.brief(plan), "ancestry": .array(chain.map { .object(NodeJSON.pick($0, keys)) }),
            ]))
    }
}
