import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import ServiceLifecycle
import Synchronization

/// SQLite, the embedded default: one connection, one session at a time.
///
/// SQLite has a single writer; serialising sessions here means a transaction never interleaves with another
/// request's statements, and races such as two concurrent resolves of one decision have one winner.
public final class SQLiteStore: DatabaseStore {
    public let dialect = DatabaseDialect.sqlite
    public let location: DatabaseLocation
    private let connection: SQLiteConnection
    private let gate = AsyncGate()
    private let logger: Logger

    private init(connection: SQLiteConnection, path: String, logger: Logger) {
        self.connection = connection
        self.location = .sqlite(path: path)
        self.logger = logger
    }

    /// Opens (creating when missing) the database file and its folder.
    public static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let storage: SQLiteConnection.Storage
        if path == ":memory:" {
            storage = .memory
        } else {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw DatabaseOpenError.dataFolder(path: folder, reason: "cannot create it")
            }
            guard FileManager.default.isWritableFile(atPath: folder) else {
                throw DatabaseOpenError.dataFolder(path: folder, reason: "it is not writable")
            }
            storage = .file(path: path)
        }
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(storage: storage, logger: logger)
        } catch {
            throw DatabaseOpenError.unreachable(location: "sqlite:\(path)", reason: "\(error)")
        }
        let sql = connection.sql(queryLogLevel: .trace)
        do {
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA busy_timeout = 5000").run()
            if path != ":memory:" {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
            }
        } catch {
            try? await connection.close()
            throw DatabaseOpenError.unreachable(location: "sqlite:\(path)", reason: "\(error)")
        }
        return SQLiteStore(connection: connection, path: path, logger: logger)
    }

    /// Keeps the connection open until shutdown or cancellation, then closes it once the current session ends.
    public func run() async throws {
        try? await gracefulShutdown()
        try await gate.withPermit {
            // The future-based close: the async one refuses to run in a cancelled task, and cancellation is
            // exactly how a task group ends this service.
            let closing: EventLoopFuture<Void> = connection.close()
            try await closing.get()
        }
    }

    public func withSession<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T {
        try await gate.withPermit {
            try await body(DataSession(.sqlite(connection)))
        }
    }

    public func transaction<T: Sendable>(_ body: @Sendable (DataSession) async throws -> T) async throws -> T {
        // IMMEDIATE takes the write lock at once, so a transaction never fails half-way on a busy database.
        try await gate.withPermit {
            try await DataSession(.sqlite(connection)).inTransaction(begin: "BEGIN IMMEDIATE", body)
        }
    }
}

/// A FIFO async mutex: one holder at a time, waiters resumed in arrival order.
final class AsyncGate: Sendable {
    private let state = Mutex(State())

    private struct State {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    func withPermit<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                if state.held {
                    state.waiters.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if acquired { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.held = false
                return nil
            }
            // The permit passes straight to the next waiter; `held` stays true.
            return state.waiters.removeFirst()
        }
        next?.resume()
    }
}
