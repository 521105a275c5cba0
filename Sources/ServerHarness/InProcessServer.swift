import Foundation
import Hummingbird
import Logging
import Persistence
import ReferenceServer
import ServiceLifecycle

/// Runs the reference server inside this process on a free loopback port for the length of a closure:
/// what `agentplanner verify` without `--base-url` and the contract tests run the suite against.
public enum InProcessServer {
    /// A server on a new SQLite database in a temporary folder, removed afterwards.
    public static func withTemporarySQLite<T: Sendable>(
        logger: Logger, adjust: (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentplanner-verify-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration(
            database: .sqlite(path: folder.appendingPathComponent("agentplanner.sqlite").path),
            dataDirectory: folder.path)
        adjust(&configuration)
        return try await withServer(configuration, logger: logger, body)
    }

    /// A server with `configuration`, bound to 127.0.0.1 on a free port; `body` gets its base URL.
    public static func withServer<T: Sendable>(
        _ configuration: ServerConfiguration, logger: Logger, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        var configuration = configuration
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.logLevel = logger.logLevel
        // A throwaway secret: nothing signed by this server outlives it.
        configuration.jwtSecret = configuration.jwtSecret ?? UUID().uuidString + UUID().uuidString
        // A contract run registers and logs in far more often than v1's 10 auth requests a minute allow, all from
        // 127.0.0.1; the limiter stays on, with room. The database is thrown away, so bcrypt's lowest cost will do.
        configuration.rateLimits.auth.maximum = max(configuration.rateLimits.auth.maximum, 100_000)
        configuration.rateLimits.general.maximum = max(configuration.rateLimits.general.maximum, 100_000)
        configuration.auth.bcryptCost = 4
        return try await withRunning(logger: logger, body) { onRunning in
            try await buildApplication(configuration, logger: logger, onServerRunning: onRunning)
        }
    }

    /// Runs any Hummingbird application on a free loopback port for the length of `body`, which gets its base
    /// URL. `build` receives the callback to pass as `onServerRunning`. Test doubles (a local GitHub) use it too.
    public static func withRunning<T: Sendable, App: ApplicationProtocol>(
        logger: Logger, _ body: @Sendable (String) async throws -> T,
        build: (@escaping @Sendable (Int) async -> Void) async throws -> App
    ) async throws -> T {
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = try await build { port in portContinuation.yield(port) }
        let group = ServiceGroup(
            configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                defer { portContinuation.finish() }
                try await group.run()
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else {
                // The server stopped before it listened: surface why.
                try await tasks.next()
                throw InProcessServerError.didNotStart
            }
            do {
                let result = try await body("http://127.0.0.1:\(port)")
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
                return result
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
        }
    }
}

public enum InProcessServerError: Error, CustomStringConvertible {
    case didNotStart
    public var description: String { "the in-process reference server stopped before it listened" }
}
