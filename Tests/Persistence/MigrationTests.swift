import Foundation
import Persistence
import SQLKit
import Testing
import TestSupport

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
}
