import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import TestSupport
import Testing

@Suite("Fan-out and leases")
struct FanoutAndLeaseTests {
    @Test(
        "fan-out: one delivery per active subscribed integration of the recipient; replaying creates none",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func fanOut(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            let owner = try await DispatchFixtures.user(store)
            let stranger = try await DispatchFixtures.user(store)
            let all = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            let decisionsOnly = try await DispatchFixtures.integration(store, user: owner, fake: hook, events: ["decision.requested"])
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook, active: false)
            _ = try await DispatchFixtures.integration(store, user: stranger, fake: hook)
            let events =
                (0..<5).map { _ in DispatchFixtures.agentRequest(recipient: owner) }
                + [DispatchFixtures.decisionRequested(recipient: owner, blocking: true)]
            try await DispatchFixtures.record(store, events)

            let fanout = EventFanout(store: store, adapters: .standard(settings: DispatchSettings()), batchSize: 4)
            let first = try await fanout.runOnce()
            let second = try await fanout.runOnce()
            let third = try await fanout.runOnce()
            #expect(first.events == 4 && second.events == 2 && third.events == 0)
            // 6 events to `all`, the blocking decision to `decisionsOnly`; nothing to the inactive or the stranger's.
            #expect(first.deliveries + second.deliveries == 7)
            #expect(try await DispatchFixtures.deliveries(store, integration: all.id).count == 6)
            let decisionDeliveries = try await DispatchFixtures.deliveries(store, integration: decisionsOnly.id)
            #expect(decisionDeliveries.map(\.eventType) == ["decision.requested.blocking"])
            #expect(
                decisionDeliveries.first?.idempotencyKey
                    == MessageDelivery.idempotencyKey(event: events[5].id, integration: decisionsOnly.id))

            // Replaying the same fan-out rows inserts nothing.
            let replay = events.map { event in
                NewDelivery(
                    eventID: event.id, integrationID: all.id, adapter: .webhook, eventType: "x", payload: .emptyObject)
            }
            #expect(try await store.withSession { try await $0.deliveries.insertIgnoringDuplicates(replay) } == 0)
            let counts = try await store.withSession { try await $0.deliveries.countsByStatus() }
            #expect(counts[.pending] == 7)
        }
    }

    @Test(
        "an expired lease is claimable by another worker; only the current holder records",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func leaseTakeover(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            let owner = try await DispatchFixtures.user(store)
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, [DispatchFixtures.agentRequest(recipient: owner)])
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()

            let start = Date()
            let claimedByA = try await store.withSession {
                try await $0.deliveries.claimDue(
                    adapter: .webhook, owner: "A", limit: 10, now: start, leaseUntil: start.addingTimeInterval(30))
            }
            #expect(claimedByA.count == 1)
            #expect(claimedByA.first?.attempts == 1)
            // Within the lease nobody else gets it.
            let duringLease = try await store.withSession {
                try await $0.deliveries.claimDue(
                    adapter: .webhook, owner: "B", limit: 10, now: start.addingTimeInterval(29),
                    leaseUntil: start.addingTimeInterval(60))
            }
            #expect(duringLease.isEmpty)
            // A crashed: after expiry B takes it over (a second attempt).
            let later = start.addingTimeInterval(31)
            let claimedByB = try await store.withSession {
                try await $0.deliveries.claimDue(
                    adapter: .webhook, owner: "B", limit: 10, now: later, leaseUntil: later.addingTimeInterval(30))
            }
            #expect(claimedByB.map(\.id) == claimedByA.map(\.id))
            #expect(claimedByB.first?.attempts == 2)
            // The taking worker sees that it took over an expired lease (the lease-takeover figure counts these).
            #expect(claimedByA.first?.lastError == nil)
            #expect(claimedByB.first?.lastError == MessageDelivery.leaseExpiredNote)
            let id = try #require(claimedByA.first?.id)
            let lateA = try await store.withSession {
                try await $0.deliveries.record(.delivered(responseStatus: 200), id: id, owner: "A", attempt: 1, at: later)
            }
            #expect(!lateA)
            let holderB = try await store.withSession {
                try await $0.deliveries.record(.delivered(responseStatus: 200), id: id, owner: "B", attempt: 2, at: later)
            }
            #expect(holderB)
            let row = try await store.withSession { try await $0.deliveries.find(id: id) }
            #expect(row?.status == .delivered)
            #expect(row?.leaseOwner == nil)
        }
    }

    @Test(
        "outcomes recorded together: each only for its lease holder and attempt, each with its own result",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func groupedOutcomes(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            let owner = try await DispatchFixtures.user(store)
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, (0..<5).map { _ in DispatchFixtures.agentRequest(recipient: owner) })
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            let start = Date()
            let claimed = try await store.withSession {
                try await $0.deliveries.claimDue(
                    adapter: .webhook, owner: "A", limit: 10, now: start, leaseUntil: start.addingTimeInterval(30))
            }
            #expect(claimed.count == 5)
            let ids = claimed.map(\.id)
            let next = start.addingTimeInterval(120)
            let records = [
                OutcomeRecord(id: ids[0], owner: "A", attempt: 1, outcome: .delivered(responseStatus: 200)),
                OutcomeRecord(id: ids[1], owner: "A", attempt: 1, outcome: .retry(error: "503 later", responseStatus: 503, nextAttemptAt: next)),
                OutcomeRecord(id: ids[2], owner: "A", attempt: 1, outcome: .dead(error: "410 gone", responseStatus: 410)),
                OutcomeRecord(id: ids[3], owner: "B", attempt: 1, outcome: .delivered(responseStatus: 200)),
                OutcomeRecord(id: ids[4], owner: "A", attempt: 2, outcome: .delivered(responseStatus: 200)),
            ]
            let recorded = try await store.withSession { try await $0.deliveries.record(records, at: start) }
            #expect(recorded == Set(ids[0...2]))
            let rows = try await store.withSession { session in
                var rows: [MessageDelivery?] = []
                for id in ids { rows.append(try await session.deliveries.find(id: id)) }
                return rows
            }
            #expect(rows.map { $0?.status } == [.delivered, .failed, .dead, .inFlight, .inFlight])
            #expect(rows[0]?.deliveredAt != nil && rows[0]?.lastError == nil && rows[0]?.responseStatus == 200)
            #expect(rows[1]?.lastError == "503 later" && rows[1]?.responseStatus == 503 && rows[1]?.deliveredAt == nil)
            #expect(abs((rows[1]?.nextAttemptAt.timeIntervalSince(next)) ?? 99) < 0.001)
            #expect(rows[2]?.lastError == "410 gone" && rows[2]?.responseStatus == 410)
            #expect(rows[0...2].allSatisfy { $0?.leaseOwner == nil } && rows[3...4].allSatisfy { $0?.leaseOwner == "A" })
        }
    }

    @Test("two claimers on Postgres never hold the same delivery within a lease")
    func concurrentClaims() async throws {
        try await TestDatabases.withStore(.postgres) { store in
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            defer { Task { await hook.shutdown() } }
            let owner = try await DispatchFixtures.user(store)
            _ = try await DispatchFixtures.integration(store, user: owner, fake: hook)
            try await DispatchFixtures.record(store, (0..<300).map { _ in DispatchFixtures.agentRequest(recipient: owner) })
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            let claims = try await withThrowingTaskGroup(of: [UUID].self) { group in
                for worker in ["A", "B", "C"] {
                    group.addTask {
                        var mine: [UUID] = []
                        while true {
                            let now = Date()
                            let batch = try await store.withSession {
                                try await $0.deliveries.claimDue(
                                    adapter: .webhook, owner: worker, limit: 7, now: now, leaseUntil: now.addingTimeInterval(600))
                            }
                            if batch.isEmpty { return mine }
                            mine += batch.map(\.id)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 300)
            #expect(Set(all).count == 300)
        }
    }
}
