import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

@Suite("Migrations")
struct MigrationTests {
    @Test("migrate applies everything once; a second run applies nothing", arguments: DatabaseDialect.allCases)
    func migrateTwice(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect, migrated: false) { store in
            // act
            let first = try await Migrator(store: store).migrate(logger: TestDatabases.logger)
            let second = try await Migrator(store: store).migrate(logger: TestDatabases.logger)
            let status = try await Migrator(store: store).status()
            // assert
            #expect(first.map(\.version) == MigrationCatalog.all.map(\.version))
            #expect(second.isEmpty)
            #expect(status.pending.isEmpty)
            #expect(status.entries.allSatisfy { $0.appliedAt != nil && $0.checksumMatches })
        }
    }

    @Test("status lists pending migrations before migrate", arguments: DatabaseDialect.allCases)
    func statusBeforeMigrate(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect, migrated: false) { store in
            let status = try await Migrator(store: store).status()
            #expect(status.pending.map(\.version) == MigrationCatalog.all.map(\.version))
            #expect(status.entries.allSatisfy { $0.appliedAt == nil })
        }
    }

    @Test("a database with a migration this binary does not know is refused", arguments: DatabaseDialect.allCases)
    func newerDatabaseRefused(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            try await store.withSession { session in
                try await session.sql.insert(into: Migrator.ledgerTable)
                    .columns("version", "name", "checksum", "applied_at")
                    .values(SQLBind(999), SQLBind("from_the_future"), SQLBind("x"), session.types.bind(Date()))
                    .run()
            }
            // act / assert
            let error = await #expect(throws: MigrationError.self) {
                try await Migrator(store: store).migrate(logger: TestDatabases.logger)
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains("999"))
        }
    }

    @Test("an applied migration whose DDL changed is reported", arguments: DatabaseDialect.allCases)
    func changedMigrationReported(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            try await store.withSession { session in
                try await session.sql.update(Migrator.ledgerTable).set("checksum", to: SQLBind("edited"))
                    .where("version", .equal, SQLBind(1)).run()
            }
            let status = try await Migrator(store: store).status()
            #expect(status.entries.first?.checksumMatches == false)
            #expect(throws: MigrationError.self) { try status.checkCompatible() }
        }
    }

    @Test("migration 3 upgrades a database holding version-2 data; the cron's changes are then recorded", arguments: DatabaseDialect.allCases)
    func maintenanceChangesUpgrade(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect, migrated: false) { store in
            // setup: the schema as version 2 left it, with a user and a stale heartbeat
            _ = try await Migrator(store: store, migrations: Array(MigrationCatalog.all.prefix(2))).migrate(logger: TestDatabases.logger)
            let user = UUID()
            let types = SQLTypeMapping(dialect)
            try await store.withSession { session in
                try await session.sql.insert(into: "users").columns("id", "email").values(types.bind(user), SQLBind("old@example.com")).run()
                try await session.sql.insert(into: "agent_heartbeats").columns("user_id", "last_seen_at", "status")
                    .values(types.bind(user), types.bind(Date(timeIntervalSince1970: 1_700_000_000)), SQLBind("online")).run()
            }
            // act
            let applied = try await Migrator(store: store, migrations: Array(MigrationCatalog.all.prefix(3))).migrate(
                logger: TestDatabases.logger)
            let changed = try await store.transaction { try await $0.dispatchMaintenance.markStaleHeartbeatsOffline(before: Date()) }
            // assert
            #expect(applied.map(\.version) == [3])
            #expect(changed == 1)
            let recorded = try await store.withSession { session in
                try await session.sql.select().columns("job", "table_name", "row_key", "action").from("maintenance_changes").all()
                    .map { row in
                        try ["job", "table_name", "row_key", "action"].map { try row.decode(column: $0, as: String.self) }
                    }
            }
            #expect(recorded == [["heartbeat-staleness", "agent_heartbeats", user.uuidString.lowercased(), "update"]])
        }
    }
}
