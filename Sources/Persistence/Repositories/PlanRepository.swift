import AgentPlannerCore
import Foundation
import SQLKit

/// Reads and writes `plans`.
public protocol PlanRepository: Sendable {
    func create(_ plan: NewPlan) async throws -> Plan
    func find(id: UUID) async throws -> Plan?
    /// Plans the user owns, newest first.
    func list(ownedBy ownerID: UUID) async throws -> [Plan]
    /// Deletes the plan and, by cascade, its nodes and everything hanging off them. False when absent.
    func delete(id: UUID) async throws -> Bool
    /// Plans the user collaborates on (not owns), with the role, newest first.
    func listShared(with userID: UUID) async throws -> [(Plan, String)]
    /// Changes the given fields (nil leaves a field as it is) and returns the plan.
    func update(id: UUID, title: String?, description: String?, status: String?, metadata: JSONValue?) async throws -> Plan?
    /// Inside a transaction, serialises changes to the plan's tree: `SELECT … FOR UPDATE` on the plan row
    /// (SQLite's dialect drops the clause; its `BEGIN IMMEDIATE` already holds the only write lock).
    func lockTree(planID: UUID) async throws
    /// (all nodes, completed nodes) per plan, root included, in one query.
    func nodeCounts(planIDs: [UUID]) async throws -> [UUID: (total: Int, completed: Int)]
}

struct SQLPlanRepository: PlanRepository {
    let session: DataSession

    static let columns = [
        "id", "title", "description", "owner_id", "created_at", "updated_at", "status", "metadata", "is_public",
        "github_repo_owner", "github_repo_name", "view_count", "last_viewed_at", "visibility", "github_repo_url",
        "github_repo_full_name",
    ]

    func create(_ plan: NewPlan) async throws -> Plan {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "plans")
                .columns(
                    "id", "title", "description", "owner_id", "status", "metadata", "visibility", "is_public",
                    "created_at", "updated_at"
                )
                .values(
                    types.bind(plan.id), SQLBind(plan.title), SQLBind(plan.description), types.bind(plan.ownerID),
                    SQLBind(plan.status), types.bind(json: plan.metadata), SQLBind(plan.visibility),
                    types.bind(plan.visibility == "public"), types.bind(now), types.bind(now)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: plan.id) else {
            throw DataAccessError.unexpectedNull(column: "plans.id")
        }
        return created
    }

    func find(id: UUID) async throws -> Plan? {
        try await session.sql.select().columns(Self.columns).from("plans")
            .where("id", .equal, session.types.bind(id))
            .first()
            .map(decode)
    }

    func list(ownedBy ownerID: UUID) async throws -> [Plan] {
        try await session.sql.select().columns(Self.columns).from("plans")
            .where("owner_id", .equal, session.types.bind(ownerID))
            .orderBy("created_at", .descending)
            .orderBy("id")
            .all()
            .map(decode)
    }

    func delete(id: UUID) async throws -> Bool {
        let existing = try await find(id: id)
        guard existing != nil else { return false }
        try await session.sql.delete(from: "plans").where("id", .equal, session.types.bind(id)).run()
        return true
    }

    func listShared(with userID: UUID) async throws -> [(Plan, String)] {
        let types = session.types
        let rows = try await session.sql.select()
            .columns(Self.columns.map { SQLColumn($0, table: "plans") })
            .column(SQLColumn("role", table: "plan_collaborators"))
            .from("plans")
            .join("plan_collaborators", on: SQLColumn("plan_id", table: "plan_collaborators"), .equal, SQLColumn("id", table: "plans"))
            .where(SQLColumn("user_id", table: "plan_collaborators"), .equal, types.bind(userID))
            .orderBy(SQLColumn("created_at", table: "plans"), SQLDirection.descending)
            .all()
        return try rows.map { (try decode($0), try $0.decode(column: "role", as: String.self)) }
    }

    func update(id: UUID, title: String?, description: String?, status: String?, metadata: JSONValue?) async throws -> Plan? {
        let types = session.types
        var update = session.sql.update("plans").set("updated_at", to: types.bind(Date()))
        if let title { update = update.set("title", to: SQLBind(title)) }
        if let description { update = update.set("description", to: SQLBind(description)) }
        if let status { update = update.set("status", to: SQLBind(status)) }
        if let metadata { update = update.set("metadata", to: types.bind(json: metadata)) }
        do {
            try await update.where("id", .equal, types.bind(id)).run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        return try await find(id: id)
    }

    func lockTree(planID: UUID) async throws {
        _ = try await session.sql.select().column("id").from("plans")
            .where("id", .equal, session.types.bind(planID)).for(.update).first()
    }

    func nodeCounts(planIDs: [UUID]) async throws -> [UUID: (total: Int, completed: Int)] {
        guard !planIDs.isEmpty else { return [:] }
        let types = session.types
        let rows = try await session.sql.select()
            .column("plan_id")
            .column(SQLFunction("count", args: SQLLiteral.all), as: "total")
            .column(
                SQLFunction("sum", args: SQLRaw("CASE WHEN status = 'completed' THEN 1 ELSE 0 END")), as: "completed"
            )
            .from("plan_nodes")
            .where("plan_id", .in, SQLGroupExpression(planIDs.map { types.bind($0) }))
            .groupBy("plan_id")
            .all()
        var counts: [UUID: (total: Int, completed: Int)] = [:]
        for row in rows {
            counts[try types.uuid(row, "plan_id")] = (
                try row.decode(column: "total", as: Int.self), try row.decode(column: "completed", as: Int?.self) ?? 0
            )
        }
        return counts
    }

    func decode(_ row: any SQLRow) throws -> Plan {
        let types = session.types
        return Plan(
            id: try types.uuid(row, "id"),
            title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            ownerID: try types.uuid(row, "owner_id"),
            createdAt: try types.optionalDate(row, "created_at"),
            updatedAt: try types.optionalDate(row, "updated_at"),
            status: try row.decode(column: "status", as: String.self),
            metadata: try types.optionalJSON(row, "metadata"),
            isPublic: try row.decode(column: "is_public", as: Bool.self),
            githubRepoOwner: try row.decode(column: "github_repo_owner", as: String?.self),
            githubRepoName: try row.decode(column: "github_repo_name", as: String?.self),
            viewCount: try row.decode(column: "view_count", as: Int.self),
            lastViewedAt: try types.optionalDate(row, "last_viewed_at"),
            visibility: try row.decode(column: "visibility", as: String.self),
            githubRepoURL: try row.decode(column: "github_repo_url", as: String?.self),
            githubRepoFullName: try row.decode(column: "github_repo_full_name", as: String?.self)
        )
    }
}
