import AgentPlannerCore
import Foundation
import SQLKit

/// Reads and writes `decision_requests`.
///
/// Every change of a request's state is one conditional UPDATE (`WHERE status = 'pending'`) whose RETURNING
/// clause says whether it matched: two concurrent resolves cannot both win, on PostgreSQL (the second UPDATE
/// waits for the first's row lock, then re-checks its WHERE) or on SQLite (one writer).
public protocol DecisionRequestRepository: Sendable {
    func create(_ request: NewDecisionRequest) async throws -> DecisionRequest
    func find(id: UUID, planID: UUID) async throws -> DecisionRequest?
    /// One page, newest first, and how many match the filter in all.
    func list(planID: UUID, filter: DecisionRequestFilter) async throws -> (rows: [DecisionRequest], total: Int)
    func pendingCount(planID: UUID) async throws -> Int
    /// Changes a request while it is pending; nil when it is not pending (any more).
    func update(id: UUID, planID: UUID, changes: DecisionRequestChanges, at date: Date) async throws
        -> DecisionRequest?
    /// Decides a pending, unexpired request; nil when another resolve, a cancel or the clock came first.
    func resolve(id: UUID, planID: UUID, decidedBy userID: UUID, decision: String, rationale: String?, at date: Date)
        async throws -> DecisionRequest?
    /// Cancels a pending request with its new metadata; nil when it is not pending (any more).
    func cancel(id: UUID, planID: UUID, metadata: JSONValue, at date: Date) async throws -> DecisionRequest?
    /// Marks pending requests whose `expires_at` has passed as `expired` (one plan, or all); returns how many.
    func expirePending(planID: UUID?, now: Date) async throws -> Int
    func delete(id: UUID, planID: UUID) async throws
}

struct SQLDecisionRequestRepository: DecisionRequestRepository {
    let session: DataSession

    static let columns = [
        "id", "plan_id", "node_id", "requested_by_user_id", "requested_by_agent_name", "title", "context", "options",
        "urgency", "expires_at", "status", "decided_by_user_id", "decision", "rationale", "decided_at", "metadata",
        "created_at", "updated_at",
    ]

    func create(_ request: NewDecisionRequest) async throws -> DecisionRequest {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "decision_requests")
                .columns(
                    "id", "plan_id", "node_id", "requested_by_user_id", "requested_by_agent_name", "title", "context",
                    "options", "urgency", "expires_at", "status", "metadata", "created_at", "updated_at"
                )
                .values(
                    types.bind(request.id), types.bind(request.planID), types.bind(request.nodeID),
                    types.bind(request.requestedByUserID), SQLBind(request.requestedByAgentName), SQLBind(request.title),
                    SQLBind(request.context), types.bind(json: request.options), SQLBind(request.urgency),
                    types.bind(request.expiresAt), SQLBind("pending"), types.bind(json: request.metadata),
                    types.bind(now), types.bind(now)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: request.id, planID: request.planID) else {
            throw DataAccessError.unexpectedNull(column: "decision_requests.id")
        }
        return created
    }

    func find(id: UUID, planID: UUID) async throws -> DecisionRequest? {
        try await session.sql.select().columns(Self.columns).from("decision_requests")
            .where("id", .equal, session.types.bind(id)).where("plan_id", .equal, session.types.bind(planID))
            .first().map(decode)
    }

    func list(planID: UUID, filter: DecisionRequestFilter) async throws -> (rows: [DecisionRequest], total: Int) {
        let types = session.types
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.where("plan_id", .equal, types.bind(planID))
            if let status = filter.status { query = query.where("status", .equal, SQLBind(status)) }
            if let urgency = filter.urgency { query = query.where("urgency", .equal, SQLBind(urgency)) }
            if let node = filter.nodeID { query = query.where("node_id", .equal, types.bind(node)) }
            return query
        }
        let count = try await filtered(
            session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "total").from("decision_requests")
        ).first()
        let rows = try await filtered(session.sql.select().columns(Self.columns).from("decision_requests"))
            .orderBy("created_at", .descending).orderBy("id", .descending)
            .limit(filter.limit).offset(filter.offset)
            .all().map(decode)
        return (rows, try count?.decode(column: "total", as: Int.self) ?? 0)
    }

    func pendingCount(planID: UUID) async throws -> Int {
        let row = try await session.sql.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "total").from("decision_requests")
            .where("plan_id", .equal, session.types.bind(planID)).where("status", .equal, SQLBind("pending"))
            .first()
        return try row?.decode(column: "total", as: Int.self) ?? 0
    }

    func update(id: UUID, planID: UUID, changes: DecisionRequestChanges, at date: Date) async throws
        -> DecisionRequest?
    {
        let types = session.types
        var update = session.sql.update("decision_requests").set("updated_at", to: types.bind(date))
        if let value = changes.title { update = update.set("title", to: SQLBind(value)) }
        if let value = changes.context { update = update.set("context", to: SQLBind(value)) }
        if let value = changes.options { update = update.set("options", to: types.bind(json: value)) }
        if let value = changes.urgency { update = update.set("urgency", to: SQLBind(value)) }
        if let value = changes.expiresAt { update = update.set("expires_at", to: types.bind(value)) }
        if let value = changes.metadata { update = update.set("metadata", to: types.bind(json: value)) }
        return try await whilePending(update, id: id, planID: planID)
    }

    func resolve(id: UUID, planID: UUID, decidedBy userID: UUID, decision: String, rationale: String?, at date: Date)
        async throws -> DecisionRequest?
    {
        let types = session.types
        let update = session.sql.update("decision_requests")
            .set("status", to: SQLBind("decided")).set("decided_by_user_id", to: types.bind(userID))
            .set("decision", to: SQLBind(decision)).set("rationale", to: SQLBind(rationale))
            .set("decided_at", to: types.bind(date)).set("updated_at", to: types.bind(date))
            .where(group: { $0.where("expires_at", .is, SQLLiteral.null).orWhere("expires_at", .greaterThan, types.bind(date)) })
        return try await whilePending(update, id: id, planID: planID)
    }

    func cancel(id: UUID, planID: UUID, metadata: JSONValue, at date: Date) async throws -> DecisionRequest? {
        let types = session.types
        let update = session.sql.update("decision_requests")
            .set("status", to: SQLBind("cancelled")).set("metadata", to: types.bind(json: metadata))
            .set("updated_at", to: types.bind(date))
        return try await whilePending(update, id: id, planID: planID)
    }

    func expirePending(planID: UUID?, now: Date) async throws -> Int {
        let types = session.types
        var update = session.sql.update("decision_requests")
            .set("status", to: SQLBind("expired")).set("updated_at", to: types.bind(now))
            .where("status", .equal, SQLBind("pending"))
            .where("expires_at", .isNot, SQLLiteral.null).where("expires_at", .lessThanOrEqual, types.bind(now))
        if let planID { update = update.where("plan_id", .equal, types.bind(planID)) }
        return try await update.returning("id").all().count
    }

    func delete(id: UUID, planID: UUID) async throws {
        try await session.sql.delete(from: "decision_requests")
            .where("id", .equal, session.types.bind(id)).where("plan_id", .equal, session.types.bind(planID)).run()
    }

    /// Runs `update` only on the pending row; the RETURNING clause tells whether it matched.
    private func whilePending(_ update: SQLUpdateBuilder, id: UUID, planID: UUID) async throws -> DecisionRequest? {
        let types = session.types
        let matched: [any SQLRow]
        do {
            matched =
                try await update
                .where("id", .equal, types.bind(id)).where("plan_id", .equal, types.bind(planID))
                .where("status", .equal, SQLBind("pending"))
                .returning("id").all()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard !matched.isEmpty else { return nil }
        return try await find(id: id, planID: planID)
    }

    private func decode(_ row: any SQLRow) throws -> DecisionRequest {
        let types = session.types
        return DecisionRequest(
            id: try types.uuid(row, "id"), planID: try types.uuid(row, "plan_id"),
            nodeID: try types.optionalUUID(row, "node_id"),
            requestedByUserID: try types.uuid(row, "requested_by_user_id"),
            requestedByAgentName: try row.decode(column: "requested_by_agent_name", as: String?.self),
            title: try row.decode(column: "title", as: String.self),
            context: try row.decode(column: "context", as: String.self),
            options: try types.optionalJSON(row, "options") ?? .emptyArray,
            urgency: try row.decode(column: "urgency", as: String.self),
            expiresAt: try types.optionalDate(row, "expires_at"),
            status: try row.decode(column: "status", as: String.self),
            decidedByUserID: try types.optionalUUID(row, "decided_by_user_id"),
            decision: try row.decode(column: "decision", as: String?.self),
            rationale: try row.decode(column: "rationale", as: String?.self),
            decidedAt: try types.optionalDate(row, "decided_at"),
            metadata: try types.optionalJSON(row, "metadata") ?? .emptyObject,
            createdAt: try types.date(row, "created_at"), updatedAt: try types.date(row, "updated_at"))
    }
}
