import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence

/// The API's JSON for integrations and deliveries, each written and described by one list. Secrets never
/// appear: only whether one is set.
enum IntegrationJSON {
    /// A `messaging_integrations` row.
    struct Integration: ShapedOutput {
        let integration: MessagingIntegration
        static let shape = ObjectShape<Integration>([
            .id("id") { $0.integration.id },
            .value("adapter", JSONSchema.oneOf(MessagingAdapterKind.allCases.map(\.rawValue))) { .string($0.integration.adapter.rawValue) },
            .text("name") { $0.integration.name }, .stored("config", "the adapter's settings") { $0.integration.config },
            .strings("events") { $0.integration.events }, .flag("is_active") { $0.integration.isActive },
            .flag("has_secret") { $0.integration.secret != nil }, .time("created_at") { $0.integration.createdAt },
            .time("updated_at") { $0.integration.updatedAt },
        ])
    }

    /// A `message_deliveries` row.
    struct Delivery: ShapedOutput {
        let delivery: MessageDelivery
        static let shape = ObjectShape<Delivery>([
            .id("id") { $0.delivery.id }, .optionalID("event_id") { $0.delivery.eventID }, .id("integration_id") { $0.delivery.integrationID },
            .value("adapter", JSONSchema.oneOf(MessagingAdapterKind.allCases.map(\.rawValue))) { .string($0.delivery.adapter.rawValue) },
            .text("event_type") { $0.delivery.eventType },
            .value("status", JSONSchema.oneOf(DeliveryStatus.allCases.map(\.rawValue))) { .string($0.delivery.status.rawValue) },
            .integer("attempts") { $0.delivery.attempts }, .time("next_attempt_at") { $0.delivery.nextAttemptAt },
            .optionalText("last_error") { $0.delivery.lastError },
            .value("response_status", JSONSchema.nullable(JSONSchema.type("integer"))) {
                $0.delivery.responseStatus.map { .number(Double($0)) } ?? .null
            },
            .text("idempotency_key") { $0.delivery.idempotencyKey }, .stored("payload", "the event as sent") { $0.delivery.payload },
            .time("created_at") { $0.delivery.createdAt }, .time("delivered_at") { $0.delivery.deliveredAt },
            .time("updated_at") { $0.delivery.updatedAt },
        ])
    }

    /// `GET /integrations`.
    struct Integrations: ShapedOutput {
        let items: [MessagingIntegration]
        static let shape = ObjectShape<Integrations>([.list("integrations") { $0.items.map(Integration.init) }])
    }

    /// `GET /integrations/:id/deliveries`, `GET /integrations/deliveries`.
    struct Deliveries: ShapedOutput {
        let items: [MessageDelivery]
        static let shape = ObjectShape<Deliveries>([.list("deliveries") { $0.items.map(Delivery.init) }])
    }

    /// `POST /integrations/deliveries/:deliveryId/replay`.
    struct Replayed: ShapedOutput {
        let delivery: MessageDelivery
        static let shape = ObjectShape<Replayed>([
            .flag("success") { _ in true }, .object("delivery", Delivery.shape) { Delivery(delivery: $0.delivery) },
        ])
    }

    /// `POST /integrations/:id/test`: what the receiver answered.
    struct Tested: ShapedOutput {
        let status: Int
        static let shape = ObjectShape<Tested>([.flag("success") { _ in true }, .integer("response_status") { $0.status }])
    }

    /// `{success: true}`.
    struct Success: ShapedOutput {
        static let shape = ObjectShape<Success>([.flag("success") { _ in true }])
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
