import Logging
import NIOCore
import NIOSSL
import PostgresKit
import PostgresNIO
import SQLKit
import ServiceLifecycle
import Synchronization

/// PostgreSQL through PostgresNIO's `PostgresClient` pool.
public final class PostgresStore: DatabaseStore {
    public let dialect = DatabaseDialect.postgres
    public let location: DatabaseLocation
    public let client: PostgresClient
    /// The pool's limit; with `connectionsInUse`, the pool gauges of `/metrics`.
    public let maximumConnections: Int
    /// Connections leased by a session or a transaction right now.
    public var connectionsInUse: Int { leased.load(ordering: .relaxed) }
    private let leased = Atomic<Int>(0)
    private let logger: Logger
    /// Sends the notifications sessions asked for once their work committed (`DataSession.notify`).
    let notifier: NotifyCoalescer

    public init(_ postgres: PostgresLocation, logger: Logger, maximumConnections: Int = 20) throws {
        var configuration = PostgresClient.Configuration(
            host: postgres.host, port: postgres.port, username: postgres.username, password: postgres.password,
            database: postgres.database, tls: try Self.clientTLS(postgres.tls))
        configuration.options.maximumConnections = maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        self.client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.notifier = NotifyCoalescer(client: client)
        self.maximumConnections = maximumConnections
        self.location = .postgres(postgres)
        self.logger = logger
    }

    public func run() async throws {
        await client.run()
    }

    public func withSession<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T {
        let hooks = CommitHooks()
        // Each statement of a session commits on its own: what it asked to notify about is visible now, even
        // when a later statement failed.
        defer { notifier.request(hooks.drain()) }
        return try await client.withConnection { connection in
            leased.add(1, ordering: .relaxed)
            defer { leased.subtract(1, ordering: .relaxed) }
            return try await body(DataSession(.postgres(connection), afterCommit: hooks))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T {
        let hooks = CommitHooks()
        let result = try await client.withConnection { connection in
            leased.add(1, ordering: .relaxed)
            defer { leased.subtract(1, ordering: .relaxed) }
            return try await DataSession(.postgres(connection), afterCommit: hooks).inTransaction(begin: "BEGIN", body)
        }
        notifier.request(hooks.drain())
        return result
    }

    /// Connects once, outside the pool, so an unreachable server or a wrong password is one clear error
    /// instead of a pool that retries in the background.
    public static func checkReachable(_ postgres: PostgresLocation, logger: Logger) async throws {
        var configuration = PostgresConnection.Configuration(
            host: postgres.host, port: postgres.port, username: postgres.username, password: postgres.password,
            database: postgres.database, tls: try connectionTLS(postgres.tls))
        configuration.options.connectTimeout = .seconds(5)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
        } catch {
            throw DatabaseOpenError.unreachable(
                location: postgres.description, reason: DatabaseErrorDescription.describe(error))
        }
        try? await connection.close()
    }

    private static func clientTLS(_ mode: PostgresLocation.TLSMode) throws -> PostgresClient.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(.makeClientConfiguration())
        case .require: .require(.makeClientConfiguration())
        }
    }

    private static func connectionTLS(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}
