import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import ReferenceServer
import TestSupport
import Testing

@Suite("Integrations API")
struct IntegrationsAPITests {
    static let signingSecret = "api-test-signing-secret-0123"

    @Test(
        "CRUD, test send, secrets never returned, other users' integrations invisible",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func crud(dialect: DatabaseDialect) async throws {
        let hook = try await ProtocolFake.start(.webhook(secret: Self.signingSecret))
        defer { Task { await hook.shutdown() } }
        try await AuthHarness.run(dialect, configure: { $0.dispatch.enabledInServer = false }) { h in
            let (_, token, _) = try await h.register("owner@example.com")
            let (_, otherToken, _) = try await h.register("other@example.com")
            let auth = "Bearer \(token)"
            let created = try await h.send(
                .post, "/integrations",
                json: [
                    "adapter": "webhook", "name": "My hook", "config": ["url": .string(hook.baseURL + "/in")],
                    "secret": .string(Self.signingSecret), "events": ["task.agent_requested", "decision.requested"],
                ], authorization: auth)
            #expect(created.status == .created)
            #expect(created.json["has_secret"] == true)
            #expect(created.json["secret"] == nil)
            #expect(!created.json.jsonText.contains(Self.signingSecret))
            let id = try #require(created.json["id"]?.stringValue)

            let listed = try await h.send(.get, "/integrations", authorization: auth)
            #expect(listed.json["integrations"]?.arrayCount == 1)
            #expect((try await h.send(.get, "/integrations", authorization: "Bearer \(otherToken)")).json["integrations"]?.arrayCount == 0)
            #expect((try await h.send(.get, "/integrations/\(id)", authorization: "Bearer \(otherToken)")).status == .notFound)

            let tested = try await h.send(.post, "/integrations/\(id)/test", authorization: auth)
            #expect(tested.status == .ok)
            #expect(hook.accepted.count == 1)
            #expect(hook.accepted.first?.signatureValid == true)
            #expect(hook.accepted.first?.json?["event"] == "integration.test")

            hook.failNext([.status(500)])
            let failing = try await h.send(.post, "/integrations/\(id)/test", authorization: auth)
            #expect(failing.status == .badGateway)
            #expect(failing.json["error"] == "Test send failed: the webhook receiver answered 500")

            let renamed = try await h.send(.patch, "/integrations/\(id)", json: ["name": "Renamed", "is_active": false], authorization: auth)
            #expect(renamed.json["name"] == "Renamed")
            #expect(renamed.json["is_active"] == false)

            let bad = try await h.send(.post, "/integrations", json: ["adapter": "pager"], authorization: auth)
            #expect(bad.status == .badRequest)
            let badURL = try await h.send(
                .post, "/integrations", json: ["adapter": "webhook", "config": ["url": "ftp://x"], "secret": "0123456789abcdef"],
                authorization: auth)
            #expect(badURL.json["error"] == "config.url must be an http(s) URL")
            let badEvent = try await h.send(
                .patch, "/integrations/\(id)", json: ["events": ["task.exploded"]], authorization: auth)
            #expect(badEvent.json["error"] == "Unknown event in events: task.exploded")
            #expect((try await h.send(.get, "/integrations/not-a-uuid", authorization: auth)).status == .badRequest)

            #expect((try await h.send(.delete, "/integrations/\(id)", authorization: "Bearer \(otherToken)")).status == .notFound)
            #expect((try await h.send(.delete, "/integrations/\(id)", authorization: auth)).status == .ok)
            #expect((try await h.send(.get, "/integrations/\(id)", authorization: auth)).status == .notFound)
        }
    }

    @Test(
        "delivery history per integration and per event; replay of a dead delivery only",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func historyAndReplay(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect, configure: { $0.dispatch.enabledInServer = false }) { h in
            let (userID, token, _) = try await h.register("owner@example.com")
            let auth = "Bearer \(token)"
            let created = try await h.send(
                .post, "/integrations",
                json: ["adapter": "openclaw", "config": ["url": "http://127.0.0.1:9/hooks/agent"], "secret": "tok"],
                authorization: auth)
            let id = try #require(created.json["id"]?.stringValue)
            let recipient = try #require(UUID(uuidString: userID))
            let event = DomainEvent(
                kind: .agentRequestCreated,
                payload: ["recipient_user_id": .string(userID), "v1_event": "task.help_requested", "message": "help"],
                actorUserID: nil, planID: nil)
            let deliveryID = try await h.withStore { store in
                try await store.transaction { try await $0.domainEvents.record(event) }
                try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
                let now = Date()
                let row = try #require(
                    try await store.withSession {
                        try await $0.deliveries.claimDue(adapter: .openclaw, owner: "t", limit: 1, now: now, leaseUntil: now.addingTimeInterval(60))
                    }.first)
                _ = try await store.withSession {
                    try await $0.deliveries.record(.dead(error: "gone", responseStatus: 410), id: row.id, owner: "t", attempt: 1, at: now)
                }
                _ = recipient
                return row.id
            }
            let history = try await h.send(.get, "/integrations/\(id)/deliveries", authorization: auth)
            let first = try #require(history.json["deliveries"]?.firstElement)
            #expect(first["status"] == "dead")
            #expect(first["attempts"] == 1)
            #expect(first["last_error"] == "gone")
            #expect(first["event_type"] == "task.help_requested")
            let perEvent = try await h.send(.get, "/integrations/deliveries?event_id=\(event.id.uuidString)", authorization: auth)
            #expect(perEvent.json["deliveries"]?.arrayCount == 1)
            let filtered = try await h.send(.get, "/integrations/\(id)/deliveries?status=delivered", authorization: auth)
            #expect(filtered.json["deliveries"]?.arrayCount == 0)
            #expect((try await h.send(.get, "/integrations/\(id)/deliveries?status=lost", authorization: auth)).status == .badRequest)

            let replayed = try await h.send(.post, "/integrations/deliveries/\(deliveryID.uuidString)/replay", authorization: auth)
            #expect(replayed.status == .ok)
            #expect(replayed.json["delivery"]?["status"] == "pending")
            #expect(replayed.json["delivery"]?["attempts"] == 0)
            let again = try await h.send(.post, "/integrations/deliveries/\(deliveryID.uuidString)/replay", authorization: auth)
            #expect(again.status == .conflict)
        }
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }

    var firstElement: JSONValue? {
        if case .array(let items) = self { return items.first }
        return nil
    }
}
