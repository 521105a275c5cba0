import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Persistence

/// Delivery history per integration and per event, and replay of dead deliveries; rules in `DeliveryHistory`.
struct DeliveriesController {
    let history: DeliveryHistory

    @Sendable func forIntegration(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = context.optionalPathID("id") else { throw APIError(.badRequest, "Invalid integration ID format") }
        var status: DeliveryStatus?
        if let raw = request.uri.queryParameters.get("status") {
            guard let parsed = DeliveryStatus(rawValue: raw) else {
                throw APIError(.badRequest, "status must be one of \(DeliveryStatus.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            status = parsed
        }
        let limit = try Self.number(request, "limit", default: 50, range: 1...500)
        let offset = try Self.number(request, "offset", default: 0, range: 0...1_000_000)
        let deliveries = try await history.deliveries(
            integrationID: id, status: status, limit: limit, offset: offset, caller: identity)
        return IntegrationJSON.Deliveries(items: deliveries).response()
    }

    @Sendable func forEvent(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let raw = request.uri.queryParameters.get("event_id") else {
            throw APIError(.badRequest, "event_id is required")
        }
        guard let eventID = UUID(uuidString: String(raw)) else { throw APIError(.badRequest, "Invalid event ID format") }
        let deliveries = try await history.deliveries(eventID: eventID, caller: identity)
        return IntegrationJSON.Deliveries(items: deliveries).response()
    }

    @Sendable func replay(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = context.optionalPathID("deliveryId") else { throw APIError(.badRequest, "Invalid delivery ID format") }
        let delivery = try await history.replay(id, by: identity)
        return IntegrationJSON.Replayed(delivery: delivery).response()
    }

    static func number(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let raw = request.uri.queryParameters.get(name) else { return value }
        guard let number = Int(String(raw)), range.contains(number) else {
            throw APIError(.badRequest, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
