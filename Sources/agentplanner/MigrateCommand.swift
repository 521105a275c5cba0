import ArgumentParser
import DataMigration
import Foundation
import Logging
import Persistence

/// `agentplanner migrate …`: the v1 → v2 data migration (issue 8). Logic lives in `DataMigration`.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Migrate a Supabase-era v1 database into v2, and prove nothing was lost.",
        subcommands: [Fixture.self, Run.self, Verify.self]
    )

    struct Fixture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the v1 fixture schema (with a stand-in auth schema) on an empty database and fill it.")

        @Option(name: .customLong("database-url"), help: "postgres://… of an empty database.") var databaseURL: String
        @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 1
        @Option(help: "Units of ordinary data (about 80 rows each); edge cases are always added.") var scale: Int = 10
        @Flag(help: "Add two users whose emails differ only in case (a source the migration must refuse).")
        var emailCollision = false
        @Option(help: "Write the canary logins and tokens (for verify --canaries) to this file.") var canariesOut: String?

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.bootstrap(level: .warning)
                let location = try MigrateLocations.parse(databaseURL, name: "--database-url")
                let result = try await FixtureBuilder.build(
                    location, options: FixtureOptions(seed: seed, scale: scale, emailCollision: emailCollision),
                    logger: logger, progress: { print($0) })
                print("fixture \(location): \(result.totalRows) rows in \(result.rowsPerTable.count) tables (seed \(seed), scale \(scale))")
                if let canariesOut {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                    try encoder.encode(result.canaries).write(to: URL(fileURLWithPath: canariesOut))
                    print("canaries written to \(canariesOut)")
                }
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy v1 into v2 with the D6 rules; safe to run again after an interruption.")

        @OptionGroup var endpoints: MigrateEndpoints
        @Flag(help: "Check the source and report what would be done; write nothing.") var dryRun = false
        @Option(help: "Rows per staged batch.") var batchSize = 5_000
        @Option(help: "Tables copied, loaded and indexed at once (each on its own connections).") var workers = 3
        @Option(
            help:
                "The downloaded Supabase Storage avatars bucket (a file per object, at <dir>/<name> or <dir>/avatars/<name>): copy the files into v2 and rewrite the URLs. A file not there leaves its user's Supabase URL, reported."
        )
        var storageDir: String?
        @Option(help: "With --storage-dir: the v2 server's data folder (AGENTPLANNER_DATA_DIR); avatars go to <dir>/uploads/avatars/.")
        var dataDir: String?
        @Option(help: "With --storage-dir: the v2 server's public base URL (its API_BASE_URL), which starts the new avatar URLs.")
        var publicUrl: String?

        func avatars() throws -> AvatarOptions? {
            guard let storageDir else {
                guard dataDir == nil, publicUrl == nil else { throw ValidationError("--data-dir and --public-url go with --storage-dir") }
                return nil
            }
            guard let dataDir, let publicUrl else { throw ValidationError("--storage-dir needs --data-dir and --public-url") }
            guard let url = URL(string: publicUrl), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("--public-url must be an http(s) URL, got '\(publicUrl)'")
            }
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: storageDir, isDirectory: &directory), directory.boolValue else {
                throw ValidationError("--storage-dir \(storageDir) is not a folder")
            }
            return AvatarOptions(storageDirectory: storageDir, dataDirectory: dataDir, publicURL: publicUrl)
        }

        func run() async throws {
            let avatars = try avatars()
            try await reportingFailures {
                let logger = CommandLogging.bootstrap(level: .warning)
                let started = Date()
                let runner = MigrationRunner(
                    options: MigrationOptions(
                        source: try endpoints.source(), target: try endpoints.target(),
                        archiveDirectory: endpoints.archiveDir, dryRun: dryRun, batchSize: batchSize,
                        workers: max(1, workers), keys: endpoints.keys, avatars: avatars),
                    logger: logger)
                let display = ProgressDisplay()
                let outcome = try await runner.run(progress: { display.line("  \($0)") }, rows: { display.rows($0) })
                display.finish()
                print(MigrationOutcomeText.render(outcome, seconds: Date().timeIntervalSince(started)))
                if !outcome.blocking.isEmpty { throw ExitCode.failure }
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prove the target holds what the source held (SCHEMA.md §6); non-zero exit on any failure.")

        @OptionGroup var endpoints: MigrateEndpoints
        @Option(help: "Canaries file written by `migrate fixture --canaries-out`.") var canaries: String?
        @Option(help: "Seed of a fixture source: its canaries follow from it.") var seed: UInt64?
        @Option(help: "Write the report as JSON here.") var reportJson: String?
        @Option(help: "Write the report as Markdown here.") var reportMd: String?
        @Option(
            name: .customLong("skip"),
            help:
                "Leave out a check that cannot run here (\(SkippableCheck.allCases.map(\.rawValue).joined(separator: ", "))); the report lists it. Repeatable."
        )
        var skip: [String] = []
        @Option(help: "The v2 server's data folder, where `migrate run --storage-dir` copied the avatars.") var dataDir: String?

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.bootstrap(level: .warning)
                var known: FixtureCanaries?
                if let canaries {
                    guard let data = FileManager.default.contents(atPath: canaries) else {
                        throw ValidationError("cannot read the canaries file \(canaries)")
                    }
                    known = try JSONDecoder().decode(FixtureCanaries.self, from: data)
                } else if let seed {
                    known = FixtureCanaries(seed: seed)
                }
                var skipped: Set<SkippableCheck> = []
                for name in skip {
                    guard let check = SkippableCheck(rawValue: name) else {
                        throw ValidationError(
                            "--skip \(name): no such check; one of \(SkippableCheck.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    skipped.insert(check)
                }
                let started = Date()
                let display = ProgressDisplay()
                let report = try await MigrationVerifier(
                    options: VerificationOptions(
                        source: try endpoints.source(), target: try endpoints.target(),
                        archiveDirectory: endpoints.archiveDir, canaries: known, keys: endpoints.keys, skip: skipped,
                        dataDirectory: dataDir),
                    logger: logger
                ).run(rows: { display.rows($0) })
                display.finish()
                print(report.terminalSummary)
                print(String(format: "verified in %.1f s", Date().timeIntervalSince(started)))
                if let reportJson { try report.json.write(to: URL(fileURLWithPath: reportJson)) }
                if let reportMd { try Data(report.markdown.utf8).write(to: URL(fileURLWithPath: reportMd)) }
                if !report.passed { throw ExitCode.failure }
            }
        }
    }
}

struct MigrateEndpoints: ParsableArguments {
    @Option(help: "The v1 database: postgres://…") var from: String
    @Option(help: "The v2 database: postgres://… (empty, or a migration of the same source to resume).") var to: String
    @Option(help: "Directory of the archive of dropped tables and columns.") var archiveDir = "v1-archive"
    @Option(help: "v1 SLACK_ENCRYPTION_KEY (env V1_SLACK_ENCRYPTION_KEY).") var v1SlackKey: String?
    @Option(help: "v1 JWT_SECRET, the Slack key when no Slack key was set (env V1_JWT_SECRET).") var v1JwtSecret: String?
    @Option(help: "v2 key for integration secrets: the server's AGENTPLANNER_SECRETS_KEY (the default), 32+ characters.")
    var v2SecretKey: String?

    func source() throws -> PostgresLocation { try MigrateLocations.parse(from, name: "--from") }
    func target() throws -> PostgresLocation { try MigrateLocations.parse(to, name: "--to") }

    func validate() throws {
        do {
            _ = try SecretKeys.v2Key(explicit: v2SecretKey, environment: ProcessInfo.processInfo.environment)
        } catch {
            throw ValidationError("--v2-secret-key: \(error.description)")
        }
    }

    var keys: SecretKeys {
        let environment = ProcessInfo.processInfo.environment
        return SecretKeys(
            v1SlackEncryptionKey: v1SlackKey ?? environment["V1_SLACK_ENCRYPTION_KEY"],
            v1JWTSecret: v1JwtSecret ?? environment["V1_JWT_SECRET"],
            v2SecretKey: (try? SecretKeys.v2Key(explicit: v2SecretKey, environment: environment)) ?? nil)
    }
}

enum MigrateLocations {
    static func parse(_ url: String, name: String) throws -> PostgresLocation {
        guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
            throw ValidationError("\(name) must be a postgres:// URL")
        }
        do {
            return try PostgresLocation(url: url)
        } catch {
            throw ValidationError("\(name): \(error)")
        }
    }
}
