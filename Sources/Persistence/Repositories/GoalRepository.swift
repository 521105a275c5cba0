import AgentPlannerCore
import Foundation
import SQLKit

/// Reads and writes `goals` and `plan_goals`. Who may see a goal (its owner, and anyone with access to a
/// linked plan) is expressed here once, as SQL, so lists and single reads agree.
public protocol GoalRepository: Sendable {
    func create(_ goal: NewGoal) async throws -> Goal
    func find(id: UUID) async throws -> Goal?
    /// Goals the user owns or that are linked to a plan the user owns or collaborates on; newest first.
    func listVisible(to userID: UUID, status: String?) async throws -> [Goal]
    /// True when the goal is linked to a plan the user owns or collaborates on.
    func isLinkedToAccessiblePlan(goalID: UUID, userID: UUID) async throws -> Bool
    /// The user's own goals with this status, most recently updated first.
    func listOwned(by userID: UUID, status: String, limit: Int) async throws -> [Goal]
    func countOwned(by userID: UUID, status: String) async throws -> Int
    func update(id: UUID, changes: GoalChanges) async throws -> Goal?
    func delete(id: UUID) async throws
    /// The goals linked to a plan, in link order.
    func goals(linkedTo planID: UUID) async throws -> [Goal]
    /// How many plans each goal is linked to.
    func linkCounts(goalIDs: [UUID]) async throws -> [UUID: Int]
    /// The goal's links, oldest first.
    func links(goalID: UUID) async throws -> [PlanGoalLink]
    /// Throws `ConstraintViolation` (unique) when the plan is already linked.
    func link(planID: UUID, goalID: UUID, by userID: UUID) async throws -> PlanGoalLink
    func unlink(planID: UUID, goalID: UUID) async throws
}

struct SQLGoalRepository: GoalRepository {
    let session: DataSession

    static let columns = [
        "id", "owner_id", "title", "description", "success_metrics", "time_horizon", "status", "github_repo_url",
        "created_by", "created_at", "updated_at",
    ]

    /// `plans.id` values the user owns or collaborates on, as a sub-select.
    static func accessiblePlans(_ user: any SQLExpression) -> SQLQueryString {
        "SELECT id FROM plans WHERE owner_id = \(user) UNION SELECT plan_id FROM plan_collaborators WHERE user_id = \(user)"
    }

    func create(_ goal: NewGoal) async throws -> Goal {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "goals")
                .columns(
                    "id", "owner_id", "title", "description", "success_metrics", "time_horizon", "status",
                    "github_repo_url", "created_by", "created_at", "updated_at"
                )
                .values(
                    types.bind(goal.id), types.bind(goal.ownerID), SQLBind(goal.title), SQLBind(goal.description),
                    types.bind(json: goal.successMetrics), SQLBind(goal.timeHorizon), SQLBind("active"),
                    SQLBind(goal.githubRepoURL), types.bind(goal.ownerID), types.bind(now), types.bind(now)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: goal.id) else { throw DataAccessError.unexpectedNull(column: "goals.id") }
        return created
    }

    func find(id: UUID) async throws -> Goal? {
        try await session.sql.select().columns(Self.columns).from("goals")
            .where("id", .equal, session.types.bind(id)).first().map(decode)
    }

    func listVisible(to userID: UUID, status: String?) async throws -> [Goal] {
        let me = session.types.bind(userID)
        var query = session.sql.select().columns(Self.columns).from("goals")
            .where(
                SQLQueryString(
                    "(owner_id = \(me) OR id IN (SELECT goal_id FROM plan_goals WHERE plan_id IN (\(Self.accessiblePlans(me)))))"
                ))
        if let status { query = query.where("status", .equal, SQLBind(status)) }
        return try await query.orderBy("created_at", .descending).orderBy("id").all().map(decode)
    }

    func isLinkedToAccessiblePlan(goalID: UUID, userID: UUID) async throws -> Bool {
        let me = session.types.bind(userID)
        let row = try await session.sql.select().column(SQLLiteral.numeric("1"), as: "hit").from("plan_goals")
            .where("goal_id", .equal, session.types.bind(goalID))
            .where(SQLQueryString("plan_id IN (\(Self.accessiblePlans(me)))"))
            .limit(1).first()
        return row != nil
    }

    func listOwned(by userID: UUID, status: String, limit: Int) async throws -> [Goal] {
        try await session.sql.select().columns(Self.columns).from("goals")
            .where("owner_id", .equal, session.types.bind(userID)).where("status", .equal, SQLBind(status))
            .orderBy("updated_at", .descending).orderBy("id").limit(limit).all().map(decode)
    }

    func countOwned(by userID: UUID, status: String) async throws -> Int {
        let row = try await session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
            .from("goals").where("owner_id", .equal, session.types.bind(userID))
            .where("status", .equal, SQLBind(status)).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }

    func update(id: UUID, changes: GoalChanges) async throws -> Goal? {
        let types = session.types
        var update = session.sql.update("goals").set("updated_at", to: types.bind(Date()))
        if let title = changes.title { update = update.set("title", to: SQLBind(title)) }
        if let description = changes.description { update = update.set("description", to: SQLBind(description)) }
        if let metrics = changes.successMetrics { update = update.set("success_metrics", to: types.bind(json: metrics)) }
        if let horizon = changes.timeHorizon { update = update.set("time_horizon", to: SQLBind(horizon)) }
        if let status = changes.status { update = update.set("status", to: SQLBind(status)) }
        if let url = changes.githubRepoURL { update = update.set("github_repo_url", to: SQLBind(url)) }
        do {
            try await update.where("id", .equal, types.bind(id)).run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        return try await find(id: id)
    }

    func delete(id: UUID) async throws {
        try await session.sql.delete(from: "goals").where("id", .equal, session.types.bind(id)).run()
    }

    func goals(linkedTo planID: UUID) async throws -> [Goal] {
        try await session.sql.select().columns(Self.columns.map { SQLColumn($0, table: "goals") }).from("goals")
            .join("plan_goals", on: SQLColumn("goal_id", table: "plan_goals"), .equal, SQLColumn("id", table: "goals"))
            .where(SQLColumn("plan_id", table: "plan_goals"), .equal, session.types.bind(planID))
            .orderBy(SQLColumn("linked_at", table: "plan_goals")).orderBy(SQLColumn("id", table: "goals"))
            .all().map(decode)
    }

    func linkCounts(goalIDs: [UUID]) async throws -> [UUID: Int] {
        guard !goalIDs.isEmpty else { return [:] }
        let types = session.types
        let rows = try await session.sql.select().column("goal_id")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("plan_goals")
            .where("goal_id", .in, SQLGroupExpression(goalIDs.map { types.bind($0) })).groupBy("goal_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows { counts[try types.uuid(row, "goal_id")] = try row.decode(column: "n", as: Int.self) }
        return counts
    }

    func links(goalID: UUID) async throws -> [PlanGoalLink] {
        try await session.sql.select().columns("id", "plan_id", "goal_id", "linked_at", "linked_by").from("plan_goals")
            .where("goal_id", .equal, session.types.bind(goalID)).orderBy("linked_at").orderBy("id")
            .all().map(decodeLink)
    }

    func link(planID: UUID, goalID: UUID, by userID: UUID) async throws -> PlanGoalLink {
        let types = session.types
        let id = UUID()
        do {
            try await session.sql.insert(into: "plan_goals").columns("id", "plan_id", "goal_id", "linked_at", "linked_by")
                .values(types.bind(id), types.bind(planID), types.bind(goalID), types.bind(Date()), types.bind(userID))
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        let row = try await session.sql.select().columns("id", "plan_id", "goal_id", "linked_at", "linked_by")
            .from("plan_goals").where("id", .equal, types.bind(id)).first()
        guard let row else { throw DataAccessError.unexpectedNull(column: "plan_goals.id") }
        return try decodeLink(row)
    }

    func unlink(planID: UUID, goalID: UUID) async throws {
        try await session.sql.delete(from: "plan_goals").where("plan_id", .equal, session.types.bind(planID))
            .where("goal_id", .equal, session.types.bind(goalID)).run()
    }

    private func decodeLink(_ row: any SQLRow) throws -> PlanGoalLink {
        let types = session.types
        return PlanGoalLink(
            id: try types.uuid(row, "id"), planID: try types.uuid(row, "plan_id"), goalID: try types.uuid(row, "goal_id"),
            linkedAt: try types.optionalDate(row, "linked_at"), linkedBy: try types.optionalUUID(row, "linked_by"))
    }

    func decode(_ row: any SQLRow) throws -> Goal {
        let types = session.types
        return Goal(
            id: try types.uuid(row, "id"), ownerID: try types.uuid(row, "owner_id"),
            title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            successMetrics: try types.optionalJSON(row, "success_metrics") ?? .array([]),
            timeHorizon: try row.decode(column: "time_horizon", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            githubRepoURL: try row.decode(column: "github_repo_url", as: String?.self),
            createdBy: try types.uuid(row, "created_by"), createdAt: try types.optionalDate(row, "created_at"),
            updatedAt: try types.optionalDate(row, "updated_at"))
    }
}
