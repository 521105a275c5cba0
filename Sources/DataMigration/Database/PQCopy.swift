import CLibPQ
import Foundation
import Persistence

/// A libpq connection for the migration's bulk path. libpq speaks `COPY … TO STDOUT`, which PostgresNIO lacks:
/// rows then move from the source into the target as the servers' own COPY text, with no per-value work here,
/// as `pg_dump | psql` moves them. Blocking calls: use it on its own thread (`PQCopy.onThread`).
final class PQConnection: @unchecked Sendable {
    // Used by one thread at a time (the copy's own thread); never shared concurrently.
    private let handle: OpaquePointer
    let role: String
    let database: String

    init(_ location: PostgresLocation, role: String) throws {
        self.role = role
        self.database = location.database
        let pairs: [(String, String)] = [
            ("host", location.host), ("port", String(location.port)), ("user", location.username),
            ("password", location.password ?? ""), ("dbname", location.database),
            ("sslmode", location.tls == .disable ? "disable" : location.tls == .require ? "require" : "prefer"),
            ("connect_timeout", "5"), ("application_name", "agentplanner-migrate"),
        ]
        let keys = pairs.map { strdup($0.0) } + [nil]
        let values = pairs.map { strdup($0.1) } + [nil]
        defer {
            for key in keys { free(key) }
            for value in values { free(value) }
        }
        let connection = keys.map { UnsafePointer($0) }.withUnsafeBufferPointer { k in
            values.map { UnsafePointer($0) }.withUnsafeBufferPointer { v in
                PQconnectdbParams(k.baseAddress, v.baseAddress, 0)
            }
        }
        guard let connection else { throw MigrationFailure("cannot reach the \(role) database \(location): out of memory") }
        handle = connection
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(connection)
            PQfinish(connection)
            throw MigrationFailure("cannot reach the \(role) database \(location): \(message)")
        }
        for setting in ["SET TimeZone = 'UTC'", "SET DateStyle = ISO", "SET statement_timeout = 0", "SET extra_float_digits = 3"] {
            try execute(setting)
        }
    }

    deinit { PQfinish(handle) }

    /// Runs a statement that returns no rows.
    func execute(_ sql: String) throws {
        try expect(PQexec(handle, sql), PGRES_COMMAND_OK, sql)
    }

    /// Streams the rows of `select` (COPY text, one line per row) from this connection into `table` on `target`,
    /// inside whatever transaction `target` has open; returns the rows copied. `freeze` writes them frozen (the
    /// table must have been truncated in that transaction): later reads, index builds and vacuum then need no
    /// visibility work on them.
    func copy(_ select: String, into table: String, columns: [String], on target: PQConnection, freeze: Bool = false) throws -> Int {
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try expect(PQexec(handle, "COPY (\(select)) TO STDOUT"), PGRES_COPY_OUT, "COPY … TO STDOUT")
        try target.expect(
            PQexec(target.handle, "COPY \(table) (\(list)) FROM STDIN" + (freeze ? " WITH (FREEZE)" : "")), PGRES_COPY_IN,
            "COPY \(table) FROM STDIN")
        var rows = 0
        var failure: String?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                defer { PQfreemem(buffer) }
                rows += 1
                if PQputCopyData(target.handle, buffer, length) != 1 {
                    failure = "\(target.role): \(Self.message(target.handle))"
                    break
                }
            } else if length == -1 {
                break
            } else {
                failure = "\(role): \(Self.message(handle))"
                break
            }
        }
        // Finish both sides whatever happened, so neither connection is left in COPY mode.
        while let result = PQgetResult(handle) {
            if failure == nil && PQresultStatus(result) != PGRES_COMMAND_OK { failure = "\(role): \(Self.resultMessage(result))" }
            PQclear(result)
        }
        _ = PQputCopyEnd(target.handle, failure)
        while let result = PQgetResult(target.handle) {
            if failure == nil && PQresultStatus(result) != PGRES_COMMAND_OK { failure = "\(target.role): \(Self.resultMessage(result))" }
            PQclear(result)
        }
        if let failure {
            for side in [self, target] where PQstatus(side.handle) == CONNECTION_BAD { throw side.failure(failure) }
            throw MigrationFailure("copying into \(table) failed: \(failure)")
        }
        return rows
    }

    /// Streams the rows of `select` as COPY text lines (with their `\n`) to `body`, one line at a time, in the
    /// connection's buffer (valid only during the call); returns the rows read.
    func copyOut(_ select: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Int {
        try expect(PQexec(handle, "COPY (\(select)) TO STDOUT"), PGRES_COPY_OUT, "COPY … TO STDOUT")
        var rows = 0
        var failure: (any Error)?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let length = PQgetCopyData(handle, &buffer, 0)
            if length > 0, let buffer {
                defer { PQfreemem(buffer) }
                rows += 1
                do {
                    try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        try body(UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                } catch {
                    // Read on to the end, so the connection leaves COPY mode; then report.
                    if failure == nil { failure = error }
                }
            } else if length == -1 {
                break
            } else {
                throw self.failure("\(role): \(Self.message(handle))")
            }
        }
        while let result = PQgetResult(handle) {
            let status = PQresultStatus(result)
            let text = Self.resultMessage(result)
            PQclear(result)
            if status != PGRES_COMMAND_OK && failure == nil { failure = self.failure("COPY … TO STDOUT: \(text)") }
        }
        if let failure { throw failure }
        return rows
    }

    private func expect(_ result: OpaquePointer?, _ status: ExecStatusType, _ what: String) throws {
        guard let result else { throw failure(Self.message(handle)) }
        let actual = PQresultStatus(result)
        let text = Self.resultMessage(result)
        PQclear(result)
        guard actual == status else { throw failure("\(what.prefix(120)): \(text)") }
    }

    /// The error for `reason`: a lost connection is said as `PGLink` says it (the run can be resumed).
    private func failure(_ reason: String) -> MigrationFailure {
        guard PQstatus(handle) == CONNECTION_BAD else { return MigrationFailure("query failed on \(database): \(reason)") }
        return MigrationFailure(
            "lost the connection to the \(role) database \(database): \(reason); "
                + "the target is marked incomplete, run the same command again to resume")
    }

    private static func message(_ connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func resultMessage(_ result: OpaquePointer) -> String {
        String(cString: PQresultErrorMessage(result)).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

enum PQCopy {
    /// Runs blocking libpq work on a thread of its own, off Swift's cooperative pool.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
