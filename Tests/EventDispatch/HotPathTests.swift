import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import Synchronization
import TestSupport
import Testing

@Suite("Dispatch hot path")
struct HotPathTests {
    @Test(
        "one claim across adapters takes up to each adapter's limit, and two owners never get the same row",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func claimAcrossAdapters(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            let slack = try await ProtocolFake.start(.slack(token: "xoxb-hot-path"))
            let discord = try await ProtocolFake.start(.discord)
            defer { Task { for fake in [hook, slack, discord] { await fake.shutdown() } } }
            let owner = try await DispatchFixtures.user(store)
            for fake in [hook, slack, discord] {
                _ = try await DispatchFixtures.integration(store, user: owner, fake: fake, events: ["*"])
            }
            try await DispatchFixtures.record(store, (0..<5).map { _ in DispatchFixtures.agentRequest(recipient: owner) })
            let fanned = try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            #expect(fanned.deliveries == 15)

            let now = Date().addingTimeInterval(1)
            let lease = now.addingTimeInterval(30)
            let first = try await store.withSession {
                try await $0.deliveries.claimDue(
                    limits: [.webhook: 3, .slack: 2, .discord: 0, .openclaw: 4], owner: "A", now: now, leaseUntil: lease)
            }
            #expect(Dictionary(grouping: first, by: \.adapter).mapValues(\.count) == [.webhook: 3, .slack: 2])
            #expect(first.allSatisfy { $0.status == .inFlight && $0.leaseOwner == "A" && $0.attempts == 1 })
            let second = try await store.withSession {
                try await $0.deliveries.claimDue(
                    limits: [.webhook: 10, .slack: 10, .discord: 10], owner: "B", now: now, leaseUntil: lease)
            }
            #expect(Dictionary(grouping: second, by: \.adapter).mapValues(\.count) == [.webhook: 2, .slack: 3, .discord: 5])
            #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
            let third = try await store.withSession {
                try await $0.deliveries.claimDue(limits: [.webhook: 10, .slack: 10], owner: "C", now: now, leaseUntil: lease)
            }
            #expect(third.isEmpty)
        }
    }

    @Test("an event's notification is sent after its transaction commits, and none for a rolled-back one")
    func notifyAfterCommit() async throws {
        try await TestDatabases.withStore(.postgres) { store in
            let postgres = try #require(store as? PostgresStore)
            let heard = Mutex<[String]>([])
            let listening = StartLatch()
            let listener = Task {
                try await postgres.listen(channel: DispatchChannel.name, onListening: { listening.open() }) { payload in
                    heard.withLock { $0.append(payload) }
                }
            }
            defer { listener.cancel() }
            await listening.wait()
            let owner = try await DispatchFixtures.user(store)
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await store.transaction { session in
                    try await session.domainEvents.record(DispatchFixtures.agentRequest(recipient: owner))
                    throw Rollback()
                }
            }
            let event = DispatchFixtures.agentRequest(recipient: owner)
            let seenAtCommit = try await store.transaction { session in
                try await session.domainEvents.record(event)
                // Recorded, not sent: nothing is sent while the transaction is open.
                try await Task.sleep(for: .milliseconds(300))
                return heard.withLock { $0 }
            }
            #expect(seenAtCommit.isEmpty)
            let deadline = Date().addingTimeInterval(10)
            while heard.withLock({ $0.isEmpty }), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(300))
            // One for the committed event; the rolled-back one sent nothing.
            #expect(heard.withLock { $0 } == ["event"])
        }
    }
}
