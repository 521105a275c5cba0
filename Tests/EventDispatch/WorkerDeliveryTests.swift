import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import TestSupport
import Testing

@Suite("Workers against protocol fakes")
struct WorkerDeliveryTests {
    @Test("each adapter sends its wire format; the webhook signature verifies", arguments: [DatabaseDialect.sqlite, .postgres])
    func payloadPerAdapter(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            let slack = try await ProtocolFake.start(.slack(token: "xoxb-test"))
            let discord = try await ProtocolFake.start(.discord)
            let claw = try await ProtocolFake.start(.openclaw(token: "claw-token"))
            let fakes = [hook, slack, discord, claw]
            defer { Task { for fake in fakes { await fake.shutdown() } } }
            let owner = try await DispatchFixtures.user(store)
            var integrations: [MessagingIntegration] = []
            for fake in fakes { integrations.append(try await DispatchFixtures.integration(store, user: owner, fake: fake)) }
            let event = DispatchFixtures.agentRequest(recipient: owner)
            let decision = DispatchFixtures.decisionRequested(recipient: owner, blocking: false)
            try await DispatchFixtures.record(store, [event, decision])

            try await DispatchFixtures.withEngine(store, settings: DispatchFixtures.fastSettings(fakes: fakes)) { _ in
                try await DispatchFixtures.eventually("8 deliveries arrive and are recorded") {
                    let delivered = try await store.withSession { try await $0.deliveries.countsByStatus() }[.delivered]
                    return fakes.map { $0.acceptedCounts.count } == [2, 2, 2, 2] && delivered == 8
                }
            }
            let webhookMessage = try #require(hook.accepted.first { $0.json?["event"] == "task.start_requested" })
            #expect(webhookMessage.signatureValid == true)
            #expect(webhookMessage.request.header("User-Agent") == "AgentPlanner-Webhook/2.0")
            #expect(webhookMessage.idempotencyKey == MessageDelivery.idempotencyKey(event: event.id, integration: integrations[0].id))
            #expect(webhookMessage.json?["idempotency_key"]?.stringValue == webhookMessage.idempotencyKey)
            #expect(webhookMessage.json?["timestamp"]?.stringValue == TimestampFormat.javaScript(event.createdAt))
            #expect(webhookMessage.json?["request"]?["type"] == "start")
            #expect(webhookMessage.json?["recipient_user_id"] == nil)

            let slackMessage = try #require(slack.accepted.first { $0.json?["text"]?.stringValue?.contains("Agent request") == true })
            #expect(slackMessage.json?["channel"] == "C123TEST")
            #expect(slackMessage.json?["blocks"]?.arrayCount == 6)
            #expect(slackMessage.request.path == "/api/chat.postMessage")

            let discordMessage = try #require(discord.accepted.first)
            #expect(discordMessage.request.uri.hasPrefix("/api/webhooks/4242/tok-en"))
            #expect(discordMessage.json?["embeds"]?.arrayCount == 1)

            let clawMessage = try #require(claw.accepted.first { $0.json?["event"] == "decision.requested" })
            #expect(clawMessage.request.header("Authorization") == "Bearer claw-token")
            #expect(clawMessage.json?["decision"]?["title"] == "Pick a database")

            let counts = try await store.withSession { try await $0.deliveries.countsByStatus() }
            #expect(counts[.delivered] == 8)
        }
    }

    @Test(
        "5xx, a closed connection and a timeout are retried; then delivered with the attempts counted",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func retries(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            hook.failNext([.status(502), .close, .delay(.seconds(4))])
            let owner = try await DispatchFixtures.user(store)
            let integration = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await DispatchFixtures.withEngine(store, settings: DispatchFixtures.fastSettings()) { _ in
                try await DispatchFixtures.eventually("delivered") {
                    try await DispatchFixtures.deliveries(store, integration: integration.id).first?.status == .delivered
                }
            }
            let row = try #require(try await DispatchFixtures.deliveries(store, integration: integration.id).first)
            #expect(row.attempts == 4)
            #expect(row.responseStatus == 200)
            #expect(hook.accepted.count == 1)
        }
    }

    @Test(
        "a receiver that keeps failing makes the delivery dead with a clear error; replay delivers it",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func deadAndReplay(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            hook.setFaultPolicy { _ in .status(500) }
            let owner = try await DispatchFixtures.user(store)
            let integration = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await DispatchFixtures.withEngine(store, settings: DispatchFixtures.fastSettings()) { _ in
                try await DispatchFixtures.eventually("dead") {
                    try await DispatchFixtures.deliveries(store, integration: integration.id).first?.status == .dead
                }
                let dead = try #require(try await DispatchFixtures.deliveries(store, integration: integration.id).first)
                #expect(dead.attempts == 4)
                #expect(dead.lastError == "gave up after 4 attempts: the webhook receiver answered 500")
                #expect(hook.received.count == 4)

                hook.setFaultPolicy(nil)
                #expect(try await store.withSession { try await $0.deliveries.replay(id: dead.id, at: Date()) })
                #expect(!(try await store.withSession { try await $0.deliveries.replay(id: dead.id, at: Date()) }))
                try await DispatchFixtures.eventually("delivered after replay") {
                    try await DispatchFixtures.deliveries(store, integration: integration.id).first?.status == .delivered
                }
            }
            #expect(hook.accepted.count == 1)
        }
    }

    @Test(
        "429 and 503 Retry-After set the next attempt; permanent answers and bad secrets go dead at once",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func retryAfterAndPermanent(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let slack = try await ProtocolFake.start(.slack(token: "xoxb-test"))
            let discord = try await ProtocolFake.start(.discord)
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { for fake in [slack, discord, hook] { await fake.shutdown() } } }
            slack.failNext([.rateLimited(retryAfter: 120)])
            discord.failNext([.rateLimitedMilliseconds(90_000)])
            hook.failNext([.status(404)])
            let owner = try await DispatchFixtures.user(store)
            let slackIntegration = try await DispatchFixtures.integration(store, user: owner, fake: slack, events: ["*"])
            let discordIntegration = try await DispatchFixtures.integration(store, user: owner, fake: discord)
            let hookIntegration = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            let broken = MessagingIntegration(
                userID: owner, adapter: .webhook, name: "broken", config: ["url": .string(hook.baseURL)],
                secret: "v2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            _ = try await store.withSession { try await $0.messagingIntegrations.create(broken) }
            let started = Date()
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await DispatchFixtures.withEngine(store, settings: DispatchFixtures.fastSettings(fakes: [slack, discord])) { _ in
                try await DispatchFixtures.eventually("all four settled") {
                    let rows = try await store.withSession { session in
                        try await session.messagingIntegrations.list(userID: owner).asyncFlatMap { integration in
                            try await session.deliveries.list(integrationID: integration.id, status: nil, limit: 5, offset: 0)
                        }
                    }
                    let throttled = rows.filter { $0.status == .failed && $0.responseStatus == 429 }.count
                    return throttled == 2 && rows.filter { $0.status == .dead }.count == 2
                }
            }
            let slackRow = try #require(try await DispatchFixtures.deliveries(store, integration: slackIntegration.id).first)
            #expect(slackRow.status == .failed && slackRow.responseStatus == 429)
            #expect(slackRow.nextAttemptAt >= started.addingTimeInterval(119))
            let discordRow = try #require(try await DispatchFixtures.deliveries(store, integration: discordIntegration.id).first)
            #expect(discordRow.nextAttemptAt >= started.addingTimeInterval(89))
            #expect(discordRow.nextAttemptAt < started.addingTimeInterval(200))
            let hookRow = try #require(try await DispatchFixtures.deliveries(store, integration: hookIntegration.id).first)
            #expect(hookRow.status == .dead && hookRow.attempts == 1 && hookRow.lastError?.contains("404") == true)
            let brokenRow = try #require(try await DispatchFixtures.deliveries(store, integration: broken.id).first)
            #expect(brokenRow.status == .dead)
            #expect(brokenRow.lastError?.hasPrefix("secret unreadable:") == true)
        }
    }

    @Test("two workers on Postgres: every delivery sent exactly once when no lease expires")
    func twoWorkersExactlyOnce() async throws {
        try await TestDatabases.withStore(.postgres) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            let owner = try await DispatchFixtures.user(store)
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, (0..<150).map { _ in DispatchFixtures.agentRequest(recipient: owner) })
            var settings = DispatchFixtures.fastSettings()
            settings.leaseDuration = .seconds(120)
            // A send that times out is re-sent (at-least-once); a generous timeout keeps this run free of them.
            settings.sendTimeout = .seconds(20)
            try await DispatchFixtures.withEngine(store, settings: settings, workers: 2) { _ in
                try await DispatchFixtures.eventually("300 delivered and recorded") {
                    let delivered = try await store.withSession { try await $0.deliveries.countsByStatus() }[.delivered]
                    return hook.accepted.count >= 300 && delivered == 300
                }
            }
            let attempts = try await store.withSession { session in
                try await session.messagingIntegrations.list(userID: owner).asyncFlatMap { integration in
                    try await session.deliveries.list(integrationID: integration.id, status: nil, limit: 500, offset: 0).map(\.attempts)
                }
            }
            #expect(attempts.count == 300 && attempts.allSatisfy { $0 == 1 })
            #expect(hook.accepted.count == 300)
            #expect(hook.acceptedCounts.count == 300)
            #expect(hook.acceptedCounts.values.allSatisfy { $0 == 1 })
        }
    }
}

extension Array where Element: Sendable {
    func asyncFlatMap<T>(_ transform: (Element) async throws -> [T]) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result += try await transform(element) }
        return result
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
