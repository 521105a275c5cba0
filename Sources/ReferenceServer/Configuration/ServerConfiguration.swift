import EventDispatch
import Foundation
import Logging
import Persistence

/// Everything `agentplanner serve` needs, read once at start and validated.
public struct ServerConfiguration: Sendable {
    public enum Environment: String, Sendable { case development, production }

    public var database: DatabaseLocation
    public var host: String
    public var port: Int
    /// `nil` until resolved: `JWTSecretStore` generates one in development when `JWT_SECRET` is unset.
    public var jwtSecret: String?
    public var logLevel: Logger.Level
    public var environment: Environment
    /// Where generated state (the development JWT secret, the SQLite file by default) lives.
    public var dataDirectory: String
    /// Apply pending migrations before serving.
    public var migrateOnStart: Bool
    public var auth = AuthSettings()
    public var rateLimits = RateLimitSettings()
    public var github = GitHubSettings()
    public var dispatch = DispatchSettings()
    public var slack = SlackAppSettings()
    public var observability = ObservabilitySettings()

    public init(
        database: DatabaseLocation = .sqlite(path: DatabaseLocation.defaultSQLitePath), host: String = "127.0.0.1",
        port: Int = 3000, jwtSecret: String? = nil, logLevel: Logger.Level = .info,
        environment: Environment = .development, dataDirectory: String = ".agentplanner", migrateOnStart: Bool = true
    ) {
        self.database = database
        self.host = host
        self.port = port
        self.jwtSecret = jwtSecret
        self.logLevel = logLevel
        self.environment = environment
        self.dataDirectory = dataDirectory
        self.migrateOnStart = migrateOnStart
    }
}

/// One problem with one setting, named the way the operator wrote it.
public struct ConfigurationProblem: Sendable, Equatable, CustomStringConvertible {
    public let setting: String
    public let message: String

    public init(_ setting: String, _ message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "\(setting): \(message)" }
}

/// Every problem found in the configuration, reported together.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let problems: [ConfigurationProblem]

    public var description: String {
        "invalid configuration: " + problems.map(\.description).joined(separator: "; ")
    }
}
