import CoreMetrics
import Crypto
import Foundation
import Hummingbird
import Logging
import NIOCore
import Persistence

/// `GET /metrics`: the application's registry in Prometheus' text format, behind a bearer token.
///
/// Off (404, like any unknown path) unless `METRICS_TOKEN` is configured; with it, a request without
/// `Authorization: Bearer <token>` gets 401. Gauges that describe shared state (the outbox, the delivery
/// queue, the pool, websocket connections) are read at scrape time, so they are true whichever process
/// dispatches.
struct MetricsController {
    let metrics: AppMetrics
    let token: String?
    let store: any DatabaseStore
    /// nil in `agentplanner worker`, which holds no websockets.
    let hub: RealtimeHub?
    let logger: Logger

    @Sendable func scrape<Context: RequestContext>(_ request: Request, context: Context) async throws -> Response {
        guard let token else { throw HTTPError(.notFound) }
        guard let presented = request.headers[.authorization], Self.matches(presented, token: token) else {
            var response = JSONResponse.make(APIError(.unauthorized, "A metrics token is required").body, status: .unauthorized)
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        await refreshGauges()
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: metrics.registry.emitToBuffer())))
    }

    /// Compares digests, so the time taken says nothing about how much of the token was right.
    static func matches(_ header: String, token: String) -> Bool {
        SHA256.hash(data: Data(header.utf8)) == SHA256.hash(data: Data("Bearer \(token)".utf8))
    }

    private func gauge(_ label: String, _ value: Int, _ dimensions: [(String, String)] = []) {
        Gauge(label: label, dimensions: dimensions, factory: metrics.factory).record(value)
    }

    private func refreshGauges() async {
        if let hub { gauge("agentplanner_realtime_connections", await hub.connectionCount) }
        if let postgres = store as? PostgresStore {
            gauge("agentplanner_db_pool_connections_in_use", postgres.connectionsInUse)
            gauge("agentplanner_db_pool_connections_max", postgres.maximumConnections)
        }
        do {
            let (waiting, deliveries) = try await store.withSession { session in
                (try await session.outbox.countUndispatched(), try await session.deliveries.countsByStatus())
            }
            gauge("agentplanner_dispatch_events_waiting", waiting)
            for status in DeliveryStatus.allCases {
                gauge("agentplanner_dispatch_deliveries", deliveries[status, default: 0], [("status", status.rawValue)])
            }
        } catch {
            // The scrape still answers with everything else; the gauges keep their last values.
            logger.warning("metrics: reading the dispatch queue failed", metadata: ["error": "\(error)"])
        }
    }
}
