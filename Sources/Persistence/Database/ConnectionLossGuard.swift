import Logging
import NIOCore
import PostgresNIO
import SQLKit
import Synchronization

/// A query whose connection closed under it and which the driver never answered.
public struct DatabaseConnectionLost: Error, CustomStringConvertible {
    public var description: String {
        "the PostgreSQL connection closed while a query was running (the server restarted or cut the session); "
            + "the query's outcome is unknown"
    }
}

/// Answers queries whose connection closed under them.
///
/// PostgresNIO 1.33 can leave a query's answer pending forever when its connection closes at the wrong moment
/// (seen when PostgreSQL restarts under load: 5 of 20 concurrent sessions never returned): the query's promise
/// is never completed (the driver writes the query with no write promise, so a write that fails as the channel
/// closes is a likely cause; not pinned down further). A pooled caller then waits forever holding its lease,
/// and a dispatch loop stops. The guard checks a pending query's connection every `interval`; once the connection is closed and the query is still pending after one more check, it
/// fails the query with `DatabaseConnectionLost`, so the caller retries on a new connection. A query on a live
/// connection is never touched, however long it runs.
enum ConnectionLossGuard {
    static let interval = TimeAmount.seconds(1)

    /// `future`, failed with `DatabaseConnectionLost` if `connection` closes and `future` stays pending.
    static func guarded<T: Sendable>(_ future: EventLoopFuture<T>, on connection: PostgresConnection) -> EventLoopFuture<T> {
        let watch = PendingQuery(promise: future.eventLoop.makePromise(of: T.self), connection: connection)
        watch.schedule(on: future.eventLoop)
        future.whenComplete { watch.complete($0) }
        return watch.promise.futureResult
    }

    /// Runs `work` (which queries `connection`), answered with `DatabaseConnectionLost` if the connection closes
    /// and `work` does not finish; an abandoned `work` is left to end (or not) on its own.
    static func run<T: Sendable>(
        on connection: PostgresConnection, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let promise = connection.eventLoop.makePromise(of: T.self)
        promise.completeWithTask(work)
        return try await guarded(promise.futureResult, on: connection).get()
    }
}

/// One guarded query: its answer, and the periodic check of its connection.
private final class PendingQuery<T: Sendable>: Sendable {
    private struct State {
        var done = false
        var closedChecks = 0
        var check: Scheduled<Void>?
    }

    let promise: EventLoopPromise<T>
    let connection: PostgresConnection
    private let state = Mutex(State())

    init(promise: EventLoopPromise<T>, connection: PostgresConnection) {
        self.promise = promise
        self.connection = connection
    }

    func schedule(on loop: any EventLoop) {
        let scheduled = loop.scheduleTask(in: ConnectionLossGuard.interval) { self.checkConnection(on: loop) }
        state.withLock { state in
            if state.done { scheduled.cancel() } else { state.check = scheduled }
        }
    }

    private func checkConnection(on loop: any EventLoop) {
        let verdict = state.withLock { state -> Bool? in
            guard !state.done else { return nil }
            if connection.isClosed { state.closedChecks += 1 }
            // One more interval after the close is seen: a query the driver does fail gets its own error.
            guard state.closedChecks >= 2 else { return false }
            state.done = true
            return true
        }
        switch verdict {
        case true?: promise.fail(DatabaseConnectionLost())
        case false?: schedule(on: loop)
        case nil: break
        }
    }

    func complete(_ result: Result<T, any Error>) {
        let check = state.withLock { state -> Scheduled<Void>?? in
            guard !state.done else { return nil }
            state.done = true
            return .some(state.check)
        }
        guard let check else { return }
        check?.cancel()
        promise.completeWith(result)
    }
}

/// A Postgres connection's SQLKit database whose queries are guarded by `ConnectionLossGuard`.
struct GuardedPostgresSQL: SQLDatabase {
    let base: any SQLDatabase
    let connection: PostgresConnection

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { base.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        ConnectionLossGuard.guarded(base.execute(sql: query, onRow), on: connection)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try await execute(sql: query, onRow).get()
    }
}
