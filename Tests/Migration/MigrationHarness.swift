import DataMigration
import Foundation
import Logging
import Persistence
import TestSupport

/// A v1 fixture and an empty v2 target on the local Postgres, each a fresh database dropped afterwards.
/// The suites run their tests one at a time: each test holds up to four connections, and the shared
/// server's 100 slots also serve the other test targets running in parallel.
struct MigrationHarness: Sendable {
    let source: PostgresLocation
    let target: PostgresLocation
    let archive: String
    let seed: UInt64

    static let keys = SecretKeys(v1SlackEncryptionKey: FixtureBuilder.slackEncryptionKey, v2SecretKey: "test-v2-secrets-key-0123456789abcdef")

    var logger: Logger { TestDatabases.logger }

    static func run<T: Sendable>(
        seed: UInt64 = 7, scale: Int = 3, emailCollision: Bool = false, buildFixture: Bool = true,
        _ body: @Sendable (MigrationHarness) async throws -> T
    ) async throws -> T {
        try await TestDatabases.withPostgresLocation(migrated: false) { source in
            try await TestDatabases.withPostgresLocation(migrated: false) { target in
                let archive = FileManager.default.temporaryDirectory
                    .appendingPathComponent("agentplanner-archive-\(UUID().uuidString.lowercased())").path
                defer { try? FileManager.default.removeItem(atPath: archive) }
                let harness = MigrationHarness(source: source, target: target, archive: archive, seed: seed)
                if buildFixture {
                    _ = try await FixtureBuilder.build(
                        source, options: FixtureOptions(seed: seed, scale: scale, emailCollision: emailCollision),
                        logger: TestDatabases.logger)
                }
                return try await body(harness)
            }
        }
    }

    func migrate(
        batchSize: Int = 2_000, dryRun: Bool = false, avatars: AvatarOptions? = nil,
        checkpoint: @escaping @Sendable (String) async throws -> Void = { _ in }
    ) async throws -> MigrationOutcome {
        try await MigrationRunner(
            options: MigrationOptions(
                source: source, target: target, archiveDirectory: archive, dryRun: dryRun, batchSize: batchSize,
                keys: Self.keys, avatars: avatars, checkpoint: checkpoint),
            logger: logger
        ).run()
    }

    func verify(
        keys: SecretKeys = Self.keys, withCanaries: Bool = true, skip: Set<SkippableCheck> = [], dataDirectory: String? = nil
    ) async throws -> VerificationReport {
        try await MigrationVerifier(
            options: VerificationOptions(
                source: source, target: target, archiveDirectory: archive,
                canaries: withCanaries ? FixtureCanaries(seed: seed) : nil, keys: keys, skip: skip, dataDirectory: dataDirectory),
            logger: logger
        ).run()
    }

    /// The first column of the first row of `sql`, as text.
    func scalar(on location: PostgresLocation, _ sql: String) async throws -> String? {
        try await PGLink.with(location, role: "test", logger: logger) { try await $0.rows(sql).first?.first ?? nil }
    }

    /// Runs statements on the target (fault injection) or the source (variants), outside the tool.
    func execute(on location: PostgresLocation, _ statements: [String]) async throws {
        try await PGLink.with(location, role: "test", logger: logger) { link in
            for statement in statements { try await link.execute(statement) }
        }
    }

    func count(on location: PostgresLocation, _ sql: String) async throws -> Int {
        try await PGLink.with(location, role: "test", logger: logger) { try await $0.count(sql) }
    }
}

struct SimulatedInterruption: Error {}
