import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /context` and `GET /context/plan` (ROUTES.md §4.13): reads the query, calls `AgentContextService`,
/// writes v1's shapes.
struct AgentContextController: Sendable {
    let service: AgentContextService

    @Sendable func node(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let raw = query["node_id"], !raw.isEmpty else { throw APIError(.badRequest, "node_id is required") }
        // v1 answered a malformed id like a missing node.
        let found = try await FeatureHTTP.run {
            try await service.nodeContext(
                nodeID: FeatureHTTP.uuid(raw), userID: identity.id, includeSiblings: query["include_siblings"] == "true")
        }
        let knowledge = query["include_knowledge"].map(String.init) ?? "true" == "true"
        return AgentContextOutput.NodeView(found: found, knowledge: knowledge).response()
    }

    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let raw = query["plan_id"], !raw.isEmpty else { throw APIError(.badRequest, "plan_id is required") }
        // v1 checked access first, so a malformed or unknown id is a 403 there too.
        let found = try await FeatureHTTP.run { try await service.planContext(planID: FeatureHTTP.uuid(raw), userID: identity.id) }
        let knowledge = query["include_knowledge"].map(String.init) ?? "true" == "true"
        return AgentContextOutput.PlanView(found: found, knowledge: knowledge).response()
    }
}

/// v1's JSON shapes of the agent context: parts of the node, plan and goal rows.
enum AgentContextOutput {
    static let knowledge = JSONSchema.array(JSONSchema.freeForm("v2 keeps no knowledge entries: always empty"))
    static let organization = JSONSchema.type("null")

    /// `GET /context`; `siblings` with `include_siblings=true`, `knowledge` unless `include_knowledge` is not `true`.
    struct NodeView: ShapedOutput {
        let found: AgentContextService.NodeContext
        let knowledge: Bool
        static let sibling = NodeShapes.columns.keeping(["id", "node_type", "title", "status", "order_index"])
        static let shape = ObjectShape<NodeView>([
            .object("node", NodeShapes.columns.keeping(["id", "node_type", "title", "description", "status", "context", "agent_instructions"])) {
                $0.found.node
            },
            .objects("ancestry", NodeShapes.columns.keeping(["id", "node_type", "title", "description", "status"])) { $0.found.ancestry },
            .object("plan", PlanShapes.columns.keeping(["id", "title", "description", "status", "github_repo_url"])) { $0.found.plan },
            .objects("goals", GoalShapes.columns.keeping(["id", "title", "description", "status", "success_metrics", "time_horizon"])) {
                $0.found.goals
            },
            .value("organization", organization) { _ in .null },
            .optional("siblings", JSONSchema.array(sibling.schema)) { $0.found.siblings.map { JSONValue.array($0.map(sibling.json)) } },
            .optional("knowledge", AgentContextOutput.knowledge) { $0.knowledge ? JSONValue.array([]) : JSONValue?.none },
        ])
    }

    /// `GET /context/plan`.
    struct PlanView: ShapedOutput {
        let found: AgentContextService.PlanContext
        let knowledge: Bool
        static let phase = ObjectShape<AgentContextService.PhaseSummary>([
            .id("id") { $0.phase.id }, .text("title") { $0.phase.title }, .text("status") { $0.phase.status },
            .integer("total_tasks") { $0.totalTasks }, .integer("completed_tasks") { $0.completedTasks },
        ])
        static let plan = PlanShapes.columns.keeping(["id", "title", "description", "status", "github_repo_url"])
            .reading { (found: AgentContextService.PlanContext) in found.plan }
            .adding([.value("progress", PlanShapes.progress) { .number(Double($0.progress)) }])
        static let shape = ObjectShape<PlanView>([
            .object("plan", plan) { $0.found }, .objects("phases", phase) { $0.found.phases },
            .objects("goals", GoalShapes.columns.keeping(["id", "title", "status", "success_metrics"])) { $0.found.goals },
            .value("organization", organization) { _ in .null },
            .optional("knowledge", AgentContextOutput.knowledge) { $0.knowledge ? JSONValue.array([]) : JSONValue?.none },
        ])
    }
}
