import AgentPlannerCore
import Foundation
import SQLKit

/// The Postgres notification channel the dispatch engine listens on.
public enum DispatchChannel {
    public static let name = "agentplanner_dispatch"
}

/// The outbox's read side: events not yet fanned out.
public protocol DispatchOutboxRepository: Sendable {
    /// The oldest undispatched events. Inside a transaction on Postgres the rows stay locked for this
    /// transaction and other fan-out processes skip them.
    func claimUndispatched(limit: Int) async throws -> [DomainEvent]
    func markDispatched(_ ids: [UUID], at now: Date) async throws
    func find(id: UUID) async throws -> DomainEvent?
    /// Wakes listening dispatch engines when the transaction commits (a no-op on SQLite).
    func notify() async throws
    /// How many events wait for fan-out (the `/metrics` gauge).
    func countUndispatched() async throws -> Int
}

struct SQLDispatchOutboxRepository: DispatchOutboxRepository {
    let session: DataSession

    func claimUndispatched(limit: Int) async throws -> [DomainEvent] {
        let query = session.sql.select().columns(SQLDomainEventRepository.columns).from("dispatch_events")
            .where(SQLColumn("dispatched_at"), .is, SQLLiteral.null)
            .orderBy("created_at").orderBy("id").limit(limit)
        if session.types.skipsLockedRows { query.lockingClause(SQLRaw("FOR UPDATE SKIP LOCKED")) }
        let events = SQLDomainEventRepository(session: session)
        return try await query.all().map(events.decode)
    }

    func countUndispatched() async throws -> Int {
        let row = try await session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("dispatch_events").where(SQLColumn("dispatched_at"), .is, SQLLiteral.null).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    func markDispatched(_ ids: [UUID], at now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await session.sql.update("dispatch_events").set("dispatched_at", to: session.types.bind(now))
            .where("id", .in, SQLGroupExpression(SQLList(ids.map { session.types.bind($0) }))).run()
    }

    func find(id: UUID) async throws -> DomainEvent? {
        let events = SQLDomainEventRepository(session: session)
        return try await session.sql.select().columns(SQLDomainEventRepository.columns).from("dispatch_events")
            .where("id", .equal, session.types.bind(id)).first().map(events.decode)
    }

    func notify() async throws {
        try await session.notify(channel: DispatchChannel.name, payload: "deliveries")
    }
}
