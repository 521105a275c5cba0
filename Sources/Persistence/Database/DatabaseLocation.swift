import Foundation

/// Where the database lives, parsed from `DATABASE_URL`.
///
/// `postgres://user:password@host:port/database[?sslmode=disable|prefer|require]` selects PostgreSQL;
/// `sqlite:PATH` (or `sqlite://PATH`) selects SQLite at `PATH`; no value selects SQLite at the default path.
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case postgres(PostgresLocation)
    case sqlite(path: String)

    /// The embedded default: `./.agentplanner/agentplanner.sqlite`.
    public static let defaultSQLitePath = ".agentplanner/agentplanner.sqlite"

    public var dialect: DatabaseDialect {
        switch self {
        case .postgres: .postgres
        case .sqlite: .sqlite
        }
    }

    /// A description safe to log: never carries the password.
    public var description: String {
        switch self {
        case .postgres(let location): location.description
        case .sqlite(let path): "sqlite:\(path)"
        }
    }

    /// Parses a `DATABASE_URL` value. `nil` or an empty string selects the embedded default.
    public init(url: String?) throws(DatabaseLocationError) {
        guard let raw = url?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            self = .sqlite(path: Self.defaultSQLitePath)
            return
        }
        if raw.hasPrefix("sqlite:") {
            var path = String(raw.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else { throw .init("sqlite: URL has no path (expected sqlite:PATH)") }
            self = .sqlite(path: path)
            return
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            self = .postgres(try PostgresLocation(url: raw))
            return
        }
        let scheme = raw.split(separator: ":", maxSplits: 1).first.map(String.init) ?? raw
        throw .init("unsupported scheme '\(scheme)' (expected postgres://... or sqlite:PATH)")
    }
}

/// The parts of a `postgres://` URL.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    public init(url: String) throws(DatabaseLocationError) {
        guard let components = URLComponents(string: url) else {
            throw .init("malformed PostgreSQL URL")
        }
        guard let host = components.host, !host.isEmpty else {
            throw .init("PostgreSQL URL has no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw .init("PostgreSQL URL has no user name")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else {
            throw .init("PostgreSQL URL has no database name")
        }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] where item.name == "sslmode" {
            switch item.value ?? "" {
            case "disable", "allow": tls = .disable
            case "prefer": tls = .prefer
            case "require", "verify-ca", "verify-full": tls = .require
            case let other: throw .init("unsupported sslmode '\(other)' (use disable, prefer or require)")
            }
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw .init("PostgreSQL URL has an invalid port \(port)")
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: user.removingPercentEncoding ?? user,
            password: components.password.map { $0.removingPercentEncoding ?? $0 },
            database: database.removingPercentEncoding ?? database,
            tls: tls
        )
    }

    /// The same location with another database name (tests clone per-test databases this way).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    /// A URL carrying the password, for passing to child processes and tools.
    public var url: String {
        var components = URLComponents()
        components.scheme = "postgres"
        components.user = username
        components.password = password
        components.host = host
        components.port = port
        components.path = "/" + database
        if tls != .disable { components.queryItems = [URLQueryItem(name: "sslmode", value: tls.rawValue)] }
        return components.string ?? "postgres://\(host):\(port)/\(database)"
    }

    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)"
    }
}

/// A `DATABASE_URL` that cannot be used, with the reason.
public struct DatabaseLocationError: Error, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
