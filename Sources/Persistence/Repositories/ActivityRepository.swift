import AgentPlannerCore
import Foundation
import SQLKit

/// A node's log or comment with the node it belongs to: one row of the activity views.
public struct ActivityEntry: Sendable, Equatable {
    public enum Kind: String, Sendable { case log, comment }

    public var kind: Kind
    public var id: UUID
    public var nodeID: UUID
    public var nodeTitle: String
    public var nodeType: String
    public var planID: UUID
    public var content: String
    /// `log_type` of a log, `comment_type` of a comment.
    public var type: String
    public var createdAt: Date?
    public var userID: UUID
    public var metadata: JSONValue?
    public var tags: [String]
}

/// Which nodes an activity query covers.
public enum ActivityScope: Sendable {
    case plan(UUID)
    case node(UUID)
    /// Every plan the user owns or collaborates on.
    case member(UUID)
}

/// A decision request as the plan timeline shows it.
public struct TimelineDecision: Sendable {
    public var id: UUID
    public var title: String
    public var context: String
    public var urgency: String
    public var status: String
    public var createdAt: Date
    public var decidedAt: Date?
    public var requestedByAgentName: String?
    public var decision: String?
    public var rationale: String?
    public var nodeID: UUID?
}

/// The activity views' reads (ROUTES.md §4.8): logs and comments joined to their nodes, newest first.
public protocol ActivityRepository: Sendable {
    func entries(_ kind: ActivityEntry.Kind, in scope: ActivityScope, logType: String?, offset: Int, limit: Int?)
        async throws -> [ActivityEntry]
    func count(_ kind: ActivityEntry.Kind, in scope: ActivityScope) async throws -> Int
    func decisions(planID: UUID) async throws -> [TimelineDecision]
}

struct SQLActivityRepository: ActivityRepository {
    let session: DataSession

    private func table(_ kind: ActivityEntry.Kind) -> String {
        kind == .log ? "plan_node_logs" : "plan_comments"
    }

    private func scoped<Builder: SQLPredicateBuilder>(_ builder: Builder, _ scope: ActivityScope) -> Builder {
        let types = session.types
        switch scope {
        case .plan(let id): return builder.where(SQLColumn("plan_id", table: "plan_nodes"), .equal, types.bind(id))
        case .node(let id): return builder.where(SQLColumn("id", table: "plan_nodes"), .equal, types.bind(id))
        case .member(let user):
            return builder.where(
                SQLQueryString(
                    "plan_nodes.plan_id IN (SELECT id FROM plans WHERE owner_id = \(types.bind(user)) UNION SELECT plan_id FROM plan_collaborators WHERE user_id = \(types.bind(user)))"
                ))
        }
    }

    func entries(_ kind: ActivityEntry.Kind, in scope: ActivityScope, logType: String?, offset: Int, limit: Int?)
        async throws -> [ActivityEntry]
    {
        try await entries(kind, in: scope, logType: logType, where: nil, offset: offset, limit: limit)
    }

    /// `extra` narrows the rows further (the search's text match).
    func entries(
        _ kind: ActivityEntry.Kind, in scope: ActivityScope, logType: String?, where extra: SQLQueryString?,
        offset: Int, limit: Int?
    ) async throws -> [ActivityEntry] {
        let source = table(kind)
        var query = session.sql.select()
            .column(SQLColumn("id", table: source), as: "id")
            .column(SQLColumn("content", table: source), as: "content")
            .column(SQLColumn(kind == .log ? "log_type" : "comment_type", table: source), as: "entry_type")
            .column(SQLColumn("created_at", table: source), as: "created_at")
            .column(SQLColumn("user_id", table: source), as: "user_id")
            .column(SQLColumn("id", table: "plan_nodes"), as: "node_id")
            .column(SQLColumn("title", table: "plan_nodes"), as: "node_title")
            .column(SQLColumn("node_type", table: "plan_nodes"), as: "node_type")
            .column(SQLColumn("plan_id", table: "plan_nodes"), as: "plan_id")
        if kind == .log {
            query = query.column(SQLColumn("metadata", table: source), as: "metadata")
                .column(SQLColumn("tags", table: source), as: "tags")
        }
        query = query.from(source)
            .join("plan_nodes", on: SQLColumn("id", table: "plan_nodes"), .equal, SQLColumn("plan_node_id", table: source))
        query = scoped(query, scope)
        if let extra { query = query.where(extra) }
        if let logType, kind == .log { query = query.where(SQLColumn("log_type", table: source), .equal, SQLBind(logType)) }
        query =
            query
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: source), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: source), direction: SQLDirection.descending))
        if let limit { query = query.offset(offset).limit(limit) }
        let types = session.types
        return try await query.all().map { row in
            ActivityEntry(
                kind: kind, id: try types.uuid(row, "id"), nodeID: try types.uuid(row, "node_id"),
                nodeTitle: try row.decode(column: "node_title", as: String.self),
                nodeType: try row.decode(column: "node_type", as: String.self), planID: try types.uuid(row, "plan_id"),
                content: try row.decode(column: "content", as: String.self),
                type: try row.decode(column: "entry_type", as: String.self),
                createdAt: try types.optionalDate(row, "created_at"), userID: try types.uuid(row, "user_id"),
                metadata: kind == .log ? try types.optionalJSON(row, "metadata") : nil,
                tags: kind == .log ? try types.textArray(row, "tags") : [])
        }
    }

    func count(_ kind: ActivityEntry.Kind, in scope: ActivityScope) async throws -> Int {
        let source = table(kind)
        let query = scoped(
            session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "total").from(source)
                .join("plan_nodes", on: SQLColumn("id", table: "plan_nodes"), .equal, SQLColumn("plan_node_id", table: source)),
            scope)
        return try await query.first()?.decode(column: "total", as: Int.self) ?? 0
    }

    func decisions(planID: UUID) async throws -> [TimelineDecision] {
        let types = session.types
        return try await session.sql.select()
            .columns(
                "id", "title", "context", "urgency", "status", "created_at", "decided_at", "requested_by_agent_name",
                "decision", "rationale", "node_id"
            )
            .from("decision_requests").where("plan_id", .equal, types.bind(planID))
            .orderBy("created_at").orderBy("id")
            .all().map { row in
                TimelineDecision(
                    id: try types.uuid(row, "id"), title: try row.decode(column: "title", as: String.self),
                    context: try row.decode(column: "context", as: String.self),
                    urgency: try row.decode(column: "urgency", as: String.self),
                    status: try row.decode(column: "status", as: String.self),
                    createdAt: try types.date(row, "created_at"), decidedAt: try types.optionalDate(row, "decided_at"),
                    requestedByAgentName: try row.decode(column: "requested_by_agent_name", as: String?.self),
                    decision: try row.decode(column: "decision", as: String?.self),
                    rationale: try row.decode(column: "rationale", as: String?.self),
                    nodeID: try types.optionalUUID(row, "node_id"))
            }
    }
}
