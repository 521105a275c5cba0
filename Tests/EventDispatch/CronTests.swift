import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

@Suite("Dispatch cron jobs")
struct CronTests {
    @Test(
        "stale heartbeats go offline, expired decisions expire, old delivered rows are purged; one run per interval",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func jobs(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let now = Date()
            let stale = try await DispatchFixtures.user(store)
            let fresh = try await DispatchFixtures.user(store)
            let plan = try await store.withSession {
                try await $0.plans.create(NewPlan(title: "Cron plan", ownerID: stale))
            }
            try await store.withSession { session in
                let types = session.types
                for (user, seen) in [(stale, now.addingTimeInterval(-3600)), (fresh, now.addingTimeInterval(-10))] {
                    try await session.sql.insert(into: "agent_heartbeats").columns("user_id", "last_seen_at", "status")
                        .values(types.bind(user), types.bind(seen), SQLBind("online")).run()
                }
                for (title, expires) in [("past", now.addingTimeInterval(-60)), ("future", now.addingTimeInterval(3600))] {
                    try await session.sql.insert(into: "decision_requests")
                        .columns("id", "plan_id", "requested_by_user_id", "title", "context", "expires_at", "status", "created_at", "updated_at")
                        .values(
                            types.bind(UUID()), types.bind(plan.id), types.bind(stale), SQLBind(title), SQLBind("c"),
                            types.bind(expires), SQLBind("pending"), types.bind(now), types.bind(now)
                        ).run()
                }
            }
            // One old delivered row, one recent.
            let hookOwner = try await DispatchFixtures.user(store)
            let integration = try await store.withSession {
                try await $0.messagingIntegrations.create(
                    MessagingIntegration(userID: hookOwner, adapter: .webhook, name: "h", config: ["url": "http://127.0.0.1:9/"]))
            }
            let events = [DispatchFixtures.agentRequest(recipient: hookOwner), DispatchFixtures.agentRequest(recipient: hookOwner)]
            try await DispatchFixtures.record(store, events)
            try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            for deliveredAt in [now.addingTimeInterval(-40 * 86_400), now.addingTimeInterval(-60)] {
                let claimedAt = Date()
                let claimed = try await store.withSession {
                    try await $0.deliveries.claimDue(
                        adapter: .webhook, owner: "w", limit: 1, now: claimedAt, leaseUntil: claimedAt.addingTimeInterval(60))
                }
                let row = try #require(claimed.first)
                #expect(
                    try await store.withSession {
                        try await $0.deliveries.record(
                            .delivered(responseStatus: 200), id: row.id, owner: "w", attempt: row.attempts, at: deliveredAt)
                    })
            }

            var settings = CronSettings()
            settings.interval = .seconds(60)
            let cronA = DispatchCron(store: store, settings: settings, owner: "A")
            let cronB = DispatchCron(store: store, settings: settings, owner: "B")
            let results = try await cronA.runDue(now: now)
            #expect(results == [.heartbeatStaleness: 1, .decisionExpiry: 1, .deliveryPurge: 1])
            // Another process within the interval runs nothing.
            #expect(try await cronB.runDue(now: now.addingTimeInterval(5)).isEmpty)
            // After the interval it runs again (and finds nothing left to do).
            #expect(try await cronB.runDue(now: now.addingTimeInterval(61)) == [.heartbeatStaleness: 0, .decisionExpiry: 0, .deliveryPurge: 0])

            let statuses = try await store.withSession { session in
                try await session.sql.select().columns("status").from("agent_heartbeats").orderBy("status").all()
                    .map { try $0.decode(column: "status", as: String.self) }
            }
            #expect(statuses == ["offline", "online"])
            let decisions = try await store.withSession { session in
                try await session.sql.select().columns("title", "status").from("decision_requests").orderBy("title").all()
                    .map { "\(try $0.decode(column: "title", as: String.self))=\(try $0.decode(column: "status", as: String.self))" }
            }
            #expect(decisions == ["future=pending", "past=expired"])
            #expect(try await DispatchFixtures.deliveries(store, integration: integration.id).count == 1)
        }
    }
}
