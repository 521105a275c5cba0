import AgentPlannerCore
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

/// Migration 2 (`github_connections`) on a database that holds data from migration 1's schema.
@Suite("Migration 2: GitHub connections")
struct GitHubConnectionsMigrationTests {
    @Test("upgrading a populated version-1 database keeps its rows and adds the table", arguments: DatabaseDialect.allCases)
    func upgrade(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect, migrated: false) { store in
            let versionOne = try #require(MigrationCatalog.all.first { $0.version == 1 })
            #expect(try await Migrator(store: store, migrations: [versionOne]).migrate(logger: TestDatabases.logger).map(\.version) == [1])
            let userID = UUID()
            try await store.transaction { session in
                _ = try await session.users.create(
                    NewUser(
                        email: "before@example.com", name: "Before", passwordHash: "$2a$10$abc", emailConfirmedAt: nil,
                        metadata: ["organization": "Acme"]))
            }
            let existing = try await store.withSession { try await $0.users.find(email: "before@example.com") }
            let before = try #require(existing)

            // Up to migration 2 only: the upgrade from the schema version 1 left.
            let applied = try await Migrator(store: store, migrations: Array(MigrationCatalog.all.prefix(2))).migrate(logger: TestDatabases.logger)
            #expect(applied.map(\.version) == [2])

            try await store.transaction { session in
                let after = try await session.users.find(id: before.id)
                #expect(after == before, "the version-1 row is untouched")
                try await session.githubConnections.save(userID: before.id, sealedToken: "v2:first", scope: nil)
                try await session.githubConnections.save(userID: before.id, sealedToken: "v2:second", scope: "repo")
                #expect(try await session.githubConnections.sealedToken(userID: before.id) == "v2:second", "one row per user, replaced")
                #expect(try await session.githubConnections.sealedToken(userID: userID) == nil)
            }
            let status = try await Migrator(store: store, migrations: Array(MigrationCatalog.all.prefix(2))).status()
            #expect(status.pending.isEmpty)
        }
    }
}
