import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import NIOHTTP1
import Persistence
import ReferenceServer
import ServerHarness
import Synchronization
import TestSupport
import Testing

/// Realtime events across two server processes' worth of instances sharing one PostgreSQL (LISTEN/NOTIFY).
@Suite("Realtime across instances")
struct RealtimeTests {
    static func call(_ method: HTTPMethod, _ url: String, _ body: JSONValue?, token: String? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Content-Type", value: "application/json")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { request.body = .bytes(.init(string: body.jsonText)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return try JSONValue(jsonText: String(buffer: bytes))
    }

    @Test("a client of instance A sees the events of REST calls made on instance B")
    func crossInstance() async throws {
        try await TestDatabases.withLocation(.postgres, migrated: true) { location in
            var configuration = ServerConfiguration(database: location, port: 0, jwtSecret: AuthHarness.secret)
            configuration.auth.bcryptCost = 4
            configuration.rateLimits.enabled = false
            let shared = configuration
            let logger = TestDatabases.logger
            try await InProcessServer.withServer(shared, logger: logger) { serverA in
                try await InProcessServer.withServer(shared, logger: logger) { serverB in
                    // setup: a user and a plan, made through B
                    let registered = try await Self.call(
                        .POST, serverB + "/auth/register",
                        ["email": "live@example.com", "password": "long-enough-1", "name": "Live"])
                    let token = try #require(registered["session"]?["access_token"]?.stringValue)
                    let plan = try await Self.call(.POST, serverB + "/plans", ["title": "Across"], token: token)
                    let planID = try #require(plan["id"]?.stringValue)
                    let received = Mutex<[String]>([])
                    let wsURL = serverA.replacingOccurrences(of: "http://", with: "ws://") + "/ws/collaborate?token=\(token)"
                    // act: join on A, then create a node and change its status through B
                    _ = try await WebSocketClient.connect(url: wsURL, logger: logger) { inbound, outbound, _ in
                        var iterator = inbound.messages(maxSize: 1 << 20).makeAsyncIterator()
                        // Never hang the suite: a missing event fails after 15 s.
                        let watchdog = Task {
                            try await Task.sleep(for: .seconds(15))
                            try await outbound.close(.goingAway, reason: "timed out")
                        }
                        defer { watchdog.cancel() }
                        func next() async throws -> JSONValue? {
                            guard case .text(let text)? = try await iterator.next() else { return nil }
                            let value = try JSONValue(jsonText: text)
                            received.withLock { $0.append(value["type"]?.stringValue ?? "?") }
                            return value
                        }
                        _ = try await next()  // connection
                        try await outbound.write(.text(JSONValue.object(["type": "join_plan", "planId": .string(planID)]).jsonText))
                        _ = try await next()  // active_users
                        let node = try await Self.call(
                            .POST, serverB + "/plans/\(planID)/nodes", ["node_type": "task", "title": "Remote"], token: token)
                        let nodeID = try #require(node["id"]?.stringValue)
                        let created = try await next()
                        #expect(created?["payload"]?["id"]?.stringValue == nodeID)
                        _ = try await Self.call(
                            .PUT, serverB + "/plans/\(planID)/nodes/\(nodeID)/status", ["status": "completed"], token: token)
                        let changed = try await next()
                        #expect(changed?["payload"]?["newStatus"] == "completed")
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    // assert
                    #expect(received.withLock { $0 } == ["connection", "active_users", "node.created", "node.status_changed"])
                }
            }
        }
    }
}
