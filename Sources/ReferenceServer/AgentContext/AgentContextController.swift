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
        var body = AgentContextOutput.node(found)
        if query["include_knowledge"].map(String.init) ?? "true" == "true" { body["knowledge"] = .array([]) }
        return FeatureHTTP.ok(.object(body))
    }

    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let raw = query["plan_id"], !raw.isEmpty else { throw APIError(.badRequest, "plan_id is required") }
        // v1 checked access first, so a malformed or unknown id is a 403 there too.
        let found = try await FeatureHTTP.run { try await service.planContext(planID: FeatureHTTP.uuid(raw), userID: identity.id) }
        var body = AgentContextOutput.plan(found)
        if query["include_knowledge"].map(String.init) ?? "true" == "true" { body["knowledge"] = .array([]) }
        return FeatureHTTP.ok(.object(body))
    }
}

/// v1's JSON shapes of the agent context.
enum AgentContextOutput {
    static func node(_ found: AgentContextService.NodeContext) -> [String: JSONValue] {
        let node = found.node
        var body: [String: JSONValue] = [
            "node": [
                "id": .string(node.id.lowercased), "node_type": .string(node.nodeType), "title": .string(node.title),
                "description": PlanJSON.text(node.description), "status": .string(node.status),
                "context": PlanJSON.text(node.context), "agent_instructions": PlanJSON.text(node.agentInstructions),
            ],
            "ancestry": .array(
                found.ancestry.map { step in
                    [
                        "id": .string(step.id.lowercased), "node_type": .string(step.nodeType), "title": .string(step.title),
                        "description": PlanJSON.text(step.description), "status": .string(step.status),
                    ]
                }),
            "plan": [
                "id": .string(found.plan.id.lowercased), "title": .string(found.plan.title),
                "description": PlanJSON.text(found.plan.description), "status": .string(found.plan.status),
                "github_repo_url": PlanJSON.text(found.plan.githubRepoURL),
            ],
            "goals": .array(
                found.goals.map { goal in
                    [
                        "id": .string(goal.id.lowercased), "title": .string(goal.title),
                        "description": PlanJSON.text(goal.description), "status": .string(goal.status),
                        "success_metrics": goal.successMetrics, "time_horizon": PlanJSON.text(goal.timeHorizon),
                    ]
                }),
            "organization": .null,
        ]
        if let siblings = found.siblings {
            body["siblings"] = .array(
                siblings.map { sibling in
                    [
                        "id": .string(sibling.id.lowercased), "node_type": .string(sibling.nodeType),
                        "title": .string(sibling.title), "status": .string(sibling.status),
                        "order_index": .number(Double(sibling.orderIndex)),
                    ]
                })
        }
        return body
    }

    static func plan(_ found: AgentContextService.PlanContext) -> [String: JSONValue] {
        [
            "plan": [
                "id": .string(found.plan.id.lowercased), "title": .string(found.plan.title),
                "description": PlanJSON.text(found.plan.description), "status": .string(found.plan.status),
                "progress": .number(Double(found.progress)), "github_repo_url": PlanJSON.text(found.plan.githubRepoURL),
            ],
            "phases": .array(
                found.phases.map { summary in
                    [
                        "id": .string(summary.phase.id.lowercased), "title": .string(summary.phase.title),
                        "status": .string(summary.phase.status), "total_tasks": .number(Double(summary.totalTasks)),
                        "completed_tasks": .number(Double(summary.completedTasks)),
                    ]
                }),
            "goals": .array(
                found.goals.map { goal in
                    [
                        "id": .string(goal.id.lowercased), "title": .string(goal.title), "status": .string(goal.status),
                        "success_metrics": goal.successMetrics,
                    ]
                }),
            "organization": .null,
        ]
    }
}
