import AgentPlannerCore
import Foundation
import SQLKit

/// A pending decision as the dashboard lists it, with its plan's title.
public struct DashboardDecision: Sendable {
    public var id: UUID
    public var title: String
    public var context: String
    public var urgency: String
    public var createdAt: Date?
    public var planID: UUID
    public var planTitle: String
    public var nodeID: UUID?
}

/// A node with an open agent request, with its plan's title.
public struct DashboardAgentRequest: Sendable {
    public var id: UUID
    public var title: String
    public var requestType: String
    public var requestedAt: Date?
    public var message: String?
    public var planID: UUID
    public var planTitle: String
}

/// A node assigned to an agent, with its plan's title.
public struct DashboardAssignment: Sendable {
    public var id: UUID
    public var title: String
    public var status: String
    public var assignedAgentID: UUID
    public var assignedAgentAt: Date?
    public var planID: UUID
    public var planTitle: String
}

/// A log line of an agent-assigned node.
public struct DashboardLog: Sendable {
    public var id: UUID
    public var nodeID: UUID
    public var userID: UUID?
    public var content: String
    public var logType: String
    public var createdAt: Date?
}

/// The counts and lists of the landing page (ROUTES.md §4.15) and the public platform counts (§4.11), always
/// over the plans a user owns or collaborates on.
public protocol DashboardRepository: Sendable {
    func countPlans(of userID: UUID, statuses: [String]) async throws -> Int
    /// Pending decisions in the user's plans.
    func countPendingDecisions(of userID: UUID) async throws -> Int
    func pendingDecisions(of userID: UUID, limit: Int) async throws -> [DashboardDecision]
    /// Nodes of the user's plans with an open agent request made by the user.
    func countAgentRequests(by userID: UUID) async throws -> Int
    func agentRequests(by userID: UUID, limit: Int) async throws -> [DashboardAgentRequest]
    func countTasksCompleted(in userID: UUID, since: Date) async throws -> Int
    /// The user's active or draft plans, most recently updated first.
    func recentPlans(of userID: UUID, limit: Int) async throws -> [Plan]
    /// Task counts (node_type `task` only) per plan.
    func taskCounts(planIDs: [UUID]) async throws -> [UUID: (total: Int, completed: Int)]
    /// Users with capability tags who own or collaborate on one of the user's plans.
    func agents(around userID: UUID) async throws -> [User]
    func assignments(in userID: UUID, limit: Int) async throws -> [DashboardAssignment]
    func logs(nodeIDs: [UUID], limit: Int) async throws -> [DashboardLog]
    /// `GET /stats`: every user, every plan, the public plans.
    func platformCounts() async throws -> (users: Int, plans: Int, publicPlans: Int)
}

struct SQLDashboardRepository: DashboardRepository {
    let session: DataSession

    private func mine(_ userID: UUID, column: String = "plan_id") -> SQLQueryString {
        let me = session.types.bind(userID)
        // Column names here are constants of this file, never input.
        return "\(unsafeRaw: column) IN (\(SQLGoalRepository.accessiblePlans(me)))"
    }

    private func count(_ query: SQLSelectBuilder) async throws -> Int {
        try await query.column(SQLFunction("count", args: SQLLiteral.all), as: "n").first()?.decode(column: "n", as: Int.self) ?? 0
    }

    func countPlans(of userID: UUID, statuses: [String]) async throws -> Int {
        try await count(
            session.sql.select().from("plans").where(mine(userID, column: "id"))
                .where("status", .in, SQLGroupExpression(statuses.map { SQLBind($0) })))
    }

    func countPendingDecisions(of userID: UUID) async throws -> Int {
        try await count(session.sql.select().from("decision_requests").where(mine(userID)).where("status", .equal, SQLBind("pending")))
    }

    func pendingDecisions(of userID: UUID, limit: Int) async throws -> [DashboardDecision] {
        let types = session.types
        let rows = try await session.sql.select()
            .columns(["id", "title", "context", "urgency", "created_at", "plan_id", "node_id"].map { SQLColumn($0, table: "decision_requests") })
            .column(SQLColumn("title", table: "plans"), as: "plan_title")
            .from("decision_requests")
            .join("plans", on: SQLColumn("id", table: "plans"), .equal, SQLColumn("plan_id", table: "decision_requests"))
            .where(mine(userID, column: "decision_requests.plan_id"))
            .where(SQLColumn("status", table: "decision_requests"), .equal, SQLBind("pending"))
            .orderBy(SQLColumn("created_at", table: "decision_requests"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "decision_requests")).limit(limit).all()
        return try rows.map { row in
            DashboardDecision(
                id: try types.uuid(row, "id"), title: try row.decode(column: "title", as: String.self),
                context: try row.decode(column: "context", as: String.self),
                urgency: try row.decode(column: "urgency", as: String.self), createdAt: try types.optionalDate(row, "created_at"),
                planID: try types.uuid(row, "plan_id"), planTitle: try row.decode(column: "plan_title", as: String.self),
                nodeID: try types.optionalUUID(row, "node_id"))
        }
    }

    private func requested(_ query: SQLSelectBuilder, by userID: UUID) -> SQLSelectBuilder {
        query.where(mine(userID, column: "plan_nodes.plan_id"))
            .where(SQLColumn("agent_requested", table: "plan_nodes"), .isNot, SQLLiteral.null)
            .where(SQLColumn("agent_requested_by", table: "plan_nodes"), .equal, session.types.bind(userID))
    }

    func countAgentRequests(by userID: UUID) async throws -> Int {
        try await count(requested(session.sql.select().from("plan_nodes"), by: userID))
    }

    func agentRequests(by userID: UUID, limit: Int) async throws -> [DashboardAgentRequest] {
        let types = session.types
        let query = session.sql.select()
            .columns(
                ["id", "title", "agent_requested", "agent_requested_at", "agent_request_message", "plan_id"].map {
                    SQLColumn($0, table: "plan_nodes")
                }
            )
            .column(SQLColumn("title", table: "plans"), as: "plan_title")
            .from("plan_nodes")
            .join("plans", on: SQLColumn("id", table: "plans"), .equal, SQLColumn("plan_id", table: "plan_nodes"))
        let rows = try await requested(query, by: userID)
            .orderBy(SQLColumn("agent_requested_at", table: "plan_nodes"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "plan_nodes")).limit(limit).all()
        return try rows.map { row in
            DashboardAgentRequest(
                id: try types.uuid(row, "id"), title: try row.decode(column: "title", as: String.self),
                requestType: try row.decode(column: "agent_requested", as: String.self),
                requestedAt: try types.optionalDate(row, "agent_requested_at"),
                message: try row.decode(column: "agent_request_message", as: String?.self),
                planID: try types.uuid(row, "plan_id"), planTitle: try row.decode(column: "plan_title", as: String.self))
        }
    }

    func countTasksCompleted(in userID: UUID, since: Date) async throws -> Int {
        try await count(
            session.sql.select().from("plan_nodes").where(mine(userID)).where("node_type", .equal, SQLBind("task"))
                .where("status", .equal, SQLBind("completed"))
                .where("updated_at", .greaterThanOrEqual, session.types.bind(since)))
    }

    func recentPlans(of userID: UUID, limit: Int) async throws -> [Plan] {
        let plans = SQLPlanRepository(session: session)
        return try await session.sql.select().columns(SQLPlanRepository.columns).from("plans")
            .where(mine(userID, column: "id"))
            .where("status", .in, SQLGroupExpression([SQLBind("active"), SQLBind("draft")]))
            .orderBy("updated_at", SQLDirection.descending).orderBy("id").limit(limit).all().map(plans.decode)
    }

    func taskCounts(planIDs: [UUID]) async throws -> [UUID: (total: Int, completed: Int)] {
        guard !planIDs.isEmpty else { return [:] }
        let types = session.types
        let rows = try await session.sql.select().column("plan_id")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "total")
            .column(SQLFunction("sum", args: SQLRaw("CASE WHEN status = 'completed' THEN 1 ELSE 0 END")), as: "completed")
            .from("plan_nodes").where("plan_id", .in, SQLGroupExpression(planIDs.map { types.bind($0) }))
            .where("node_type", .equal, SQLBind("task")).groupBy("plan_id").all()
        var counts: [UUID: (total: Int, completed: Int)] = [:]
        for row in rows {
            counts[try types.uuid(row, "plan_id")] = (
                try row.decode(column: "total", as: Int.self), try row.decode(column: "completed", as: Int?.self) ?? 0
            )
        }
        return counts
    }

    func agents(around userID: UUID) async throws -> [User] {
        let me = session.types.bind(userID)
        let users = SQLUserRepository(session: session)
        let people: SQLQueryString = """
            id IN (SELECT owner_id FROM plans WHERE id IN (\(SQLGoalRepository.accessiblePlans(me))) \
            UNION SELECT user_id FROM plan_collaborators WHERE plan_id IN (\(SQLGoalRepository.accessiblePlans(me))))
            """
        return try await session.sql.select().columns(SQLUserRepository.columns).from("users").where(people)
            .orderBy("email").orderBy("id").all().map(users.decode)
            .filter { !$0.capabilityTags.isEmpty }
    }

    func assignments(in userID: UUID, limit: Int) async throws -> [DashboardAssignment] {
        let types = session.types
        let rows = try await session.sql.select()
            .columns(["id", "title", "status", "assigned_agent_id", "assigned_agent_at", "plan_id"].map { SQLColumn($0, table: "plan_nodes") })
            .column(SQLColumn("title", table: "plans"), as: "plan_title")
            .from("plan_nodes")
            .join("plans", on: SQLColumn("id", table: "plans"), .equal, SQLColumn("plan_id", table: "plan_nodes"))
            .where(mine(userID, column: "plan_nodes.plan_id"))
            .where(SQLColumn("assigned_agent_id", table: "plan_nodes"), .isNot, SQLLiteral.null)
            .orderBy(SQLColumn("assigned_agent_at", table: "plan_nodes"), SQLDirection.descending)
            .orderBy(SQLColumn("id", table: "plan_nodes")).limit(limit).all()
        return try rows.map { row in
            DashboardAssignment(
                id: try types.uuid(row, "id"), title: try row.decode(column: "title", as: String.self),
                status: try row.decode(column: "status", as: String.self),
                assignedAgentID: try types.uuid(row, "assigned_agent_id"),
                assignedAgentAt: try types.optionalDate(row, "assigned_agent_at"), planID: try types.uuid(row, "plan_id"),
                planTitle: try row.decode(column: "plan_title", as: String.self))
        }
    }

    func logs(nodeIDs: [UUID], limit: Int) async throws -> [DashboardLog] {
        guard !nodeIDs.isEmpty else { return [] }
        let types = session.types
        let rows = try await session.sql.select().columns("id", "plan_node_id", "user_id", "content", "log_type", "created_at")
            .from("plan_node_logs").where("plan_node_id", .in, SQLGroupExpression(nodeIDs.map { types.bind($0) }))
            .orderBy("created_at", SQLDirection.descending).orderBy("id").limit(limit).all()
        return try rows.map { row in
            DashboardLog(
                id: try types.uuid(row, "id"), nodeID: try types.uuid(row, "plan_node_id"),
                userID: try types.optionalUUID(row, "user_id"), content: try row.decode(column: "content", as: String.self),
                logType: try row.decode(column: "log_type", as: String.self), createdAt: try types.optionalDate(row, "created_at"))
        }
    }

    func platformCounts() async throws -> (users: Int, plans: Int, publicPlans: Int) {
        (
            try await count(session.sql.select().from("users")), try await count(session.sql.select().from("plans")),
            try await count(session.sql.select().from("plans").where("is_public", .equal, session.types.bind(true)))
        )
    }
}
