import Foundation
import Logging
import Persistence
import PostgresKit
import SQLKit

/// Gives each test its own database, on PostgreSQL and on SQLite.
///
/// PostgreSQL is found through `AGENTPLANNER_TEST_POSTGRES_URL` (what `tools/postgres.sh` prints; default
/// `postgres://agentplanner:agentplanner@127.0.0.1:5432/agentplanner_test`). Each test database is cloned
/// from a migrated template and dropped afterwards. There is no skipping: on the default URL a cluster that is
/// down is started through `tools/postgres.sh` (`LocalPostgres`); an explicit URL that does not answer fails the
/// Postgres tests with a message saying how to start it.
public enum TestDatabases {
    public static let postgresURLVariable = "AGENTPLANNER_TEST_POSTGRES_URL"
    public static let defaultPostgresURL = "postgres://agentplanner:agentplanner@127.0.0.1:5432/agentplanner_test"

    public static var logger: Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }

    /// The admin location tests connect to for creating and dropping their databases.
    public static func postgresAdminLocation() throws -> PostgresLocation {
        let url = ProcessInfo.processInfo.environment[postgresURLVariable] ?? defaultPostgresURL
        let location = try PostgresLocation(url: url)
        // Tests create and drop databases: never point them anywhere but this machine.
        guard ["127.0.0.1", "localhost", "::1"].contains(location.host) else {
            throw TestDatabaseError("\(postgresURLVariable) must point at a local server, got \(location.host)")
        }
        return location
    }

    /// Runs `body` with a fresh, migrated store of `dialect`, then removes the database.
    public static func withStore<T: Sendable>(
        _ dialect: DatabaseDialect, migrated: Bool = true,
        _ body: @Sendable (any DatabaseStore) async throws -> T
    ) async throws -> T {
        switch dialect {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("agentplanner-test-\(UUID().uuidString.lowercased())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let location = DatabaseLocation.sqlite(path: folder.appendingPathComponent("test.sqlite").path)
            return try await DatabaseStores.withStore(location, logger: logger) { store in
                if migrated { try await Migrator(store: store).migrate(logger: logger) }
                return try await body(store)
            }
        case .postgres:
            let location = try await PostgresTestCluster.shared.createDatabase(migrated: migrated)
            do {
                let result = try await DatabaseStores.withRunning(try await openRetrying(.postgres(location)), body)
                try await PostgresTestCluster.shared.dropDatabase(location.database)
                return result
            } catch {
                try? await PostgresTestCluster.shared.dropDatabase(location.database)
                throw error
            }
        }
    }

    /// Opens `location`, again up to twice when the connect timed out: when every suite starts at once on two
    /// cores (and the load suites start clusters of their own), a connect can wait longer than its 5 s.
    static func openRetrying(_ location: DatabaseLocation) async throws -> any DatabaseStore {
        var attempt = 1
        while true {
            do {
                return try await DatabaseStores.open(location, logger: logger)
            } catch DatabaseOpenError.unreachable(let where_, let reason) where attempt < 3 {
                logger.warning("test database unreachable, trying again", metadata: ["location": "\(where_)", "reason": "\(reason)"])
                attempt += 1
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// The location of a fresh database of `dialect`, for tests whose code under test opens and runs the
    /// store itself (a server built by `buildApplication`, a command). Removed afterwards.
    public static func withLocation<T: Sendable>(
        _ dialect: DatabaseDialect, migrated: Bool = false, _ body: @Sendable (DatabaseLocation) async throws -> T
    ) async throws -> T {
        switch dialect {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("agentplanner-test-\(UUID().uuidString.lowercased())")
            defer { try? FileManager.default.removeItem(at: folder) }
            let location = DatabaseLocation.sqlite(path: folder.appendingPathComponent("test.sqlite").path)
            if migrated {
                _ = try await DatabaseStores.withStore(location, logger: logger) { store in
                    try await Migrator(store: store).migrate(logger: logger)
                }
            }
            return try await body(location)
        case .postgres:
            return try await withPostgresLocation(migrated: migrated) { try await body(.postgres($0)) }
        }
    }

    /// A fresh, empty Postgres database's location (for tests that run a server or a command against it).
    public static func withPostgresLocation<T: Sendable>(
        migrated: Bool, _ body: @Sendable (PostgresLocation) async throws -> T
    ) async throws -> T {
        let location = try await PostgresTestCluster.shared.createDatabase(migrated: migrated)
        do {
            let result = try await body(location)
            try await PostgresTestCluster.shared.dropDatabase(location.database)
            return result
        } catch {
            try? await PostgresTestCluster.shared.dropDatabase(location.database)
            throw error
        }
    }
}

public struct TestDatabaseError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Creates per-test databases on the local Postgres, cloning a migrated template built once per process.
actor PostgresTestCluster {
    static let shared = PostgresTestCluster()

    private var templateName: String?

    func createDatabase(migrated: Bool) async throws -> PostgresLocation {
        let admin = try TestDatabases.postgresAdminLocation()
        let name = "ap_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        if migrated {
            let template = try await migratedTemplate(admin)
            // Two clones of one template at the same moment can collide ("being accessed by other users").
            try await retrying(sqlState: "55006", stepMilliseconds: 50) {
                try await execute(admin, "CREATE DATABASE \(name) TEMPLATE \(template)")
            }
        } else {
            try await execute(admin, "CREATE DATABASE \(name)")
        }
        return admin.with(database: String(name))
    }

    func dropDatabase(_ name: String) async throws {
        let admin = try TestDatabases.postgresAdminLocation()
        // FORCE may not end an autovacuum worker (owned by the superuser) busy in the database: it finishes
        // shortly, so try again.
        try await retrying(sqlState: "42501", stepMilliseconds: 100) {
            try await execute(admin, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    /// Runs `body` again, up to 20 times with a growing pause, while it fails with `sqlState`.
    private func retrying(sqlState: String, stepMilliseconds: Int, _ body: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch  where DatabaseErrorDescription.sqlState(error) == sqlState && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(stepMilliseconds * attempt))
            }
        }
    }

    /// The template is named after the schema's checksum, so a changed schema gets a new template and
    /// concurrent test processes with the same schema share one.
    private func migratedTemplate(_ admin: PostgresLocation) async throws -> String {
        if let templateName { return templateName }
        // Every migration counts: a prefix of the joined checksums would only ever see the first migration.
        let joined = MigrationCatalog.all.map { $0.checksum(for: .postgres) }.joined()
        let checksum = joined.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let name = "ap_template_\(String(checksum, radix: 16))"
        let exists = try await query(admin, "SELECT 1 AS found FROM pg_database WHERE datname = '\(name)'")
        if !exists {
            let building = "\(name)_\(UUID().uuidString.lowercased().prefix(8))"
            try await execute(admin, "CREATE DATABASE \(building)")
            let location = DatabaseLocation.postgres(admin.with(database: building))
            _ = try await DatabaseStores.withStore(location, logger: TestDatabases.logger) { store in
                try await Migrator(store: store).migrate(logger: TestDatabases.logger)
            }
            // Another process may have finished first; either template is the same schema.
            do {
                try await execute(admin, "ALTER DATABASE \(building) RENAME TO \(name)")
            } catch {
                try? await execute(admin, "DROP DATABASE IF EXISTS \(building) WITH (FORCE)")
            }
        }
        templateName = name
        return name
    }

    private func execute(_ location: PostgresLocation, _ statement: String) async throws {
        try await withConnection(location) { sql in
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    private func query(_ location: PostgresLocation, _ statement: String) async throws -> Bool {
        try await withConnection(location) { sql in
            try await sql.raw(SQLQueryString(statement)).first() != nil
        }
    }

    /// Connects; on the default local URL with nothing listening, starts the cluster once and tries again.
    private func connect(_ configuration: PostgresConnection.Configuration) async throws -> PostgresConnection {
        do {
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: TestDatabases.logger)
        } catch  where LocalPostgres.mayStart {
            try await LocalPostgres.start()
            return try await PostgresConnection.connect(configuration: configuration, id: 1, logger: TestDatabases.logger)
        }
    }

    private func withConnection<T: Sendable>(
        _ location: PostgresLocation, _ body: @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: .disable)
        let connection: PostgresConnection
        do {
            connection = try await connect(configuration)
        } catch {
            throw TestDatabaseError(
                "cannot reach the test PostgreSQL at \(location): \(DatabaseErrorDescription.describe(error)). "
                    + "Start it with tools/postgres.sh, or set \(TestDatabases.postgresURLVariable).")
        }
        do {
            let result = try await body(connection.sql())
            try? await connection.close()
            return result
        } catch {
            try? await connection.close()
            // Busy template (55006) and an autovacuum worker FORCE cannot end (42501) are retried by the callers.
            if ["55006", "42501"].contains(DatabaseErrorDescription.sqlState(error)) { throw error }
            throw TestDatabaseError("test database setup failed: \(DatabaseErrorDescription.describe(error))")
        }
    }
}
