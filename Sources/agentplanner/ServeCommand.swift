import ArgumentParser
import Hummingbird
import Logging
import ReferenceServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reference server (SQLite in ./.agentplanner unless DATABASE_URL says otherwise)."
    )

    @OptionGroup var settings: ServerSettingsOptions

    func run() async throws {
        try await reportingFailures {
            let configuration = try settings.load()
            let logger = CommandLogging.bootstrap(
                level: configuration.logLevel, format: configuration.observability.logFormat)
            logger.info(
                "starting",
                metadata: [
                    "database": "\(configuration.database)",
                    "address": "\(configuration.host):\(configuration.port)",
                ])
            let app = try await buildApplication(configuration, logger: logger)
            try await app.runService()
        }
    }
}

/// Flags shared by the commands that read the server configuration. Each wins over its environment variable.
struct ServerSettingsOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "postgres://... or sqlite:PATH (env DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Address to listen on (env HOST, default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env PORT, default 3000).")
    var port: String?

    @Option(name: .customLong("jwt-secret"), help: "JWT signing secret, 32+ characters (env JWT_SECRET).")
    var jwtSecret: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error, critical (env LOG_LEVEL).")
    var logLevel: String?

    @Option(name: .customLong("log-format"), help: "text or json, one object per line (env LOG_FORMAT).")
    var logFormat: String?

    @Option(name: .customLong("data-dir"), help: "Folder for generated state (env AGENTPLANNER_DATA_DIR).")
    var dataDirectory: String?

    @Flag(name: .customLong("no-migrate"), help: "Do not apply pending migrations on start.")
    var noMigrate = false

    func load() throws -> ServerConfiguration {
        try ConfigurationLoader().load(
            .init(
                databaseURL: databaseURL, host: host, port: port, jwtSecret: jwtSecret, logLevel: logLevel,
                dataDirectory: dataDirectory, migrateOnStart: noMigrate ? false : nil,
                logFormat: logFormat))
    }
}
