import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The read-only views agents load: plan progress and context, node context and ancestry (ROUTES.md §4.2, §4.3).
/// Each reads the plan's nodes in one query and builds the view in memory.
struct PlanContextController {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// The plan and all its nodes, for a caller with any role on it.
    private func load(_ context: AppRequestContext) async throws -> (Plan, [PlanNode]) {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        return try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: identity.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            return (access.plan, try await session.planNodes.list(planID: planID))
        }
    }

    static func brief(_ plan: Plan) -> JSONValue {
        ["id": .string(plan.id.lowercased), "title": .string(plan.title), "description": PlanJSON.text(plan.description),
         "status": .string(plan.status)]
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
        let answer = try await store.withSession { session -> JSONValue in
            guard let access = try await policy.access(planID, userID: identity.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            let node = try await context.pathNode(plan: planID, in: session, missing: "Node not found")
            let children = try await session.planNodes.list(planID: planID).filter { $0.parentID == node.id }
            var logs: [JSONValue] = []
            for log in try await session.nodeLogs.list(nodeID: node.id, logType: nil).prefix(10) {
                let user = try await session.users.find(id: log.userID)
                logs.append([
                    "id": .string(log.id.lowercased), "content": .string(log.content), "log_type": .string(log.logType),
                    "created_at": PlanJSON.time(log.createdAt), "user": PlanJSON.user(user, id: log.userID),
                ])
            }
            return [
                "plan": Self.brief(access.plan), "node": .object(NodeJSON.pick(node, NodeJSON.singleKeys)),
                "children": .array(children.map { .object(NodeJSON.pick($0, ["id", "node_type", "title", "description", "status"])) }),
                "logs": .array(logs),
            ]
        }
        return JSONResponse.make(answer)
    }

    @Sendable func ancestry(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes) = try await load(context)
        let byID = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0) })
        guard let start = context.parameters.get("nodeId").flatMap(UUID.init(uuidString:)).flatMap({ byID[$0] }) else {
            throw APIError(.notFound, "Node not found")
        }
        var chain: [PlanNode] = []
        var seen = Set<UUID>()
        var current: PlanNode? = start
        while let node = current, seen.insert(node.id).inserted {
            chain.append(node)
            current = node.parentID.flatMap { byID[$0] }
        }
        let keys = ["id", "parent_id", "node_type", "title", "description", "status"]
        return JSONResponse.make(
            JSONValue.object([
                "plan": Self.brief(plan), "ancestry": .array(chain.reversed().map { .object(NodeJSON.pick($0, keys)) }),
            ]))
    }
}
