import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence

/// The API's JSON for integrations and deliveries. Secrets never appear: only whether one is set.
enum IntegrationJSON {
    static func integration(_ integration: MessagingIntegration) -> JSONValue {
        [
            "id": .string(integration.id.uuidString.lowercased()), "adapter": .string(integration.adapter.rawValue),
            "name": .string(integration.name), "config": integration.config,
            "events": .array(integration.events.map(JSONValue.string)), "is_active": .bool(integration.isActive),
            "has_secret": .bool(integration.secret != nil),
            "created_at": .string(TimestampFormat.api(integration.createdAt)),
            "updated_at": .string(TimestampFormat.api(integration.updatedAt)),
        ]
    }

    static func delivery(_ delivery: MessageDelivery) -> JSONValue {
        func date(_ value: Date?) -> JSONValue { value.map { .string(TimestampFormat.api($0)) } ?? .null }
        return [
            "id": .string(delivery.id.uuidString.lowercased()),
            "event_id": delivery.eventID.map { .string($0.uuidString.lowercased()) } ?? .null,
            "integration_id": .string(delivery.integrationID.uuidString.lowercased()),
            "adapter": .string(delivery.adapter.rawValue), "event_type": .string(delivery.eventType),
            "status": .string(delivery.status.rawValue), "attempts": .number(Double(delivery.attempts)),
            "next_attempt_at": date(delivery.nextAttemptAt), "last_error": delivery.lastError.map(JSONValue.string) ?? .null,
            "response_status": delivery.responseStatus.map { .number(Double($0)) } ?? .null,
            "idempotency_key": .string(delivery.idempotencyKey), "payload": delivery.payload,
            "created_at": date(delivery.createdAt), "delivered_at": date(delivery.deliveredAt),
            "updated_at": date(delivery.updatedAt),
        ]
    }

    /// Event names an integration may subscribe to: v1's webhook names, the bus names and `*`.
    static let subscribableEvents: Set<String> = Set(
        [
            "*", "task.agent_requested", "task.start_requested", "task.review_requested", "task.help_requested",
            "task.continue_requested", "task.blocked", "task.unblocked", "task.completed", "task.status_changed",
            "task.assigned", "plan.shared", "decision.requested", "decision.requested.blocking", "decision.resolved",
            "agent.response.received",
        ] + DomainEvent.Kind.allCases.map(\.rawValue))
}
