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
                    "created_at", "updated_at")
                .values(
                    types.bind(plan.id), SQLBind(plan.title), SQLBind(plan.description), types.bind(plan.ownerID),
                    SQLBind(plan.status), types.bind(json: plan.metadata), SQLBind(plan.visibility),
                    types.bind(plan.visibility == "public"), types.bind(now), types.bind(now))
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

    private func decode(_ row: any SQLRow) throws -> Plan {
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
