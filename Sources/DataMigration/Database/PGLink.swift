import Foundation
import Logging
import NIOSSL
import Persistence
import PostgresNIO

/// One PostgreSQL connection of the migration tool (source or target), with its session pinned to UTC and
/// ISO dates so timestamps render the same on both sides.
///
/// The migration moves data between two PostgreSQL databases, so it talks PostgreSQL directly rather than
/// through the dialect-neutral repositories of `Persistence`.
public final class PGLink: Sendable {
    public let location: PostgresLocation
    /// `source` or `target`: named in errors.
    let role: String
    let connection: PostgresConnection
    let logger: Logger

    private init(location: PostgresLocation, role: String, connection: PostgresConnection, logger: Logger) {
        self.location = location
        self.role = role
        self.connection = connection
        self.logger = logger
    }

    /// Opens a connection; an unreachable server or a wrong database is one clear `MigrationFailure`.
    public static func connect(_ location: PostgresLocation, role: String, logger: Logger) async throws -> PGLink {
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.username, password: location.password,
            database: location.database, tls: try tls(location.tls))
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
            let link = PGLink(location: location, role: role, connection: connection, logger: logger)
            try await link.execute("SET TimeZone = 'UTC'")
            try await link.execute("SET DateStyle = ISO")
            try await link.execute("SET statement_timeout = 0")
            // Hash joins, aggregates and sorts over whole tables stay in memory (the server's default is 4 MB).
            try await link.execute("SET work_mem = '64MB'")
            return link
        } catch {
            throw MigrationFailure(
                "cannot reach the \(role) database \(location): \(DatabaseErrorDescription.describe(error))")
        }
    }

    /// Opens a link, runs `body`, closes the link whatever happens.
    public static func with<T: Sendable>(
        _ location: PostgresLocation, role: String, logger: Logger, _ body: (PGLink) async throws -> T
    ) async throws -> T {
        let link = try await connect(location, role: role, logger: logger)
        do {
            let result = try await body(link)
            await link.close()
            return result
        } catch {
            await link.close()
            throw error
        }
    }

    public func close() async {
        try? await connection.close()
    }

    public func execute(_ sql: String, _ binds: [String?] = []) async throws {
        _ = try await rows(sql, binds)
    }

    /// Runs `sql` with text parameters `$1…`; every column is read back as text (`NULL` as nil).
    public func rows(_ sql: String, _ binds: [String?] = []) async throws -> [[String?]] {
        try await fold(sql, binds, into: [[String?]]()) { out, row in
            out.append(try row.map { try $0.decode(String?.self) })
        }
    }

    /// Runs `sql` and hands each row to `body` as it arrives, so the caller keeps only what it needs (memory
    /// stays flat however many rows come); `state` comes back when the rows end.
    func fold<State: Sendable>(
        _ sql: String, _ binds: [String?] = [], into state: State, _ body: @escaping @Sendable (inout State, PostgresRow) throws -> Void
    ) async throws -> State {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            if let value { bindings.append(value) } else { bindings.appendNull() }
        }
        let query = PostgresQuery(unsafeSQL: sql, binds: bindings)
        let started = Self.trace ? ContinuousClock.now : nil
        defer { if let started { Self.report(sql, since: started) } }
        let connection = self.connection
        let logger = self.logger
        do {
            return try await racingClose {
                var state = state
                for try await row in try await connection.query(query, logger: logger) { try body(&state, row) }
                return state
            }
        } catch let error as PSQLError {
            throw failure(error)
        }
    }

    /// Streams rows in COPY text format (one line per row, `\n`-terminated) into `table`, a bare name found
    /// through the session's search path, in one statement: all of `text` is stored, or none of it.
    public func copyIn(table: String, columns: [String], text: String) async throws {
        let buffer = ByteBuffer(string: text)
        let started = Self.trace ? ContinuousClock.now : nil
        defer { if let started { Self.report("COPY \(table) FROM STDIN", since: started) } }
        do {
            let connection = self.connection
            let logger = self.logger
            try await racingClose {
                try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                    try await writer.write(buffer)
                }
            }
        } catch let error as PSQLError {
            throw failure(error)
        }
    }

    /// Runs `operation` racing the connection's close: whichever comes first decides. PostgresNIO can wait
    /// forever on a connection the server closes around the start of a statement (`copyFrom` leaks its
    /// continuation then), which would hang the run instead of reporting the lost connection.
    private func racingClose<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard !connection.isClosed else { throw lost("the server closed the connection") }
        let closed = lost("the server closed the connection")
        let closeFuture = connection.closeFuture
        let outcome: Result<T, any Error> = await withCheckedContinuation { continuation in
            let once = ResumeOnce(continuation)
            closeFuture.whenComplete { _ in once.resume(.failure(closed)) }
            Task {
                do {
                    once.resume(.success(try await operation()))
                } catch {
                    once.resume(.failure(error))
                }
            }
        }
        return try outcome.get()
    }

    /// A driver error as one line: a lost connection says so (and that a re-run resumes), anything else
    /// gives the server's message.
    private func failure(_ error: PSQLError) -> MigrationFailure {
        let reason = DatabaseErrorDescription.describe(error)
        let state = DatabaseErrorDescription.sqlState(error) ?? ""
        let lost =
            [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown].contains(error.code)
            || state.hasPrefix("08") || state.hasPrefix("57P")
        return lost ? self.lost(reason) : MigrationFailure("query failed on \(location.database): \(reason)")
    }

    private func lost(_ reason: String) -> MigrationFailure {
        MigrationFailure(
            "lost the connection to the \(role) database \(location.database): \(reason); "
                + "the target is marked incomplete, run the same command again to resume")
    }

    /// `AGENTPLANNER_MIGRATION_TRACE=1` prints each statement's duration and its start to standard error
    /// (for profiling); `=full` prints the whole statement.
    static let trace: Bool = {
        _ = processStart
        return ["1", "full"].contains(ProcessInfo.processInfo.environment["AGENTPLANNER_MIGRATION_TRACE"])
    }()
    /// When tracing started (the first statement's process), so trace lines can be put on one timeline.
    static let processStart = ContinuousClock.now
    static let full = ProcessInfo.processInfo.environment["AGENTPLANNER_MIGRATION_TRACE"] == "full"

    private static func report(_ sql: String, since started: ContinuousClock.Instant) {
        let duration = ContinuousClock.now - started
        let milliseconds = Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
        let text = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let offset = started - processStart
        let at = Double(offset.components.seconds) + Double(offset.components.attoseconds) / 1e18
        let line: String =
            String(format: "trace at %8.3f s %9.1f ms  ", at, milliseconds) + String(text.prefix(full ? 100_000 : 160)) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// The first column of the first row.
    public func scalar(_ sql: String, _ binds: [String?] = []) async throws -> String? {
        try await rows(sql, binds).first?.first ?? nil
    }

    public func count(_ sql: String, _ binds: [String?] = []) async throws -> Int {
        Int(try await scalar(sql, binds) ?? "0") ?? 0
    }

    /// Runs `body` inside one transaction.
    public func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await execute("BEGIN")
        do {
            let result = try await body()
            try await execute("COMMIT")
            return result
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    private static func tls(_ mode: PostgresLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        switch mode {
        case .disable: .disable
        case .prefer: .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
    }
}

/// A failure of the migration tool with a message fit for the terminal (never SQL text or secrets).
public struct MigrationFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Resumes a continuation with the first result given; later ones are ignored.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, any Error>, Never>?

    init(_ continuation: CheckedContinuation<Result<T, any Error>, Never>) { self.continuation = continuation }

    func resume(_ result: Result<T, any Error>) {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: result)
    }
}
