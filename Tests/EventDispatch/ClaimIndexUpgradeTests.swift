import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import SQLKit
import TestSupport
import Testing

@Suite("Claim index upgrade (migration 4)")
struct ClaimIndexUpgradeTests {
    @Test(
        "migration 4 upgrades a database holding version-3 deliveries: the claim index replaces the due index and the waiting deliveries are claimed",
        arguments: [DatabaseDialect.sqlite, .postgres])
    func upgradeKeepsDeliveriesClaimable(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect, migrated: false) { store in
            // setup: the schema as version 3 left it, with 4 webhook and 4 Slack deliveries waiting
            _ = try await Migrator(store: store, migrations: Array(MigrationCatalog.all.prefix(3))).migrate(logger: TestDatabases.logger)
            let hook = try await ProtocolFake.start(.webhook(secret: DispatchFixtures.webhookSecret))
            let slack = try await ProtocolFake.start(.slack(token: "xoxb-upgrade"))
            defer { Task { for fake in [hook, slack] { await fake.shutdown() } } }
            let owner = try await DispatchFixtures.user(store)
            for fake in [hook, slack] { _ = try await DispatchFixtures.integration(store, user: owner, fake: fake, events: ["*"]) }
            try await DispatchFixtures.record(store, (0..<4).map { _ in DispatchFixtures.agentRequest(recipient: owner) })
            let fanned = try await EventFanout(store: store, adapters: .standard(settings: DispatchSettings())).runOnce()
            #expect(fanned.deliveries == 8)
            #expect(try await Self.indexes(store).contains("message_deliveries_due_idx"))
            // act
            let applied = try await Migrator(store: store).migrate(logger: TestDatabases.logger)
            let claimed = try await store.withSession {
                try await $0.deliveries.claimDue(
                    limits: [.webhook: 10, .slack: 3], owner: "after-upgrade", now: Date().addingTimeInterval(1),
                    leaseUntil: Date().addingTimeInterval(30))
            }
            // assert
            #expect(applied.map(\.version) == [4])
            let indexes = try await Self.indexes(store)
            #expect(indexes.contains("message_deliveries_claim_idx"))
            #expect(!indexes.contains("message_deliveries_due_idx"))
            #expect(Dictionary(grouping: claimed, by: \.adapter).mapValues(\.count) == [.webhook: 4, .slack: 3])
            let counts = try await store.withSession { try await $0.deliveries.countsByStatus() }
            #expect(counts[.inFlight] == 7 && counts[.pending] == 1)
        }
    }

    static func indexes(_ store: any DatabaseStore) async throws -> Set<String> {
        try await store.withSession { session in
            let sql: SQLQueryString =
                session.dialect == .postgres
                ? "SELECT indexname AS name FROM pg_indexes WHERE tablename = 'message_deliveries'"
                : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'message_deliveries'"
            return Set(try await session.sql.raw(sql).all().map { try $0.decode(column: "name", as: String.self) })
        }
    }
}
