import EventDispatch
import Foundation
import Persistence

/// Delivery history per integration and per event, and replay of dead deliveries (DECISIONS.md §D4). Only the
/// caller's own integrations' deliveries are visible; someone else's answer as missing. No HTTP here.
struct DeliveryHistory: Sendable {
    let store: any DatabaseStore

    func deliveries(
        integrationID: UUID, status: DeliveryStatus?, limit: Int, offset: Int, caller: AuthenticatedUser
    ) async throws -> [MessageDelivery] {
        let deliveries = try await store.withSession { session -> [MessageDelivery]? in
            guard let integration = try await session.messagingIntegrations.find(id: integrationID),
                integration.userID == caller.id
            else { return nil }
            return try await session.deliveries.list(integrationID: integrationID, status: status, limit: limit, offset: offset)
        }
        guard let deliveries else { throw APIError(.notFound, "Integration not found") }
        return deliveries
    }

    func deliveries(eventID: UUID, caller: AuthenticatedUser) async throws -> [MessageDelivery] {
        try await store.withSession { session in
            let mine = Set(try await session.messagingIntegrations.list(userID: caller.id).map(\.id))
            return try await session.deliveries.list(eventID: eventID).filter { mine.contains($0.integrationID) }
        }
    }

    /// A dead delivery goes back to `pending` under the same idempotency key; anything else is a 409.
    func replay(_ deliveryID: UUID, by caller: AuthenticatedUser) async throws -> MessageDelivery {
        let result = try await store.transaction { session -> (replayed: Bool, delivery: MessageDelivery)? in
            guard let delivery = try await session.deliveries.find(id: deliveryID),
                let integration = try await session.messagingIntegrations.find(id: delivery.integrationID),
                integration.userID == caller.id
            else { return nil }
            let replayed = try await session.deliveries.replay(id: deliveryID, at: Date())
            return try await session.deliveries.find(id: deliveryID).map { (replayed, $0) }
        }
        guard let (replayed, delivery) = result else { throw APIError(.notFound, "Delivery not found") }
        guard replayed else {
            throw APIError(.conflict, "Only a dead delivery can be replayed (this one is \(delivery.status.rawValue))")
        }
        // Wakes the workers at once; they would find it on their next poll anyway.
        try? await store.withSession { try await $0.outbox.notify() }
        return delivery
    }
}
