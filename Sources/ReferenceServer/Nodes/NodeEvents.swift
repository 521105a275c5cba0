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

    /// How an agent answered an open request (DECISIONS.md §D4, inbound): a log on the task, or clearing it.
    enum Response {
        case log(content: String, logType: String)
        case requestCleared
    }

    /// `agent.response.received`, to the person who asked, when someone else answers their open request on
    /// `node`: nil when there is no open request or the requester answers themself. v1 had no such webhook;
    /// adapters get the bus name as the event.
    static func agentResponded(
        _ node: PlanNode, plan: Plan, responder: AuthenticatedUser, response: Response, at date: Date = Date()
    ) -> DomainEvent? {
        guard let type = node.agentRequested, let requester = node.agentRequestedBy, requester != responder.id else {
            return nil
        }
        let name = responder.name ?? responder.email
        let answer: JSONValue
        let message: String
        switch response {
        case .log(let content, let logType):
            answer = ["kind": "log", "content": .string(content), "log_type": .string(logType)]
            let preview = content.count > 200 ? String(content.prefix(200)) + "…" : content
            message = "💬 \(name) answered on \"\(node.title)\": \(preview)"
        case .requestCleared:
            answer = ["kind": "request_cleared"]
            message = "✅ \(name) finished the \(type) request on \"\(node.title)\""
        }
        return DomainEvent(
            kind: .agentResponseReceived,
            payload: [
                "recipient_user_id": .string(requester.lowercased),
                "v1_event": "agent.response.received",
                "plan": planSummary(plan),
                "task": .object(taskSummary(node)),
                "request": [
                    "type": .string(type), "message": PlanJSON.text(node.agentRequestMessage),
                    "requested_at": node.agentRequestedAt.map { .string(TimestampFormat.javaScript($0)) } ?? .null,
                ],
                "response": answer,
                "actor": ["name": .string(name), "type": .string(responder.method == .apiKey ? "agent" : "user")],
                "message": .string(message),
            ],
            actorUserID: responder.id, planID: plan.id, createdAt: date)
    }

    static func planSummary(_ plan: Plan) -> JSONValue {
        ["id": .string(plan.id.lowercased), "title": .string(plan.title)]
    }

    static func taskSummary(_ node: PlanNode) -> [String: JSONValue] {
        ["id": .string(node.id.lowercased), "title": .string(node.title), "status": .string(node.status)]
    }
}
