import Logging
import SQLKit
import ServiceLifecycle

/// A database the data access layer can run on, PostgreSQL or SQLite.
///
/// Work happens in a `DataSession`: one connection for the duration of the closure. `transaction` wraps the
/// closure in BEGIN/COMMIT and rolls back when it throws. Never open a session inside another one: on SQLite
/// the single connection is already held and the inner call would wait forever.
public protocol DatabaseStore: Sendable, Service {
    var dialect: DatabaseDialect { get }
    var location: DatabaseLocation { get }

    func withSession<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T
    func transaction<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T
}

/// Opens stores and runs them for the length of a closure, for commands and tests that are not a
/// long-running service group.
public enum DatabaseStores {
    /// Opens the store at `location`, checking first that it can be reached and written.
    public static func open(_ location: DatabaseLocation, logger: Logger) async throws -> any DatabaseStore {
        switch location {
        case .postgres(let postgres):
            try await PostgresStore.checkReachable(postgres, logger: logger)
            return try PostgresStore(postgres, logger: logger)
        case .sqlite(let path):
            return try await SQLiteStore.open(path: path, logger: logger)
        }
    }

    /// Opens the store, runs its service while `body` runs, then shuts it down.
    public static func withStore<T: Sendable>(
        _ location: DatabaseLocation, logger: Logger,
        _ body: @Sendable (any DatabaseStore) async throws -> T
    ) async throws -> T {
        let store = try await open(location, logger: logger)
        return try await withRunning(store, body)
    }

    /// Runs `store`'s service while `body` runs.
    public static func withRunning<T: Sendable>(
        _ store: any DatabaseStore, _ body: @Sendable (any DatabaseStore) async throws -> T
    ) async throws -> T {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // The body starts once the child is about to run the store: a pool leased before its run() has
            // begun logs a warning (PostgresNIO) on every short command.
            let (started, running) = AsyncStream<Void>.makeStream()
            group.addTask {
                running.finish()
                try await store.run()
            }
            for await _ in started {}
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}
