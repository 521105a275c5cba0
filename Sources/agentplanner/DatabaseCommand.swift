import AgentPlannerCore
import ArgumentParser
import Foundation
import Logging
import Persistence
import ReferenceServer

struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the v2 schema.",
        subcommands: [Migrate.self, Status.self]
    )

    struct Migrate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations (safe to run twice).")

        @OptionGroup var settings: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let (location, logger) = try settings.resolve()
                let applied = try await DatabaseStores.withStore(location, logger: logger) { store in
                    try await Migrator(store: store).migrate(logger: logger).map { "\($0.version) \($0.name)" }
                }
                if applied.isEmpty {
                    print("\(location): up to date, nothing applied")
                } else {
                    print("\(location): applied \(applied.count) migration(s)")
                    for line in applied { print("  \(line)") }
                }
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List applied and pending migrations.")

        @OptionGroup var settings: DatabaseOptions

        func run() async throws {
            try await reportingFailures {
                let (location, logger) = try settings.resolve()
                let status = try await DatabaseStores.withStore(location, logger: logger) { store in
                    try await Migrator(store: store).status()
                }
                print("\(location)")
                for entry in status.entries {
                    let state: String
                    if let applied = entry.appliedAt {
                        state =
                            "applied \(TimestampFormat.storage(applied))"
                            + (entry.checksumMatches ? "" : "  CHANGED SINCE APPLIED")
                    } else {
                        state = "pending"
                    }
                    print("  \(entry.version)  \(entry.name.padding(toLength: 24, withPad: " ", startingAt: 0))  \(state)")
                }
                for unknown in status.unknown {
                    print("  \(unknown.version)  \(unknown.name)  applied, UNKNOWN to this binary")
                }
                try status.checkCompatible()
            }
        }
    }
}

struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "postgres://... or sqlite:PATH (env DATABASE_URL).")
    var databaseURL: String?

    @Option(name: .customLong("log-level"), help: "Log level (env LOG_LEVEL, default warning here).")
    var logLevel: String?

    func resolve() throws -> (DatabaseLocation, Logger) {
        var configuration = try ConfigurationLoader().load(
            .init(databaseURL: databaseURL, logLevel: logLevel ?? "warning"))
        if logLevel == nil { configuration.logLevel = .warning }
        return (
            configuration.database,
            CommandLogging.bootstrap(level: configuration.logLevel, format: configuration.observability.logFormat)
        )
    }
}
