import AgentPlannerCore
import EventDispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import ProtocolFakes
import ReferenceServer
import TestSupport
import Testing

@Suite("Prometheus /metrics")
struct MetricsEndpointTests {
    static let token = "metrics-token-0123456789"

    static func scrape(_ h: AuthHarness) async throws -> PrometheusText {
        let headers: HTTPFields = [.authorization: "Bearer \(token)"]
        return try await h.client.execute(uri: "/metrics", method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            return PrometheusText(String(buffer: response.body))
        }
    }

    @Test("off without METRICS_TOKEN; with it, a request without the bearer token gets 401")
    func protection() async throws {
        try await AuthHarness.run(.sqlite) { h in
            let answer = try await h.send(.get, "/metrics")
            #expect(answer.status == .notFound)
        }
        try await AuthHarness.run(.sqlite, configure: { $0.observability.metricsToken = Self.token }) { h in
            #expect(try await h.send(.get, "/metrics").status == .unauthorized)
            #expect(try await h.send(.get, "/metrics", authorization: "Bearer wrong-token-0123456789").status == .unauthorized)
            #expect(try await h.send(.get, "/metrics", authorization: Self.token).status == .unauthorized)
            _ = try await Self.scrape(h)
        }
    }

    @Test(
        "after API calls and a delivery: per-route request counters, latency histograms and dispatch figures",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func figures(dialect: DatabaseDialect) async throws {
        let secret = "metrics-test-signing-secret-123"
        let hook = try await ProtocolFake.start(.webhook(secret: secret))
        defer { Task { await hook.shutdown() } }
        try await AuthHarness.run(
            dialect,
            configure: { configuration in
                configuration.observability.metricsToken = Self.token
                configuration.dispatchQuicklyInServer()
            }
        ) { h in
            // act: plain API calls, then one event delivered to a webhook by the server's engine
            let (userID, token, _) = try await h.register("metrics@example.com")
            let bearer = "Bearer \(token)"
            let plan = try await h.send(.post, "/plans", json: ["title": "Figures"], authorization: bearer)
            #expect(plan.status == .created)
            let planID = try #require(plan.json["id"]?.stringValue)
            for _ in 0..<3 { #expect(try await h.send(.get, "/plans/\(planID)", authorization: bearer).status == .ok) }
            // A plan that is not there: refused (v1's status, whichever it is), counted under the same template.
            let refused = try await h.send(.get, "/plans/\(UUID().uuidString.lowercased())", authorization: bearer)
            #expect(refused.status.code >= 400)
            #expect(try await h.send(.get, "/plans").status == .unauthorized)
            try await h.addWebhook(hook, secret: secret, authorization: bearer)
            try await h.recordBlockedEvent(for: userID)
            let deadline = Date().addingTimeInterval(120)
            var figures = try await Self.scrape(h)
            while figures.value("agentplanner_dispatch_deliveries_total", ["status": "delivered"]) == nil, Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
                figures = try await Self.scrape(h)
            }

            // assert: requests by route template, method and status
            let requests = "agentplanner_http_requests_total"
            #expect(figures.value(requests, ["route": "/auth/register", "method": "POST", "status": "201"]) == 1)
            #expect(figures.value(requests, ["route": "/plans", "method": "POST", "status": "201"]) == 1)
            #expect(figures.value(requests, ["route": "/plans/{id}", "method": "GET", "status": "200"]) == 3)
            #expect(figures.value(requests, ["route": "/plans/{id}", "method": "GET", "status": "\(refused.status.code)"]) == 1)
            #expect(figures.value(requests, ["route": "/plans", "method": "GET", "status": "401"]) == 1)
            #expect(!figures.samples.contains { $0.labels["route"]?.contains(planID) == true }, "raw ids leak into labels")
            let duration = "agentplanner_http_request_duration_seconds"
            #expect(figures.value(duration + "_count", ["route": "/plans/{id}", "method": "GET"]) == 4)
            #expect((figures.value(duration + "_bucket", ["route": "/plans/{id}", "le": "+Inf"]) ?? 0) == 4)
            // dispatch
            #expect((figures.value("agentplanner_dispatch_events_fanned_out_total") ?? 0) >= 1)
            #expect((figures.value("agentplanner_dispatch_deliveries_created_total") ?? 0) >= 1)
            #expect(figures.value("agentplanner_dispatch_attempts_total", ["adapter": "webhook"]) == 1)
            #expect(figures.value("agentplanner_dispatch_deliveries_total", ["adapter": "webhook", "status": "delivered"]) == 1)
            #expect(figures.value("agentplanner_dispatch_delivery_latency_seconds_count", ["adapter": "webhook"]) == 1)
            #expect(figures.value("agentplanner_dispatch_deliveries", ["status": "delivered"]) == 1)
            #expect(figures.value("agentplanner_dispatch_events_waiting") != nil)
            #expect(figures.value("agentplanner_realtime_connections") == 0)
            if dialect == .postgres {
                #expect(figures.value("agentplanner_db_pool_connections_max") == 20)
                #expect(figures.value("agentplanner_db_pool_connections_in_use") != nil)
            }
            #expect(hook.accepted.count == 1)
        }
    }

    @Test("two servers in one process keep their own figures")
    func perInstance() async throws {
        try await AuthHarness.run(.sqlite, configure: { $0.observability.metricsToken = Self.token }) { first in
            _ = try await first.register("first@example.com")
            try await AuthHarness.run(.sqlite, configure: { $0.observability.metricsToken = Self.token }) { second in
                let figures = try await Self.scrape(second)
                #expect(figures.value("agentplanner_http_requests_total", ["route": "/auth/register"]) == nil)
            }
            let figures = try await Self.scrape(first)
            #expect(figures.value("agentplanner_http_requests_total", ["route": "/auth/register"]) == 1)
        }
    }
}

@Suite("agentplanner worker's /metrics")
struct WorkerMetricsTests {
    @Test("the worker's listener answers /metrics behind the token, with the queue read from the database")
    func workerListener() async throws {
        try await TestDatabases.withLocation(.sqlite) { location in
            try await DatabaseStores.withStore(location, logger: TestDatabases.logger) { store in
                // setup: one event in the outbox and no engine running, so it waits
                _ = try await Migrator(store: store).migrate(logger: TestDatabases.logger)
                let event = DomainEvent(
                    kind: .taskStatusChanged, payload: ["v1_event": "task.blocked"], actorUserID: nil, planID: nil)
                try await store.transaction { try await $0.domainEvents.record(event) }
                var configuration = ServerConfiguration(database: location, port: 0)
                configuration.observability.metricsToken = MetricsEndpointTests.token
                let app = buildWorkerMetricsApplication(
                    store: store, configuration: configuration, metrics: AppMetrics(), logger: TestDatabases.logger)
                // act
                try await app.test(.router) { client in
                    try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .unauthorized) }
                    try await client.execute(uri: "/plans", method: .get) { #expect($0.status == .notFound) }
                    let headers: HTTPFields = [.authorization: "Bearer \(MetricsEndpointTests.token)"]
                    let text = try await client.execute(uri: "/metrics", method: .get, headers: headers) { response in
                        #expect(response.status == .ok)
                        return String(buffer: response.body)
                    }
                    // assert
                    let figures = PrometheusText(text)
                    #expect(figures.value("agentplanner_dispatch_events_waiting") == 1)
                    #expect(figures.value("agentplanner_dispatch_deliveries", ["status": "pending"]) == 0)
                    #expect(figures.value("agentplanner_realtime_connections") == nil)
                }
            }
        }
    }
}
