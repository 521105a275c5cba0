import Credentials
import Foundation
import Logging
import Persistence

/// Creates the v1 fixture schema on an empty database and fills it (`agentplanner migrate fixture`).
public enum FixtureBuilder {
    /// The fixture's `SLACK_ENCRYPTION_KEY`: pass it as `--v1-slack-key` when migrating a fixture.
    public static let slackEncryptionKey = "fixture-slack-encryption-key"

    public struct Result: Sendable {
        public let rowsPerTable: [String: Int]
        public let canaries: FixtureCanaries
        public var totalRows: Int { rowsPerTable.values.reduce(0, +) }
    }

    public static func build(
        _ location: PostgresLocation, options: FixtureOptions, logger: Logger,
        progress: @Sendable (String) -> Void = { _ in }
    ) async throws -> Result {
        guard options.scale >= 0 else { throw MigrationFailure("--scale must be 0 or more") }
        let canaryHashes = try await canaryHashes(seed: options.seed)
        return try await PGLink.with(location, role: "fixture", logger: logger) { link in
            let existing = try await link.count(
                "SELECT count(*)::text FROM information_schema.tables WHERE table_schema IN ('public', 'auth')")
            guard existing == 0 else {
                throw MigrationFailure(
                    "\(location.database) already has tables; the fixture is created on an empty database only")
            }
            try await link.transaction {
                for statement in V1FixtureSchema.statements { try await link.execute(statement) }
            }
            let buffer = RowBuffer(link: link)
            let generator = FixtureGenerator(options: options, buffer: buffer)
            let canaries = generator.addEdgeCaseUsers(canaryHashes: canaryHashes)
            for unit in 0..<max(options.scale, 1) {
                try await generator.generateUnit(unit)
                if unit % 1000 == 999 { progress("generated \(unit + 1) of \(options.scale) units") }
            }
            generator.addEdgeCaseData()
            try await buffer.flush()
            for statement in generator.pendingSQL { try await link.execute(statement) }
            try await link.execute("ANALYZE")
            var counts: [String: Int] = [:]
            for table in V1Catalog.tables {
                counts[table.qualifiedName] = try await link.count("SELECT count(*)::text FROM \(table.qualifiedName)")
            }
            return Result(rowsPerTable: counts, canaries: canaries)
        }
    }

    /// The canaries' bcrypt hashes as GoTrue stored them over the years: `$2a$` at cost 10 (bcryptjs), then
    /// `$2b$` at cost 10 and at cost 12.
    static func canaryHashes(seed: UInt64) async throws -> [String] {
        var hashes: [String] = []
        let variants: [(prefix: String, cost: UInt8)] = [("$2a$", 10), ("$2b$", 10), ("$2b$", 12)]
        for (index, variant) in variants.enumerated() {
            let hash = try await PasswordHasher(cost: variant.cost).hash(FixtureCanaries.password(seed: seed, index: index))
            hashes.append(variant.prefix + hash.dropFirst(4))
        }
        return hashes
    }
}
