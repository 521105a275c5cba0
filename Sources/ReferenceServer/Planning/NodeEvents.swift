import AgentPlannerCore
import Foundation
import Persistence

/// The domain events of the plan tree, in the payload convention of `DomainEvent` (v1's webhook bodies,
/// ROUTES.md §5.5, with the recipient and v1's event name beside them).
enum NodeEvents {
    static func agentRequested(_ node: PlanNode, plan: Plan, requester: AuthenticatedUser, at date: Date) -> DomainEvent {
        let type = node.agentRequested ?? "start"
        let name = requester.name ?? requester.email
        let verb = type.uppercased()
        return DomainEvent(
            kind: .agentRequestCreated,
            payload: [
                "recipient_user_id": .string(plan.ownerID.lowercased),
                "v1_event": .string("task.\(type)_requested"),
                "plan": planSummary(plan),
                "task": [
                    "id": .string(node.id.lowercased), "title": .string(node.title),
                    "description": PlanJSON.text(node.description), "node_type": .string(node.nodeType),
                    "status": .string(node.status), "agent_instructions": PlanJSON.text(node.agentInstructions),
                    "context": PlanJSON.text(node.context),
                ],
                "request": [
                    "type": .string(type), "message": PlanJSON.text(node.agentRequestMessage),
                    "requested_at": .string(TimestampFormat.javaScript(date)), "requested_by": .string(name),
                ],
                "actor": ["name": .string(name), "type": "user"],
                "message": .string("🤖 Agent requested to \(verb) \"\(node.title)\" in \"\(plan.title)\""),
            ],
            actorUserID: requester.id, planID: plan.id, createdAt: date)
    }

    static func agentAssigned(_ node: PlanNode, plan: Plan, agent: User, by actor: AuthenticatedUser) -> DomainEvent {
        DomainEvent(
            kind: .taskAssigned,
            payload: [
                "recipient_user_id": .string(agent.id.lowercased),
                "v1_event": "task.assigned",
                "plan": planSummary(plan),
                "task": .object(taskSummary(node)),
                "actor": ["name": .string(actor.name ?? actor.email), "type": "user"],
                "message": .string("📌 You were assigned \"\(node.title)\" in \"\(plan.title)\""),
            ],
            actorUserID: actor.id, planID: plan.id)
    }

    /// A real status change (from → to). v1 sent `task.blocked`, `task.unblocked` and `task.completed`;
    /// other changes carry the bus name.
    static func statusChanged(_ node: PlanNode, from: String, plan: Plan, actorID: UUID, actorName: String)
        -> DomainEvent
    {
        let to = node.status
        let (event, message): (String, String) =
            if to == "blocked" {
                ("task.blocked", "🚫 Task blocked: \"\(node.title)\"")
            } else if from == "blocked" {
                ("task.unblocked", "✅ Task unblocked: \"\(node.title)\"")
            } else if to == "completed" {
                ("task.completed", "🎉 Task completed: \"\(node.title)\"")
            } else {
                ("task.status_changed", "🔄 \"\(node.title)\" is now \(to)")
            }
        var task = taskSummary(node)
        task["previous_status"] = .string(from)
        return DomainEvent(
            kind: .taskStatusChanged,
            payload: [
                "recipient_user_id": .string(plan.ownerID.lowercased),
                "v1_event": .string(event),
                "plan": planSummary(plan),
                "task": .object(task),
                "actor": ["name": .string(actorName), "type": "user"],
                "message": .string(message),
            ],
            actorUserID: actorID, planID: plan.id)
    }

    static func planSummary(_ plan: Plan) -> JSONValue {
        ["id": .string(plan.id.lowercased), "title": .string(plan.title)]
    }

    static func taskSummary(_ node: PlanNode) -> [String: JSONValue] {
        ["id": .string(node.id.lowercased), "title": .string(node.title), "status": .string(node.status)]
    }
}
