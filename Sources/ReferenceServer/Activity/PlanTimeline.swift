import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

extension ActivityController {
    /// A plan's history, oldest first: its creation, each node's creation, status/decision/move logs, and
    /// decision requests and resolutions. (v1's `knowledge_added` items came from a production-only table the
    /// design drops, so v2 has none.)
    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let (plan, nodes, logPage, decisions) = try await activity.timeline(planID: planID, caller: identity)
        let logs = logPage.entries
        let users = logPage.users
        var items: [(Date, JSONValue)] = []
        let created = plan.createdAt ?? .distantPast
        items.append(
            (
                created,
                [
                    "id": .string("plan-creation-\(plan.id.lowercased)"), "type": "plan_created", "date": PlanJSON.time(plan.createdAt),
                    "title": .string("Plan \"\(plan.title)\" created"), "description": .string(plan.description ?? ""),
                    "entity_id": .string(plan.id.lowercased), "entity_type": "plan",
                ]
            ))
        for node in nodes {
            let kind = node.nodeType.prefix(1).uppercased() + node.nodeType.dropFirst()
            items.append(
                (
                    node.createdAt ?? .distantPast,
                    [
                        "id": .string("node-creation-\(node.id.lowercased)"), "type": "node_created",
                        "date": PlanJSON.time(node.createdAt), "title": .string("\(kind) \"\(node.title)\" created"),
                        "description": "", "entity_id": .string(node.id.lowercased), "entity_type": "node",
                        "node_type": .string(node.nodeType), "status": .string(node.status),
                    ]
                ))
        }
        for log in logs {
            items.append(
                (
                    log.createdAt ?? .distantPast,
                    [
                        "id": .string(log.id.lowercased), "type": "log", "date": PlanJSON.time(log.createdAt),
                        "title": .string(log.content), "description": "", "entity_id": .string(log.nodeID.lowercased),
                        "entity_type": "node", "node_title": .string(log.nodeTitle), "node_type": .string(log.nodeType),
                        "user": PlanJSON.person(users[log.userID]),
                    ]
                ))
        }
        for decision in decisions {
            let summary = String(decision.context.prefix(200)) + (decision.context.count > 200 ? "..." : "")
            items.append(
                (
                    decision.createdAt,
                    [
                        "id": .string("decision-requested-\(decision.id.lowercased)"), "type": "decision_requested",
                        "date": PlanJSON.time(decision.createdAt), "title": .string("Decision requested: \"\(decision.title)\""),
                        "description": .string(summary), "entity_id": .string(decision.id.lowercased),
                        "entity_type": "decision", "urgency": .string(decision.urgency),
                        "actor_type": .string(decision.requestedByAgentName == nil ? "human" : "agent"),
                        "actor_name": PlanJSON.text(decision.requestedByAgentName),
                        "node_id": decision.nodeID.map { .string($0.lowercased) } ?? .null,
                    ]
                ))
            if decision.status == "decided", let decidedAt = decision.decidedAt {
                items.append(
                    (
                        decidedAt,
                        [
                            "id": .string("decision-resolved-\(decision.id.lowercased)"), "type": "decision_resolved",
                            "date": PlanJSON.time(decidedAt), "title": .string("Decision made: \"\(decision.title)\""),
                            "description": PlanJSON.text(decision.decision), "entity_id": .string(decision.id.lowercased),
                            "entity_type": "decision", "rationale": PlanJSON.text(decision.rationale),
                        ]
                    ))
            }
        }
        let ordered = items.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }
            .map(\.element.1)
        let answer: JSONValue = [
            "plan": [
                "id": .string(plan.id.lowercased), "title": .string(plan.title),
                "description": PlanJSON.text(plan.description), "created_at": PlanJSON.time(plan.createdAt),
            ],
            "timeline": .array(ordered),
        ]
        return JSONResponse.make(answer)
    }
}
