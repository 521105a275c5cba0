import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Persistence

/// Delivery history per integration and per event, with status and attempts, and replay of dead deliveries.
/// Only the caller's own integrations' deliveries are visible.
struct DeliveriesController {
    let store: any DatabaseStore

    @Sendable func forIntegration(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw APIError(.badRequest, "Invalid integration ID format")
        }
        var status: DeliveryStatus?
        if let raw = request.uri.queryParameters.get("status") {
            guard let parsed = DeliveryStatus(rawValue: raw) else {
                throw APIError(.badRequest, "status must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let limit = try Self.number(request, "limit", default: 50, range: 1...500)
        let offset = try Self.number(request, "offset", default: 0, range: 0...1_000_000)
        let deliveries = try await store.withSession { [status] session -> [MessageDelivery]? in
            guard let integration = try await session.messagingIntegrations.find(id: id), integration.userID == identity.id
            else { return nil }
            return try await session.deliveries.list(integrationID: id, status: status, limit: limit, offset: offset)
        }
        guard let deliveries else { throw APIError(.notFound, "Integration not found") }
        return JSONResponse.make(["deliveries": .array(deliveries.map(IntegrationJSON.delivery))] as JSONValue)
    }

    @Sendable func forEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let raw = request.uri.queryParameters.get("event_id") else {
            throw APIError(.badRequest, "event_id is required")
        }
        guard let eventID = UUID(uuidString: String(raw)) else { throw APIError(.badRequest, "Invalid event ID format") }
        let deliveries = try await store.withSession { session in
            let mine = Set(try await session.messagingIntegrations.list(userID: identity.id).map(\.id))
            return try await session.deliveries.list(eventID: eventID).filter { mine.contains($0.integrationID) }
        }
        return JSONResponse.make(["deliveries": .array(deliveries.map(IntegrationJSON.delivery))] as JSONValue)
    }

    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = context.parameters.get("deliveryId").flatMap(UUID.init(uuidString:)) else {
            throw APIError(.badRequest, "Invalid delivery ID format")
        }
        let result = try await store.transaction { session -> (found: Bool, replayed: Bool, delivery: MessageDelivery?) in
            guard let delivery = try await session.deliveries.find(id: id),
                let integration = try await session.messagingIntegrations.find(id: delivery.integrationID),
                integration.userID == identity.id
            else { return (false, false, nil) }
            let replayed = try await session.deliveries.replay(id: id, at: Date())
            return (true, replayed, try await session.deliveries.find(id: id))
        }
        guard result.found, let delivery = result.delivery else { throw APIError(.notFound, "Delivery not found") }
        guard result.replayed else {
            throw APIError(.conflict, "Only a dead delivery can be replayed (this one is \(delivery.status.rawValue))")
        }
        try? await store.withSession { try await $0.outbox.notify() }
        return JSONResponse.make(["success": true, "delivery": IntegrationJSON.delivery(delivery)] as JSONValue)
    }

    static func number(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = request.uri.queryParameters.get(name) else { return value }
        guard let number = Int(String(raw)), range.contains(number) else {
            throw APIError(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
