import Foundation
import SQLKit

/// A dispatch worker process as `dispatch_workers` lists it.
public struct DispatchWorkerRecord: Sendable, Equatable {
    public var id: UUID
    public var name: String
    public var host: String?
    public var pid: Int?
    public var startedAt: Date
    public var heartbeatAt: Date
    public var stoppedAt: Date?
}

/// The dispatch engine's bookkeeping: its workers, cron locks, and the cron jobs' own updates.
public protocol DispatchMaintenanceRepository: Sendable {
    func registerWorker(id: UUID, name: String, host: String?, pid: Int?, at now: Date) async throws
    func heartbeatWorker(id: UUID, at now: Date) async throws
    func stopWorker(id: UUID, at now: Date) async throws
    func workers() async throws -> [DispatchWorkerRecord]
    /// Takes the lock of `job` for `owner` until `lockedUntil` when nobody holds it and the job last started
    /// before `dueBefore`; false otherwise. One process runs a job at a time.
    func acquireCronLock(job: String, owner: String, now: Date, dueBefore: Date, lockedUntil: Date) async throws -> Bool
    func finishCronRun(job: String, owner: String, outcome: String, at now: Date) async throws
    /// Agents last seen before `cutoff` become offline; returns how many.
    func markStaleHeartbeatsOffline(before cutoff: Date) async throws -> Int
    /// Pending decisions whose `expires_at` passed become expired; returns how many.
    func expireDecisions(at now: Date) async throws -> Int
    /// Records rows a maintenance job changed or deleted in `maintenance_changes`, so an audit of migrated data
    /// can tell v2's own work from a loss. The jobs above, and the delivery purge, call it themselves.
    func recordChanges(job: String, table: String, keys: [UUID], action: MaintenanceAction, at now: Date) async throws
}

/// What a maintenance job did to a row.
public enum MaintenanceAction: String, Sendable {
    case update
    case delete
}

struct SQLDispatchMaintenanceRepository: DispatchMaintenanceRepository {
    let session: DataSession

    func registerWorker(id: UUID, name: String, host: String?, pid: Int?, at now: Date) async throws {
        let types = session.types
        try await session.sql.insert(into: "dispatch_workers")
            .columns("id", "name", "host", "pid", "started_at", "heartbeat_at")
            .values(types.bind(id), SQLBind(name), SQLBind(host), SQLBind(pid), types.bind(now), types.bind(now)).run()
    }

    func heartbeatWorker(id: UUID, at now: Date) async throws {
        try await session.sql.update("dispatch_workers").set("heartbeat_at", to: session.types.bind(now))
            .where("id", .equal, session.types.bind(id)).run()
    }

    func stopWorker(id: UUID, at now: Date) async throws {
        try await session.sql.update("dispatch_workers").set("stopped_at", to: session.types.bind(now))
            .set("heartbeat_at", to: session.types.bind(now)).where("id", .equal, session.types.bind(id)).run()
    }

    func workers() async throws -> [DispatchWorkerRecord] {
        let types = session.types
        return try await session.sql.select().columns("id", "name", "host", "pid", "started_at", "heartbeat_at", "stopped_at")
            .from("dispatch_workers").orderBy("started_at").all().map { row in
                DispatchWorkerRecord(
                    id: try types.uuid(row, "id"), name: try row.decode(column: "name", as: String.self),
                    host: try row.decode(column: "host", as: String?.self), pid: try row.decode(column: "pid", as: Int?.self),
                    startedAt: try types.date(row, "started_at"), heartbeatAt: try types.date(row, "heartbeat_at"),
                    stoppedAt: try types.optionalDate(row, "stopped_at"))
            }
    }

    func acquireCronLock(job: String, owner: String, now: Date, dueBefore: Date, lockedUntil: Date) async throws -> Bool {
        let types = session.types
        try await session.sql.insert(into: "dispatch_cron_runs").columns("job", "runs").values(SQLBind(job), SQLBind(0))
            .ignoringConflicts(with: "job").run()
        let query: SQLQueryString = """
            UPDATE dispatch_cron_runs SET locked_until = \(types.bind(lockedUntil)), locked_by = \(bind: owner),
              last_started_at = \(types.bind(now)), runs = runs + 1
            WHERE job = \(bind: job)
              AND (locked_until IS NULL OR locked_until <= \(types.bind(now)))
              AND (last_started_at IS NULL OR last_started_at <= \(types.bind(dueBefore)))
            RETURNING job
            """
        return !(try await session.sql.raw(query).all()).isEmpty
    }

    func finishCronRun(job: String, owner: String, outcome: String, at now: Date) async throws {
        try await session.sql.update("dispatch_cron_runs")
            .set("locked_until", to: SQLLiteral.null).set("locked_by", to: SQLLiteral.null)
            .set("last_finished_at", to: session.types.bind(now)).set("last_outcome", to: SQLBind(outcome))
            .where("job", .equal, SQLBind(job)).where("locked_by", .equal, SQLBind(owner)).run()
    }

    func markStaleHeartbeatsOffline(before cutoff: Date) async throws -> Int {
        let types = session.types
        let keys = try await session.sql.update("agent_heartbeats").set("status", to: SQLBind("offline"))
            .where("status", .notEqual, SQLBind("offline")).where("last_seen_at", .lessThan, types.bind(cutoff))
            .returning("user_id").all().map { try types.uuid($0, "user_id") }
        try await recordChanges(job: "heartbeat-staleness", table: "agent_heartbeats", keys: keys, action: .update, at: Date())
        return keys.count
    }

    func expireDecisions(at now: Date) async throws -> Int {
        let types = session.types
        let keys = try await session.sql.update("decision_requests").set("status", to: SQLBind("expired"))
            .set("updated_at", to: types.bind(now))
            .where("status", .equal, SQLBind("pending")).where(SQLColumn("expires_at"), .isNot, SQLLiteral.null)
            .where("expires_at", .lessThan, types.bind(now))
            .returning("id").all().map { try types.uuid($0, "id") }
        try await recordChanges(job: "decision-expiry", table: "decision_requests", keys: keys, action: .update, at: now)
        return keys.count
    }

    func recordChanges(job: String, table: String, keys: [UUID], action: MaintenanceAction, at now: Date) async throws {
        let types = session.types
        // 150 rows of 6 binds stay under SQLite's bind limit.
        for start in stride(from: 0, to: keys.count, by: 150) {
            let query = session.sql.insert(into: "maintenance_changes")
                .columns("id", "job", "table_name", "row_key", "action", "changed_at")
            for key in keys[start..<min(start + 150, keys.count)] {
                query.values(
                    types.bind(UUID()), SQLBind(job), SQLBind(table), SQLBind(key.uuidString.lowercased()),
                    SQLBind(action.rawValue), types.bind(now))
            }
            try await query.run()
        }
    }
}
