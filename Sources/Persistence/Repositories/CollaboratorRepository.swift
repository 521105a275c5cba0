import Foundation
import SQLKit

/// A row of `plan_collaborators`.
public struct Collaborator: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var userID: UUID
    public var role: String
    public var createdAt: Date?
}

/// Reads and writes `plan_collaborators`.
public protocol CollaboratorRepository: Sendable {
    func role(planID: UUID, userID: UUID) async throws -> String?
    /// Collaborators with their users, oldest first.
    func list(planID: UUID) async throws -> [(Collaborator, User?)]
    /// Adds the user, or changes the role of an existing collaborator; `created` tells which.
    func upsert(planID: UUID, userID: UUID, role: String) async throws -> (Collaborator, created: Bool)
    func remove(planID: UUID, userID: UUID) async throws
}

struct SQLCollaboratorRepository: CollaboratorRepository {
    let session: DataSession
    static let columns = ["id", "plan_id", "user_id", "role", "created_at"]

    func role(planID: UUID, userID: UUID) async throws -> String? {
        try await find(planID: planID, userID: userID)?.role
    }

    func list(planID: UUID) async throws -> [(Collaborator, User?)] {
        let rows = try await session.sql.select().columns(Self.columns).from("plan_collaborators")
            .where("plan_id", .equal, session.types.bind(planID))
            .orderBy("created_at").orderBy("id").all()
        var result: [(Collaborator, User?)] = []
        for row in rows {
            let collaborator = try decode(row)
            result.append((collaborator, try await session.users.find(id: collaborator.userID)))
        }
        return result
    }

    func upsert(planID: UUID, userID: UUID, role: String) async throws -> (Collaborator, created: Bool) {
        let types = session.types
        do {
            if try await find(planID: planID, userID: userID) != nil {
                try await session.sql.update("plan_collaborators").set("role", to: SQLBind(role))
                    .where("plan_id", .equal, types.bind(planID)).where("user_id", .equal, types.bind(userID)).run()
                return (try await find(planID: planID, userID: userID)!, false)
            }
            try await session.sql.insert(into: "plan_collaborators")
                .columns("id", "plan_id", "user_id", "role", "created_at")
                .values(types.bind(UUID()), types.bind(planID), types.bind(userID), SQLBind(role), types.bind(Date()))
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        return (try await find(planID: planID, userID: userID)!, true)
    }

    func remove(planID: UUID, userID: UUID) async throws {
        try await session.sql.delete(from: "plan_collaborators")
            .where("plan_id", .equal, session.types.bind(planID)).where("user_id", .equal, session.types.bind(userID))
            .run()
    }

    private func find(planID: UUID, userID: UUID) async throws -> Collaborator? {
        try await session.sql.select().columns(Self.columns).from("plan_collaborators")
            .where("plan_id", .equal, session.types.bind(planID)).where("user_id", .equal, session.types.bind(userID))
            .first().map(decode)
    }

    private func decode(_ row: any SQLRow) throws -> Collaborator {
        let types = session.types
        return Collaborator(
            id: try types.uuid(row, "id"), planID: try types.uuid(row, "plan_id"), userID: try types.uuid(row, "user_id"),
            role: try row.decode(column: "role", as: String.self), createdAt: try types.optionalDate(row, "created_at"))
    }
}
