import AgentPlannerCore
import Foundation
import SQLKit

/// Reads and writes `message_deliveries`: fan-out inserts, leased claims, outcomes, history and replay.
public protocol MessageDeliveryRepository: Sendable {
    /// Inserts the deliveries whose idempotency key is new; returns how many were inserted.
    func insertIgnoringDuplicates(_ deliveries: [NewDelivery]) async throws -> Int
    /// Claims up to `limit` due deliveries of `adapter` for `owner` until `leaseUntil`: pending or failed rows
    /// whose `next_attempt_at` has come, and in-flight rows whose lease expired. Each claim counts an attempt.
    /// Postgres skips rows another transaction holds (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
    /// The claims repeat the claim index's predicate (`status IN ('pending', 'failed', 'in_flight')`): PostgreSQL
    /// does not infer it from the OR of the two cases, and without it sorted the whole table on every claim.
    func claimDue(
        adapter: MessagingAdapterKind, owner: String, limit: Int, now: Date, leaseUntil: Date
    ) async throws -> [MessageDelivery]
    /// `claimDue` for several adapters at once, up to `limits[adapter]` each: one statement on Postgres (a
    /// locking CTE per adapter), one per adapter on SQLite.
    func claimDue(
        limits: [MessagingAdapterKind: Int], owner: String, now: Date, leaseUntil: Date
    ) async throws -> [MessageDelivery]
    /// Records the outcome only while `owner` still holds the lease of that attempt; false otherwise.
    func record(_ outcome: DeliveryOutcome, id: UUID, owner: String, attempt: Int, at now: Date) async throws -> Bool
    /// Records many outcomes, each under the same lease rule, in as few statements as the engine allows (one
    /// per 500 on Postgres); returns the ids recorded.
    func record(_ records: [OutcomeRecord], at now: Date) async throws -> Set<UUID>
    /// Gives a claimed delivery back without counting its attempt (graceful shutdown).
    func release(id: UUID, owner: String, attempt: Int, at now: Date) async throws -> Bool
    func find(id: UUID) async throws -> MessageDelivery?
    /// Newest first.
    func list(integrationID: UUID, status: DeliveryStatus?, limit: Int, offset: Int) async throws -> [MessageDelivery]
    func list(eventID: UUID) async throws -> [MessageDelivery]
    /// A dead delivery becomes pending again with a fresh attempt budget; false when it is not dead.
    func replay(id: UUID, at now: Date) async throws -> Bool
    /// Deletes delivered rows delivered before `cutoff`; returns how many.
    func purgeDelivered(before cutoff: Date) async throws -> Int
    func countsByStatus() async throws -> [DeliveryStatus: Int]
}

struct SQLMessageDeliveryRepository: MessageDeliveryRepository {
    let session: DataSession
    static let table = "message_deliveries"
    static let columns = [
        "id", "event_id", "integration_id", "adapter", "event_type", "payload", "status", "attempts", "next_attempt_at",
        "lease_expires_at", "lease_owner", "last_error", "response_status", "idempotency_key", "created_at",
        "delivered_at", "updated_at",
    ]

    func insertIgnoringDuplicates(_ deliveries: [NewDelivery]) async throws -> Int {
        guard !deliveries.isEmpty else { return 0 }
        let types = session.types
        var inserted = 0
        // Chunks keep each statement under SQLite's bind limit.
        for chunk in stride(from: 0, to: deliveries.count, by: 200).map({ deliveries[$0..<min($0 + 200, deliveries.count)] }) {
            let query = session.sql.insert(into: Self.table)
                .columns(
                    "id", "event_id", "integration_id", "adapter", "event_type", "payload", "status", "attempts",
                    "next_attempt_at", "idempotency_key", "created_at", "updated_at")
            for delivery in chunk {
                query.values(
                    types.bind(UUID()), types.bind(delivery.eventID), types.bind(delivery.integrationID),
                    SQLBind(delivery.adapter.rawValue), SQLBind(delivery.eventType), types.bind(json: delivery.payload),
                    SQLBind(DeliveryStatus.pending.rawValue), SQLBind(0), types.bind(delivery.createdAt),
                    SQLBind(delivery.idempotencyKey), types.bind(delivery.createdAt), types.bind(delivery.createdAt))
            }
            inserted += try await query.ignoringConflicts(with: "idempotency_key").returning("id").all().count
        }
        return inserted
    }

    func claimDue(
        adapter: MessagingAdapterKind, owner: String, limit: Int, now: Date, leaseUntil: Date
    ) async throws -> [MessageDelivery] {
        guard limit > 0 else { return [] }
        let types = session.types
        let due: SQLQueryString = """
            SELECT id FROM message_deliveries
            WHERE adapter = \(bind: adapter.rawValue) AND status IN ('pending', 'failed', 'in_flight')
              AND ((status IN ('pending', 'failed') AND next_attempt_at <= \(types.bind(now)))
                OR (status = 'in_flight' AND lease_expires_at <= \(types.bind(now))))
            ORDER BY next_attempt_at LIMIT \(literal: limit)
            """
        let set: SQLQueryString = """
            UPDATE message_deliveries SET status = 'in_flight', lease_owner = \(bind: owner),
              lease_expires_at = \(types.bind(leaseUntil)), attempts = message_deliveries.attempts + 1,
              updated_at = \(types.bind(now)),
              last_error = CASE WHEN message_deliveries.status = 'in_flight' THEN \(bind: MessageDelivery.leaseExpiredNote)
                ELSE message_deliveries.last_error END
            """
        let query: SQLQueryString
        if types.skipsLockedRows {
            query = "WITH due AS (\(due) FOR UPDATE SKIP LOCKED) \(set) FROM due WHERE message_deliveries.id = due.id RETURNING message_deliveries.*"
        } else {
            query = "\(set) WHERE id IN (\(due)) RETURNING *"
        }
        return try await session.sql.raw(query).all().map(decode)
    }

    func claimDue(
        limits: [MessagingAdapterKind: Int], owner: String, now: Date, leaseUntil: Date
    ) async throws -> [MessageDelivery] {
        let wanted = limits.filter { $0.value > 0 }.sorted { $0.key.rawValue < $1.key.rawValue }
        guard session.types.skipsLockedRows, wanted.count > 1 else {
            var claimed: [MessageDelivery] = []
            for (adapter, limit) in wanted {
                claimed += try await claimDue(adapter: adapter, owner: owner, limit: limit, now: now, leaseUntil: leaseUntil)
            }
            return claimed
        }
        let types = session.types
        var parts: [SQLQueryString] = []
        for (index, (adapter, limit)) in wanted.enumerated() {
            parts.append(
                """
                a\(unsafeRaw: String(index)) AS (SELECT id FROM message_deliveries
                  WHERE adapter = \(bind: adapter.rawValue) AND status IN ('pending', 'failed', 'in_flight')
                    AND ((status IN ('pending', 'failed') AND next_attempt_at <= \(types.bind(now)))
                      OR (status = 'in_flight' AND lease_expires_at <= \(types.bind(now))))
                  ORDER BY next_attempt_at LIMIT \(literal: limit) FOR UPDATE SKIP LOCKED)
                """)
        }
        let union = (0..<wanted.count).map { "SELECT id FROM a\($0)" }.joined(separator: " UNION ALL ")
        let query: SQLQueryString = """
            WITH \(parts.joined(separator: ", ")), due AS (\(unsafeRaw: union))
            UPDATE message_deliveries SET status = 'in_flight', lease_owner = \(bind: owner),
              lease_expires_at = \(types.bind(leaseUntil)), attempts = message_deliveries.attempts + 1,
              updated_at = \(types.bind(now))
            FROM due WHERE message_deliveries.id = due.id RETURNING message_deliveries.*
            """
        return try await session.sql.raw(query).all().map(decode)
    }

    func record(_ outcome: DeliveryOutcome, id: UUID, owner: String, attempt: Int, at now: Date) async throws -> Bool {
        let types = session.types
        let query = session.sql.update(Self.table)
            .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
            .set("updated_at", to: types.bind(now))
        switch outcome {
        case .delivered(let status):
            query.set("status", to: SQLBind(DeliveryStatus.delivered.rawValue)).set("delivered_at", to: types.bind(now))
                .set("response_status", to: SQLBind(status)).set("last_error", to: SQLLiteral.null)
        case .retry(let error, let status, let next):
            query.set("status", to: SQLBind(DeliveryStatus.failed.rawValue)).set("next_attempt_at", to: types.bind(next))
                .set("response_status", to: SQLBind(status)).set("last_error", to: SQLBind(error))
        case .dead(let error, let status):
            query.set("status", to: SQLBind(DeliveryStatus.dead.rawValue))
                .set("response_status", to: SQLBind(status)).set("last_error", to: SQLBind(error))
        }
        return try await holding(query, id: id, owner: owner, attempt: attempt)
    }

    func record(_ records: [OutcomeRecord], at now: Date) async throws -> Set<UUID> {
        guard session.types.updatesFromValues else {
            var recorded = Set<UUID>()
            for record in records
            where try await self.record(
                record.outcome, id: record.id, owner: record.owner, attempt: record.attempt, at: now)
            {
                recorded.insert(record.id)
            }
            return recorded
        }
        let types = session.types
        var recorded = Set<UUID>()
        for start in stride(from: 0, to: records.count, by: 500) {
            let chunk = records[start..<min(start + 500, records.count)]
            var rows: [SQLQueryString] = []
            for record in chunk {
                let (status, next, responseStatus, error): (DeliveryStatus, Date?, Int?, String?) =
                    switch record.outcome {
                    case .delivered(let code): (.delivered, nil, code, nil)
                    case .retry(let message, let code, let at): (.failed, at, code, message)
                    case .dead(let message, let code): (.dead, nil, code, message)
                    }
                rows.append(
                    """
                    (\(types.bind(record.id))::uuid, \(bind: record.owner)::text, \(bind: record.attempt)::integer, \
                    \(bind: status.rawValue)::text, \(types.bind(next))::timestamptz, \(bind: responseStatus)::integer, \
                    \(bind: error)::text)
                    """)
            }
            let query: SQLQueryString = """
                UPDATE message_deliveries AS d SET status = v.status, lease_owner = NULL, lease_expires_at = NULL,
                  updated_at = \(types.bind(now)),
                  delivered_at = CASE WHEN v.status = 'delivered' THEN \(types.bind(now)) ELSE d.delivered_at END,
                  next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
                  response_status = v.response_status, last_error = v.last_error
                FROM (VALUES \(rows.joined(separator: ", "))) AS v(id, owner, attempt, status, next_attempt_at, response_status, last_error)
                WHERE d.id = v.id AND d.status = 'in_flight' AND d.lease_owner = v.owner AND d.attempts = v.attempt
                RETURNING d.id
                """
            for row in try await session.sql.raw(query).all() { recorded.insert(try types.uuid(row, "id")) }
        }
        return recorded
    }

    func release(id: UUID, owner: String, attempt: Int, at now: Date) async throws -> Bool {
        let types = session.types
        let query = session.sql.update(Self.table)
            .set("lease_owner", to: SQLLiteral.null).set("lease_expires_at", to: SQLLiteral.null)
            .set("status", to: SQLRaw("CASE WHEN attempts > 1 THEN 'failed' ELSE 'pending' END"))
            .set("attempts", to: SQLRaw("attempts - 1"))
            .set("next_attempt_at", to: types.bind(now)).set("updated_at", to: types.bind(now))
        return try await holding(query, id: id, owner: owner, attempt: attempt)
    }

    /// Applies `query` only to the row whose lease `owner` still holds for attempt `attempt`.
    private func holding(_ query: SQLUpdateBuilder, id: UUID, owner: String, attempt: Int) async throws -> Bool {
        !(try await query.where("id", .equal, session.types.bind(id))
            .where("status", .equal, SQLBind(DeliveryStatus.inFlight.rawValue))
            .where("lease_owner", .equal, SQLBind(owner)).where("attempts", .equal, SQLBind(attempt))
            .returning("id").all()).isEmpty
    }

    func find(id: UUID) async throws -> MessageDelivery? {
        try await select().where("id", .equal, session.types.bind(id)).first().map(decode)
    }

    func list(integrationID: UUID, status: DeliveryStatus?, limit: Int, offset: Int) async throws -> [MessageDelivery] {
        let query = select().where("integration_id", .equal, session.types.bind(integrationID))
        if let status { query.where("status", .equal, SQLBind(status.rawValue)) }
        return try await query.orderBy("created_at", .descending).orderBy("id", .descending)
            .limit(limit).offset(offset).all().map(decode)
    }

    func list(eventID: UUID) async throws -> [MessageDelivery] {
        try await select().where("event_id", .equal, session.types.bind(eventID))
            .orderBy("created_at").orderBy("id").all().map(decode)
    }

    func replay(id: UUID, at now: Date) async throws -> Bool {
        let types = session.types
        return
            !(try await session.sql.update(Self.table)
            .set("status", to: SQLBind(DeliveryStatus.pending.rawValue)).set("attempts", to: SQLBind(0))
            .set("next_attempt_at", to: types.bind(now)).set("updated_at", to: types.bind(now))
            .where("id", .equal, types.bind(id)).where("status", .equal, SQLBind(DeliveryStatus.dead.rawValue))
            .returning("id").all()).isEmpty
    }

    /// Purged rows are recorded in `maintenance_changes`: migrated v1 history is purged like any delivered
    /// row (the archive keeps v1's originals), and an audit of the migration tells the purge from a loss.
    func purgeDelivered(before cutoff: Date) async throws -> Int {
        let types = session.types
        let keys = try await session.sql.delete(from: Self.table)
            .where("status", .equal, SQLBind(DeliveryStatus.delivered.rawValue))
            .where("delivered_at", .lessThan, types.bind(cutoff))
            .returning("id").all().map { try types.uuid($0, "id") }
        try await session.dispatchMaintenance.recordChanges(
            job: "delivery-purge", table: Self.table, keys: keys, action: .delete, at: Date())
        return keys.count
    }

    func countsByStatus() async throws -> [DeliveryStatus: Int] {
        let rows = try await session.sql.select().column("status").column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from(Self.table).groupBy("status").all()
        var counts: [DeliveryStatus: Int] = [:]
        for row in rows {
            guard let status = DeliveryStatus(rawValue: try row.decode(column: "status", as: String.self)) else { continue }
            counts[status] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    private func select() -> SQLSelectBuilder {
        session.sql.select().columns(Self.columns).from(Self.table)
    }

    private func decode(_ row: any SQLRow) throws -> MessageDelivery {
        let types = session.types
        let adapterName = try row.decode(column: "adapter", as: String.self)
        let statusName = try row.decode(column: "status", as: String.self)
        guard let adapter = MessagingAdapterKind(rawValue: adapterName), let status = DeliveryStatus(rawValue: statusName)
        else {
            throw DataAccessError.malformedValue(
                column: "\(Self.table).adapter/status", expected: "known value", found: "\(adapterName)/\(statusName)")
        }
        return MessageDelivery(
            id: try types.uuid(row, "id"), eventID: try types.optionalUUID(row, "event_id"),
            integrationID: try types.uuid(row, "integration_id"), adapter: adapter,
            eventType: try row.decode(column: "event_type", as: String.self), payload: try types.json(row, "payload"),
            status: status, attempts: try row.decode(column: "attempts", as: Int.self),
            nextAttemptAt: try types.date(row, "next_attempt_at"),
            leaseExpiresAt: try types.optionalDate(row, "lease_expires_at"),
            leaseOwner: try row.decode(column: "lease_owner", as: String?.self),
            lastError: try row.decode(column: "last_error", as: String?.self),
            responseStatus: try row.decode(column: "response_status", as: Int?.self),
            idempotencyKey: try row.decode(column: "idempotency_key", as: String.self),
            createdAt: try types.date(row, "created_at"), deliveredAt: try types.optionalDate(row, "delivered_at"),
            updatedAt: try types.date(row, "updated_at"))
    }
}
