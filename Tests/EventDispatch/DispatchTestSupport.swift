import AgentPlannerCore
import EventDispatch
import Foundation
import Logging
import Persistence
import ProtocolFakes
import TestSupport
import Testing

/// Fixtures for dispatch tests: users, integrations on fakes, events per the payload convention, fast settings.
enum DispatchFixtures {
    static let secrets = SecretBox(secretsKey: "dispatch-tests-secrets-key-0123456789", legacySlackKey: nil)
    static let webhookSecret = "webhook-signing-secret-for-tests"

    static var logger: Logger {
        var logger = Logger(label: "dispatch-test")
        logger.logLevel = .critical
        return logger
    }

    static func fastSettings(fakes: [ProtocolFake] = []) -> DispatchSettings {
        var settings = DispatchSettings()
        settings.retry = RetryPolicy(base: .milliseconds(10), cap: .milliseconds(50), maximumAttempts: 4)
        settings.sendTimeout = .seconds(2)
        settings.leaseDuration = .seconds(5)
        settings.pollInterval = .milliseconds(30)
        settings.cron.enabled = false
        // Few connections per test: the suites share one PostgreSQL.
        settings.concurrency = [.webhook: 4, .slack: 4, .discord: 4, .openclaw: 4]
        for fake in fakes {
            switch fake.service {
            case .slack: settings.endpoints.slackAPIBaseURL = fake.baseURL + "/api"
            case .discord: settings.endpoints.discordAPIBaseURL = fake.baseURL + "/api"
            default: break
            }
        }
        return settings
    }

    static func user(_ store: any DatabaseStore) async throws -> UUID {
        let id = UUID()
        _ = try await store.withSession {
            try await $0.users.create(NewUser(id: id, email: "u-\(id.uuidString.lowercased())@example.test"))
        }
        return id
    }

    /// An integration of `user` pointing at `fake`.
    static func integration(
        _ store: any DatabaseStore, user: UUID, fake: ProtocolFake, events: [String] = [], active: Bool = true
    ) async throws -> MessagingIntegration {
        let integration: MessagingIntegration
        switch fake.service {
        case .webhook(let secret):
            integration = MessagingIntegration(
                userID: user, adapter: .webhook, name: "hook", config: ["url": .string(fake.baseURL + "/receive")],
                secret: try secrets.seal(secret), events: events, isActive: active)
        case .slack(let token):
            integration = MessagingIntegration(
                userID: user, adapter: .slack, name: "slack", config: ["channel_id": "C123TEST"],
                secret: try secrets.seal(token), events: events, isActive: active)
        case .discord:
            integration = MessagingIntegration(
                userID: user, adapter: .discord, name: "discord",
                secret: try secrets.seal("https://discord.com/api/webhooks/4242/tok-en"), events: events, isActive: active)
        case .openclaw(let token):
            integration = MessagingIntegration(
                userID: user, adapter: .openclaw, name: "claw", config: ["url": .string(fake.baseURL + "/hooks/agent")],
                secret: try secrets.seal(token), events: events, isActive: active)
        }
        return try await store.withSession { try await $0.messagingIntegrations.create(integration) }
    }

    static func agentRequest(recipient: UUID, type: String = "start") -> DomainEvent {
        DomainEvent(
            kind: .agentRequestCreated,
            payload: [
                "recipient_user_id": .string(recipient.uuidString.lowercased()), "v1_event": .string("task.\(type)_requested"),
                "plan": ["id": "p-1", "title": "Launch"],
                "task": [
                    "id": "t-1", "title": "Write docs", "description": "All of them", "node_type": "task",
                    "status": "not_started", "agent_instructions": "Be brief", "context": nil,
                ],
                "request": ["type": .string(type), "message": "Please", "requested_at": "2026-11-26T00:00:00.000000+00:00", "requested_by": "Ann"],
                "actor": ["name": "Ann", "type": "user"], "message": "🚀 Agent requested to START: Write docs",
            ], actorUserID: nil, planID: nil)
    }

    static func decisionRequested(recipient: UUID, blocking: Bool) -> DomainEvent {
        DomainEvent(
            kind: .decisionRequested,
            payload: [
                "recipient_user_id": .string(recipient.uuidString.lowercased()),
                "v1_event": .string(blocking ? "decision.requested.blocking" : "decision.requested"),
                "plan": ["id": "p-1", "title": "Launch"],
                "decision": [
                    "id": "d-1", "title": "Pick a database", "context": "We need one", "urgency": .string(blocking ? "blocking" : "can_continue"),
                    "status": "pending", "node_id": nil,
                    "options": [["option": "Postgres", "description": "Durable"], "SQLite"],
                ],
                "actor": ["name": "bot", "type": "agent", "agent_name": "Claude"], "message": "Decision needed",
            ], actorUserID: nil, planID: nil)
    }

    static func record(_ store: any DatabaseStore, _ events: [DomainEvent]) async throws {
        try await store.transaction { session in
            for event in events { try await session.domainEvents.record(event) }
        }
    }

    /// Waits (bounded: 120 s, generous for a busy machine) until `condition` holds; fails the test otherwise.
    /// Not a timing assertion.
    static func eventually(
        _ what: String, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () async throws -> Bool
    ) async throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("never happened: \(what)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Runs fan-out and `workers` workers while `body` runs.
    static func withEngine<T: Sendable>(
        _ store: any DatabaseStore, settings: DispatchSettings, workers: Int = 1,
        _ body: @Sendable (DispatchEngine) async throws -> T
    ) async throws -> T {
        let engine = DispatchEngine(store: store, settings: settings, secrets: secrets)
        let services =
            engine.coordinationServices(logger: logger)
            + (0..<workers).map { engine.makeWorker(name: "test-worker-\($0)", logger: logger) }
        let tasks = services.map { service in Task { try? await service.run() } }
        defer { for task in tasks { task.cancel() } }
        let result = try await body(engine)
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        return result
    }

    static func deliveries(_ store: any DatabaseStore, integration: UUID) async throws -> [MessageDelivery] {
        try await store.withSession { try await $0.deliveries.list(integrationID: integration, status: nil, limit: 500, offset: 0) }
    }
}
