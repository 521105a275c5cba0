import Foundation
import Logging
import Persistence

/// Builds a `ServerConfiguration` from environment variables and command-line overrides.
///
/// | variable            | meaning                                                              | default                       |
/// |---------------------|----------------------------------------------------------------------|-------------------------------|
/// | `DATABASE_URL`      | `postgres://...` or `sqlite:PATH`                                    | SQLite in the data folder     |
/// | `HOST`, `PORT`      | where to listen                                                      | `127.0.0.1`, `3000`           |
/// | `JWT_SECRET`        | HS256 signing secret, at least 32 characters                         | generated in development      |
/// | `LOG_LEVEL`         | trace, debug, info, notice, warning, error, critical                 | `info`                        |
/// | `AGENTPLANNER_ENV`  | development or production (production requires `JWT_SECRET`)        | `development`                 |
/// | `AGENTPLANNER_DATA_DIR` | folder for generated state                                       | `.agentplanner`               |
/// | `MIGRATE_ON_START`  | `true` or `false`                                                    | `true`                        |
/// | `LOG_FORMAT`        | `text` or `json` (one object per line)                               | `text`                        |
/// | `METRICS_TOKEN`     | bearer token for `/metrics`, 16+ characters                          | unset: `/metrics` is off      |
public struct ConfigurationLoader: Sendable {
    /// Values given as flags; each wins over its environment variable.
    public struct Overrides: Sendable {
        public var databaseURL: String?
        public var host: String?
        public var port: String?
        public var jwtSecret: String?
        public var logLevel: String?
        public var dataDirectory: String?
        public var migrateOnStart: Bool?
        public var logFormat: String?

        public init(
            databaseURL: String? = nil, host: String? = nil, port: String? = nil, jwtSecret: String? = nil,
            logLevel: String? = nil, dataDirectory: String? = nil, migrateOnStart: Bool? = nil, logFormat: String? = nil
        ) {
            self.databaseURL = databaseURL
            self.host = host
            self.port = port
            self.jwtSecret = jwtSecret
            self.logLevel = logLevel
            self.dataDirectory = dataDirectory
            self.migrateOnStart = migrateOnStart
            self.logFormat = logFormat
        }
    }

    public static let minimumJWTSecretLength = 32

    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    public func load(_ overrides: Overrides = Overrides()) throws(ConfigurationError) -> ServerConfiguration {
        var problems: [ConfigurationProblem] = []
        var configuration = ServerConfiguration()

        func value(_ name: String, _ override: String?) -> String? {
            if let override { return override }
            guard let raw = environment[name], !raw.isEmpty else { return nil }
            return raw
        }

        if let raw = value("AGENTPLANNER_ENV", nil) {
            if let parsed = ServerConfiguration.Environment(rawValue: raw.lowercased()) {
                configuration.environment = parsed
            } else {
                problems.append(.init("AGENTPLANNER_ENV", "must be development or production, got '\(raw)'"))
            }
        }

        if let raw = value("AGENTPLANNER_DATA_DIR", overrides.dataDirectory) {
            configuration.dataDirectory = raw
        }

        do {
            let url = value("DATABASE_URL", overrides.databaseURL)
            configuration.database = try DatabaseLocation(url: url)
            if url == nil {
                configuration.database = .sqlite(path: configuration.dataDirectory + "/agentplanner.sqlite")
            }
        } catch {
            problems.append(.init("DATABASE_URL", error.reason))
        }

        if let raw = value("HOST", overrides.host) {
            configuration.host = raw
        }

        if let raw = value("PORT", overrides.port) {
            if let port = Int(raw), (0...65535).contains(port) {
                configuration.port = port
            } else {
                problems.append(.init("PORT", "must be a number from 0 to 65535, got '\(raw)'"))
            }
        }

        if let raw = value("JWT_SECRET", overrides.jwtSecret) {
            if raw.utf8.count < Self.minimumJWTSecretLength {
                problems.append(
                    .init("JWT_SECRET", "must be at least \(Self.minimumJWTSecretLength) characters, got \(raw.utf8.count)"))
            } else {
                configuration.jwtSecret = raw
            }
        } else if configuration.environment == .production {
            problems.append(.init("JWT_SECRET", "is required when AGENTPLANNER_ENV=production"))
        }

        if let raw = value("LOG_LEVEL", overrides.logLevel) {
            if let level = Logger.Level(rawValue: raw.lowercased()) {
                configuration.logLevel = level
            } else {
                let names = Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(.init("LOG_LEVEL", "must be one of \(names), got '\(raw)'"))
            }
        }

        if let override = overrides.migrateOnStart {
            configuration.migrateOnStart = override
        } else if let raw = value("MIGRATE_ON_START", nil) {
            switch raw.lowercased() {
            case "true", "1", "yes": configuration.migrateOnStart = true
            case "false", "0", "no": configuration.migrateOnStart = false
            default: problems.append(.init("MIGRATE_ON_START", "must be true or false, got '\(raw)'"))
            }
        }

        readAuth(into: &configuration.auth, problems: &problems)
        readRateLimits(into: &configuration.rateLimits, problems: &problems)
        readGitHub(into: &configuration.github, problems: &problems)
        readDispatch(into: &configuration.dispatch, problems: &problems)
        readSlackApp(into: &configuration.slack, problems: &problems)
        readObservability(logFormat: overrides.logFormat, into: &configuration.observability, problems: &problems)

        guard problems.isEmpty else { throw ConfigurationError(problems: problems) }
        return configuration
    }

    /// `true`/`1`/`yes` or `false`/`0`/`no`, any case; anything else is a problem naming the variable.
    func flag(_ name: String, _ problems: inout [ConfigurationProblem]) -> Bool? {
        guard let raw = environment[name], !raw.isEmpty else { return nil }
        switch raw.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            problems.append(.init(name, "must be true or false, got '\(raw)'"))
            return nil
        }
    }

    private func positiveNumber(_ name: String, _ problems: inout [ConfigurationProblem]) -> Int? {
        guard let raw = environment[name], !raw.isEmpty else { return nil }
        guard let value = Int(raw), value > 0 else {
            problems.append(.init(name, "must be a positive whole number, got '\(raw)'"))
            return nil
        }
        return value
    }

    private func readAuth(into auth: inout AuthSettings, problems: inout [ConfigurationProblem]) {
        if let value = flag("REQUIRE_EMAIL_CONFIRMATION", &problems) { auth.requireEmailConfirmation = value }
        if let raw = environment["JWT_ISSUER"], !raw.isEmpty { auth.issuer = raw }
        if let raw = environment["FRONTEND_URL"], !raw.isEmpty {
            if let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil {
                auth.frontendURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append(.init("FRONTEND_URL", "must be an http(s) URL, got '\(raw)'"))
            }
        }
        if let seconds = positiveNumber("ACCESS_TOKEN_TTL_SECONDS", &problems) { auth.accessTokenLifetime = Double(seconds) }
        if let days = positiveNumber("REFRESH_TOKEN_TTL_DAYS", &problems) { auth.refreshTokenLifetime = Double(days) * 86_400 }
        if let cost = positiveNumber("BCRYPT_COST", &problems) {
            if (4...31).contains(cost) {
                auth.bcryptCost = UInt8(cost)
            } else {
                problems.append(.init("BCRYPT_COST", "must be from 4 to 31, got \(cost)"))
            }
        }
        let secret = environment["SUPABASE_JWT_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        let issuer = environment["SUPABASE_JWT_ISSUER"].flatMap { $0.isEmpty ? nil : $0 }
        switch (secret, issuer) {
        case (nil, nil): break
        case (let secret?, let issuer?):
            auth.supabaseJWTSecret = secret
            auth.supabaseJWTIssuer = issuer
        case (nil, _): problems.append(.init("SUPABASE_JWT_SECRET", "is required when SUPABASE_JWT_ISSUER is set"))
        case (_, nil): problems.append(.init("SUPABASE_JWT_ISSUER", "is required when SUPABASE_JWT_SECRET is set"))
        }
    }

    private func readRateLimits(into limits: inout RateLimitSettings, problems: inout [ConfigurationProblem]) {
        if let enabled = flag("RATE_LIMIT_ENABLED", &problems) { limits.enabled = enabled }
        func read(_ name: String, _ limit: inout RateLimitSettings.Limit) {
            if let maximum = positiveNumber("RATE_LIMIT_\(name)", &problems) { limit.maximum = maximum }
            if let milliseconds = positiveNumber("RATE_LIMIT_\(name)_WINDOW_MS", &problems) {
                limit.window = Double(milliseconds) / 1000
            }
        }
        read("GENERAL", &limits.general)
        read("AUTH", &limits.auth)
        read("SEARCH", &limits.search)
        read("TOKEN", &limits.token)
    }

    private func readGitHub(into github: inout GitHubSettings, problems: inout [ConfigurationProblem]) {
        func text(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        github.clientID = text("GITHUB_CLIENT_ID")
        github.clientSecret = text("GITHUB_CLIENT_SECRET")
        if (github.clientID == nil) != (github.clientSecret == nil) {
            problems.append(.init("GITHUB_CLIENT_SECRET", "GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET go together"))
        }
        for (name, keyPath) in [
            ("GITHUB_AUTHORIZE_URL", \GitHubSettings.authorizeURL), ("GITHUB_TOKEN_URL", \GitHubSettings.tokenURL),
            ("GITHUB_API_URL", \GitHubSettings.apiURL),
        ] {
            guard let raw = text(name) else { continue }
            if let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil {
                github[keyPath: keyPath] = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append(.init(name, "must be an http(s) URL, got '\(raw)'"))
            }
        }
        github.callbackURL = text("GITHUB_CALLBACK_URL")
    }
}
