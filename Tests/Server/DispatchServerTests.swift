import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import ReferenceServer
import TestSupport
import Testing

@Suite("Dispatch inside the server")
struct DispatchServerTests {
    @Test("serve's configuration runs dispatch by default; DISPATCH_* problems are reported by name")
    func configuration() throws {
        let defaults = try ConfigurationLoader(environment: [:]).load()
        #expect(defaults.dispatch.enabledInServer)
        #expect(defaults.dispatch.retry == RetryPolicy(base: .seconds(1), cap: .seconds(300), maximumAttempts: 8))
        let tuned = try ConfigurationLoader(environment: [
            "DISPATCH_IN_SERVER": "false", "DISPATCH_RETRY_BASE_MS": "50", "DISPATCH_MAX_ATTEMPTS": "3",
            "DISPATCH_CONCURRENCY_SLACK": "2", "SLACK_API_BASE_URL": "http://127.0.0.1:9999/api/",
        ]).load()
        #expect(!tuned.dispatch.enabledInServer)
        #expect(tuned.dispatch.retry.base == .milliseconds(50))
        #expect(tuned.dispatch.retry.maximumAttempts == 3)
        #expect(tuned.dispatch.concurrency(for: .slack) == 2)
        #expect(tuned.dispatch.endpoints.slackAPIBaseURL == "http://127.0.0.1:9999/api")
        #expect {
            _ = try ConfigurationLoader(environment: [
                "DISPATCH_IN_SERVER": "maybe", "DISPATCH_MAX_ATTEMPTS": "0", "DISPATCH_LEASE_SECONDS": "2",
                "DISCORD_API_BASE_URL": "discord", "AGENTPLANNER_SECRETS_KEY": "short",
            ]).load()
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return Set(error.problems.map(\.setting)) == [
                "DISPATCH_IN_SERVER", "DISPATCH_MAX_ATTEMPTS", "DISPATCH_LEASE_SECONDS", "DISCORD_API_BASE_URL",
                "AGENTPLANNER_SECRETS_KEY",
            ]
        }
    }

    @Test(
        "an event recorded in the database reaches the user's webhook through the server's own engine",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func endToEnd(dialect: DatabaseDialect) async throws {
        let secret = "server-test-signing-secret-123"
        let hook = try await ProtocolFake.start(.webhook(secret: secret))
        defer { Task { await hook.shutdown() } }
        try await AuthHarness.run(dialect, configure: { $0.dispatchQuicklyInServer() }) { h in
            let (userID, token, _) = try await h.register("owner@example.com")
            try await h.addWebhook(hook, secret: secret, authorization: "Bearer \(token)")
            try await h.recordBlockedEvent(for: userID)
            let deadline = Date().addingTimeInterval(120)
            while hook.accepted.isEmpty, Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
            let message = try #require(hook.accepted.first)
            #expect(message.json?["event"] == "task.blocked")
            #expect(message.signatureValid == true)
        }
    }
}

extension ServerConfiguration {
    /// Dispatch inside the server, polling every 50 ms, without cron: what the end-to-end tests need.
    mutating func dispatchQuicklyInServer() {
        dispatch.enabledInServer = true
        dispatch.pollInterval = .milliseconds(50)
        dispatch.cron.enabled = false
    }
}

extension AuthHarness {
    /// Adds a webhook integration pointing at `hook` for the caller.
    func addWebhook(_ hook: ProtocolFake, secret: String, authorization: String) async throws {
        let created = try await send(
            .post, "/integrations",
            json: ["adapter": "webhook", "config": ["url": .string(hook.baseURL + "/in")], "secret": .string(secret)],
            authorization: authorization)
        #expect(created.status == .created)
    }

    /// Records a `task.blocked` event for `userID` straight into the outbox.
    func recordBlockedEvent(for userID: String) async throws {
        let event = DomainEvent(
            kind: .taskStatusChanged,
            payload: ["recipient_user_id": .string(userID), "v1_event": "task.blocked", "message": "blocked"],
            actorUserID: nil, planID: nil)
        try await withStore { store in try await store.transaction { try await $0.domainEvents.record(event) } }
    }
}
