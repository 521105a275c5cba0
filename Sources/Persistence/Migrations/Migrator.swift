import Foundation
import Logging
import SQLKit

/// Applies `MigrationCatalog` to a database and records each step in the ledger table.
///
/// Safe to run twice and from two processes at once: each migration runs in its own transaction that first
/// takes the migration lock (an advisory lock on Postgres, `BEGIN IMMEDIATE` on SQLite) and re-reads the ledger.
public struct Migrator: Sendable {
    public static let ledgerTable = "agentplanner_migrations"

    public let store: any DatabaseStore
    public let migrations: [Migration]

    public init(store: any DatabaseStore, migrations: [Migration] = MigrationCatalog.all) {
        self.store = store
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// Applied and pending migrations, plus any the database has that this binary does not know.
    public func status() async throws -> MigrationStatus {
        try await ensureLedger()
        let applied = try await store.withSession { session in try await Self.readLedger(session) }
        return MigrationStatus(known: migrations, applied: applied, dialect: store.dialect)
    }

    /// Applies every pending migration in order; returns the ones it applied (empty when up to date).
    @discardableResult
    public func migrate(logger: Logger) async throws -> [Migration] {
        let status = try await status()
        try status.checkCompatible()
        var appliedNow: [Migration] = []
        for migration in status.pending {
            let dialect = store.dialect
            let didApply = try await store.transaction { session in
                try await Self.acquireMigrationLock(session)
                let ledger = try await Self.readLedger(session)
                if ledger.contains(where: { $0.version == migration.version }) { return false }
                for statement in migration.statements(for: dialect) {
                    try await session.sql.raw(SQLQueryString(statement)).run()
                }
                try await session.sql.insert(into: Self.ledgerTable)
                    .columns("version", "name", "checksum", "applied_at")
                    .values(
                        SQLBind(migration.version), SQLBind(migration.name),
                        SQLBind(migration.checksum(for: dialect)), session.types.bind(Date())
                    )
                    .run()
                return true
            }
            if didApply {
                logger.info(
                    "applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                appliedNow.append(migration)
            }
        }
        return appliedNow
    }

    private func ensureLedger() async throws {
        let types = SQLTypeMapping(store.dialect)
        let ledger = TableSpec(
            Self.ledgerTable,
            columns: [
                .required("version", .integer),
                .required("name", .text),
                .required("checksum", .text),
                .required("applied_at", .timestamptz, default: .now),
            ],
            constraints: [.primaryKey("\(Self.ledgerTable)_pkey", columns: ["version"])]
        )
        let create = SchemaRenderer(types.dialect).createTable(ledger)
            .replacingOccurrences(of: "CREATE TABLE ", with: "CREATE TABLE IF NOT EXISTS ")
        try await store.withSession { session in
            try await session.sql.raw(SQLQueryString(create)).run()
        }
    }

    /// Serialises migrators on one database. The one place where migrating differs by dialect.
    private static func acquireMigrationLock(_ session: DataSession) async throws {
        switch session.dialect {
        case .postgres:
            // An arbitrary constant key: "AP" "MG" in ASCII.
            try await session.sql.raw("SELECT pg_advisory_xact_lock(1095782215)").run()
        case .sqlite:
            // The enclosing BEGIN IMMEDIATE already holds SQLite's write lock.
            break
        }
    }

    private static func readLedger(_ session: DataSession) async throws -> [AppliedMigration] {
        let rows = try await session.sql.select()
            .columns("version", "name", "checksum", "applied_at")
            .from(ledgerTable)
            .orderBy("version")
            .all()
        return try rows.map { row in
            AppliedMigration(
                version: try row.decode(column: "version", as: Int.self),
                name: try row.decode(column: "name", as: String.self),
                checksum: try row.decode(column: "checksum", as: String.self),
                appliedAt: try session.types.date(row, "applied_at"))
        }
    }
}

/// A row of the migrations ledger.
public struct AppliedMigration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let checksum: String
    public let appliedAt: Date
}

/// What `agentplanner db status` shows.
public struct MigrationStatus: Sendable {
    public struct Entry: Sendable {
        public let version: Int
        public let name: String
        public let appliedAt: Date?
        /// False when the applied migration's recorded checksum differs from this binary's.
        public let checksumMatches: Bool
    }

    public let entries: [Entry]
    public let pending: [Migration]
    /// Applied migrations this binary does not know: the database is newer than the binary.
    public let unknown: [AppliedMigration]

    init(known: [Migration], applied: [AppliedMigration], dialect: DatabaseDialect) {
        let appliedByVersion = Dictionary(applied.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        entries = known.map { migration in
            let row = appliedByVersion[migration.version]
            return Entry(
                version: migration.version, name: migration.name, appliedAt: row?.appliedAt,
                checksumMatches: row.map { $0.checksum == migration.checksum(for: dialect) } ?? true)
        }
        pending = known.filter { appliedByVersion[$0.version] == nil }
        let knownVersions = Set(known.map(\.version))
        unknown = applied.filter { !knownVersions.contains($0.version) }
    }

    /// Throws when this binary must not run against the database.
    public func checkCompatible() throws {
        if let newest = unknown.last {
            throw MigrationError.databaseNewer(version: newest.version, name: newest.name)
        }
        if let changed = entries.first(where: { !$0.checksumMatches }) {
            throw MigrationError.checksumMismatch(version: changed.version, name: changed.name)
        }
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case databaseNewer(version: Int, name: String)
    case checksumMismatch(version: Int, name: String)

    public var description: String {
        switch self {
        case .databaseNewer(let version, let name):
            "the database has migration \(version) (\(name)), which this binary does not know; "
                + "run a newer agentplanner"
        case .checksumMismatch(let version, let name):
            "migration \(version) (\(name)) was applied from different DDL than this binary has; "
                + "the schema was changed after it was applied"
        }
    }
}
