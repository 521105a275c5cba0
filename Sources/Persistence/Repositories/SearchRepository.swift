import Foundation
import SQLKit

/// Node filters of the per-plan node search (ROUTES.md §4.9).
public struct NodeSearchFilter: Sendable {
    public var text: String?
    public var statuses: [String] = []
    public var nodeTypes: [String] = []
    public var createdFrom: Date?
    public var createdTo: Date?

    public init() {}
}

/// Text search over plans, nodes, logs and comments. A match is v1's case-insensitive substring on both
/// engines; on PostgreSQL a full-text match (English stemming, over the same expressions as the GIN indexes)
/// also counts, so "deploying" finds "deployment" there while every substring answer stays the same.
public protocol SearchRepository: Sendable {
    /// Plans the user owns or collaborates on whose title or description matches; newest first.
    func plans(memberID: UUID, matching text: String) async throws -> [Plan]
    /// Nodes in scope (`.plan` or `.member`) that match the filter; newest first.
    func nodes(in scope: ActivityScope, _ filter: NodeSearchFilter) async throws -> [PlanNode]
    /// Logs or comments in scope whose content matches; newest first.
    func entries(_ kind: ActivityEntry.Kind, in scope: ActivityScope, matching text: String) async throws
        -> [ActivityEntry]
}

struct SQLSearchRepository: SearchRepository {
    let session: DataSession

    /// `(full-text OR substring)` over `columns`; `document` is the tsvector expression of the table's index.
    private func matches(_ text: String, columns: [String], document: String?) -> SQLQueryString {
        let pattern = "%" + SQLPublicPlanRepository.escapeLike(text.lowercased()) + "%"
        var query = SQLQueryString("(")
        for (index, column) in columns.enumerated() {
            if index > 0 { query.appendLiteral(" OR ") }
            query.appendLiteral("lower(coalesce(\(column), '')) LIKE ")
            query.appendInterpolation(bind: pattern)
            query.appendLiteral(" ESCAPE '!'")
        }
        if session.types.fullTextSearch, let document {
            query.appendLiteral(" OR \(document) @@ plainto_tsquery('english', ")
            query.appendInterpolation(bind: text)
            query.appendLiteral(")")
        }
        query.appendLiteral(")")
        return query
    }

    private func member(_ userID: UUID, column: String) -> SQLQueryString {
        let types = session.types
        return SQLQueryString(
            "\(unsafeRaw: column) IN (SELECT id FROM plans WHERE owner_id = \(types.bind(userID)) UNION SELECT plan_id FROM plan_collaborators WHERE user_id = \(types.bind(userID)))"
        )
    }

    func plans(memberID: UUID, matching text: String) async throws -> [Plan] {
        let plans = SQLPlanRepository(session: session)
        return try await session.sql.select().columns(SQLPlanRepository.columns).from("plans")
            .where(member(memberID, column: "id"))
            .where(matches(text, columns: ["title", "description"], document: nil))
            .orderBy("created_at", .descending).orderBy("id")
            .all().map(plans.decode)
    }

    func nodes(in scope: ActivityScope, _ filter: NodeSearchFilter) async throws -> [PlanNode] {
        let types = session.types
        var query = session.sql.select().columns(SQLPlanNodeRepository.columns).from("plan_nodes")
        switch scope {
        case .plan(let id): query = query.where("plan_id", .equal, types.bind(id))
        case .node(let id): query = query.where("id", .equal, types.bind(id))
        case .member(let user): query = query.where(member(user, column: "plan_id"))
        }
        if let text = filter.text, !text.isEmpty {
            query = query.where(
                matches(
                    text, columns: ["title", "description", "context", "agent_instructions"],
                    document: "to_tsvector('english', title || ' ' || coalesce(description, ''))"))
        }
        if !filter.statuses.isEmpty {
            query = query.where("status", .in, SQLGroupExpression(filter.statuses.map { SQLBind($0) }))
        }
        if !filter.nodeTypes.isEmpty {
            query = query.where("node_type", .in, SQLGroupExpression(filter.nodeTypes.map { SQLBind($0) }))
        }
        if let from = filter.createdFrom { query = query.where("created_at", .greaterThanOrEqual, types.bind(from)) }
        if let to = filter.createdTo { query = query.where("created_at", .lessThanOrEqual, types.bind(to)) }
        let nodes = SQLPlanNodeRepository(session: session)
        return try await query.orderBy("created_at", .descending).orderBy("id").all().map(nodes.decode)
    }

    func entries(_ kind: ActivityEntry.Kind, in scope: ActivityScope, matching text: String) async throws
        -> [ActivityEntry]
    {
        let table = kind == .log ? "plan_node_logs" : "plan_comments"
        return try await SQLActivityRepository(session: session).entries(
            kind, in: scope, logType: nil,
            where: matches(text, columns: ["\(table).content"], document: "to_tsvector('english', \(table).content)"),
            offset: 0, limit: nil)
    }
}
