import AgentPlannerCore
import Foundation
import SQLKit

/// A domain event: something an API action caused that someone outside the request may be told about
/// (DECISIONS.md §D4). Written to the outbox (`dispatch_events`) in the transaction of the change itself,
/// so an event exists exactly when its change was committed.
///
/// Payload convention (every emitter follows it; the dispatch engine relies on it):
/// - `recipient_user_id` (string uuid): whose messaging integrations receive it — the plan owner for agent
///   requests, status changes and decision requests; the requester for decision resolutions; the new
///   collaborator for `plan.shared`; the assignee for `task.assigned`.
/// - `v1_event`: v1's webhook event name for adapters (`task.start_requested`, `task.review_requested`,
///   `task.help_requested`, `task.continue_requested`, `task.blocked`, `task.unblocked`, `task.completed`,
///   `decision.requested`, `decision.requested.blocking`, `decision.resolved`, `task.assigned`, `plan.shared`).
///   Status changes to other statuses still record an event; their `v1_event` is `task.status_changed`.
/// - the rest of v1's webhook body (ROUTES.md §5.5) without `event` and `timestamp`: `plan {id,title}`,
///   `task {...}`, `request {...}`, `decision {...}`, `resolution {...}`, `actor {name,type,agent_name?}`,
///   `message`. The adapter adds `event` (= `v1_event`) and `timestamp` (= the event's `created_at`).
public struct DomainEvent: Sendable, Equatable {
    /// The bus's event names (§D4). Adapters map these to v1's webhook event names.
    public enum Kind: String, Sendable, CaseIterable {
        case agentRequestCreated = "agent.request.created"
        case agentResponseReceived = "agent.response.received"
        case decisionRequested = "decision.requested"
        case decisionResolved = "decision.resolved"
        case taskStatusChanged = "task.status_changed"
        case taskAssigned = "task.assigned"
        case planShared = "plan.shared"
    }

    public var id: UUID
    public var kind: Kind
    public var payload: JSONValue
    public var actorUserID: UUID?
    public var planID: UUID?
    public var createdAt: Date

    public init(
        id: UUID = UUID(), kind: Kind, payload: JSONValue, actorUserID: UUID?, planID: UUID?, createdAt: Date = Date()
    ) {
        self.id = id
        self.kind = kind
        self.payload = payload
        self.actorUserID = actorUserID
        self.planID = planID
        self.createdAt = createdAt
    }
}

/// The outbox's write side. Call `record` inside the transaction that makes the change.
public protocol DomainEventRepository: Sendable {
    func record(_ event: DomainEvent) async throws
    /// Records several events in one statement (bulk writers such as the load generator).
    func record(_ events: [DomainEvent]) async throws
    /// Events of a plan, oldest first (tests and the delivery history use it).
    func list(planID: UUID) async throws -> [DomainEvent]
}

struct SQLDomainEventRepository: DomainEventRepository {
    let session: DataSession
    static let columns = ["id", "type", "payload", "actor_user_id", "plan_id", "created_at"]

    func record(_ event: DomainEvent) async throws {
        let types = session.types
        try await session.sql.insert(into: "dispatch_events")
            .columns(Self.columns)
            .values(
                types.bind(event.id), SQLBind(event.kind.rawValue), types.bind(json: event.payload),
                types.bind(event.actorUserID), types.bind(event.planID), types.bind(event.createdAt)
            )
            .run()
        // Wakes the dispatch engine in every process once the transaction commits; SQLite engines poll.
        try await session.notify(channel: DispatchChannel.name, payload: "event")
    }

    func record(_ events: [DomainEvent]) async throws {
        guard !events.isEmpty else { return }
        let types = session.types
        let insert = session.sql.insert(into: "dispatch_events").columns(Self.columns)
        for event in events {
            insert.values(
                types.bind(event.id), SQLBind(event.kind.rawValue), types.bind(json: event.payload),
                types.bind(event.actorUserID), types.bind(event.planID), types.bind(event.createdAt))
        }
        try await insert.run()
        try await session.notify(channel: DispatchChannel.name, payload: "event")
    }

    func list(planID: UUID) async throws -> [DomainEvent] {
        try await session.sql.select().columns(Self.columns).from("dispatch_events")
            .where("plan_id", .equal, session.types.bind(planID))
            .orderBy("created_at").orderBy("id")
            .all().map(decode)
    }

    func decode(_ row: any SQLRow) throws -> DomainEvent {
        let types = session.types
        let name = try row.decode(column: "type", as: String.self)
        guard let kind = DomainEvent.Kind(rawValue: name) else {
            throw DataAccessError.malformedValue(column: "dispatch_events.type", expected: "event name", found: name)
        }
        return DomainEvent(
            id: try types.uuid(row, "id"), kind: kind, payload: try types.json(row, "payload"),
            actorUserID: try types.optionalUUID(row, "actor_user_id"), planID: try types.optionalUUID(row, "plan_id"),
            createdAt: try types.date(row, "created_at"))
    }
}
