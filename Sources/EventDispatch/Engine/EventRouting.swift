import AgentPlannerCore
import Foundation
import Persistence

/// Who receives an event, under which name, with which body (DomainEvent's payload convention).
public enum EventRouting {
    /// v1's webhook event name of the event (`v1_event`, else a name derived from the bus name).
    public static func v1Event(_ event: DomainEvent) -> String {
        if let name = event.payload["v1_event"]?.stringValue, !name.isEmpty { return name }
        switch event.kind {
        case .agentRequestCreated: return "task.agent_requested"
        case .agentResponseReceived: return "agent.response.received"
        case .decisionRequested: return "decision.requested"
        case .decisionResolved: return "decision.resolved"
        case .taskStatusChanged: return "task.status_changed"
        case .taskAssigned: return "task.assigned"
        case .planShared: return "plan.shared"
        }
    }

    public static func recipient(_ event: DomainEvent) -> UUID? {
        event.payload["recipient_user_id"]?.stringValue.flatMap(UUID.init(uuidString:))
    }

    /// The body every adapter starts from: v1's webhook body with `event`, `timestamp` (the event's time, as
    /// JavaScript's `toISOString()` printed it) and `idempotency_key`.
    public static func body(_ event: DomainEvent, idempotencyKey: String) -> JSONValue {
        var object: [String: JSONValue] = [:]
        if case .object(let fields) = event.payload { object = fields }
        object["recipient_user_id"] = nil
        object["v1_event"] = nil
        object["event"] = .string(v1Event(event))
        object["timestamp"] = .string(TimestampFormat.javaScript(event.createdAt))
        object["idempotency_key"] = .string(idempotencyKey)
        return .object(object)
    }

    /// Whether an integration subscribed to `subscriptions` (its own or, when empty, the adapter's defaults)
    /// receives the event. `*` is everything; `task.agent_requested` covers every agent request event (as in
    /// v1); `decision.requested` also covers `decision.requested.blocking`; bus names work too.
    public static func subscribed(_ subscriptions: [String], to event: DomainEvent) -> Bool {
        let name = v1Event(event)
        return subscriptions.contains { subscription in
            subscription == "*" || subscription == name || subscription == event.kind.rawValue
                || (subscription == "task.agent_requested" && name.hasPrefix("task.") && name.hasSuffix("_requested"))
                || (subscription == "decision.requested" && name == "decision.requested.blocking")
        }
    }
}
