import Foundation
import SQLKit

/// A task or milestone as `GET /users/my-tasks` lists it: the node's fields and its plan's title.
public struct InboxTask: Sendable, Equatable {
    public var id: UUID
    public var title: String
    public var description: String?
    public var nodeType: String
    public var status: String
    public var planID: UUID
    public var planTitle: String
    public var parentID: UUID?
    public var agentRequested: String?
    public var agentRequestedAt: Date?
    public var agentRequestedBy: UUID?
    public var agentRequestMessage: String?
    public var createdAt: Date?
    public var updatedAt: Date?
}

/// The work an agent (or person) polls for: tasks and milestones of the plans they own or collaborate on.
public protocol TaskInboxRepository: Sendable {
    /// Newest agent request first (nodes without one last), then most recently updated; `requestedOnly` keeps
    /// nodes with an open agent request, `status` one node status.
    func tasks(for userID: UUID, requestedOnly: Bool, status: String?, limit: Int) async throws -> [InboxTask]
}

struct SQLTaskInboxRepository: TaskInboxRepository {
    let session: DataSession

    static let nodeColumns = [
        "id", "title", "description", "node_type", "status", "plan_id", "parent_id", "agent_requested",
        "agent_requested_at", "agent_requested_by", "agent_request_message", "created_at", "updated_at",
    ]

    func tasks(for userID: UUID, requestedOnly: Bool, status: String?, limit: Int) async throws -> [InboxTask] {
        let types = session.types
        let me = types.bind(userID)
        var query = session.sql.select()
            .columns(Self.nodeColumns.map { SQLColumn($0, table: "plan_nodes") })
            .column(SQLColumn("title", table: "plans"), as: "plan_title")
            .from("plan_nodes")
            .join("plans", on: SQLColumn("id", table: "plans"), .equal, SQLColumn("plan_id", table: "plan_nodes"))
            .where(
                SQLQueryString(
                    "(plans.owner_id = \(me) OR plans.id IN (SELECT plan_id FROM plan_collaborators WHERE user_id = \(me)))"
                )
            )
            .where(SQLColumn("node_type", table: "plan_nodes"), .in, SQLGroupExpression([SQLBind("task"), SQLBind("milestone")]))
        if requestedOnly { query = query.where(SQLColumn("agent_requested", table: "plan_nodes"), .isNot, SQLLiteral.null) }
        if let status { query = query.where(SQLColumn("status", table: "plan_nodes"), .equal, SQLBind(status)) }
        return
            try await query
            .orderBy(SQLRaw("plan_nodes.agent_requested_at DESC NULLS LAST"))
            .orderBy(SQLColumn("updated_at", table: "plan_nodes"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "plan_nodes"), SQLDirection.ascending)
            .limit(limit).all().map(decode)
    }

    private func decode(_ row: any SQLRow) throws -> InboxTask {
        let types = session.types
        return InboxTask(
            id: try types.uuid(row, "id"), title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            nodeType: try row.decode(column: "node_type", as: String.self),
            status: try row.decode(column: "status", as: String.self), planID: try types.uuid(row, "plan_id"),
            planTitle: try row.decode(column: "plan_title", as: String.self),
            parentID: try types.optionalUUID(row, "parent_id"),
            agentRequested: try row.decode(column: "agent_requested", as: String?.self),
            agentRequestedAt: try types.optionalDate(row, "agent_requested_at"),
            agentRequestedBy: try types.optionalUUID(row, "agent_requested_by"),
            agentRequestMessage: try row.decode(column: "agent_request_message", as: String?.self),
            createdAt: try types.optionalDate(row, "created_at"), updatedAt: try types.optionalDate(row, "updated_at"))
    }
}
