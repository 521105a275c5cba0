import Foundation
import SQLKit

/// Who may see whom, and users' capability tags.
///
/// A caller sees themself and everyone who shares a plan with them: the owner and the collaborators of every
/// plan the caller owns or collaborates on (v1 listed every user to every caller).
public protocol UserDirectoryRepository: Sendable {
    /// One page of the visible users, oldest account first, and how many there are in all.
    func visibleUsers(to viewerID: UUID, limit: Int, offset: Int) async throws -> (users: [User], total: Int)
    /// Every visible user, oldest account first (a bounded set: the people the caller works with).
    func visibleUsers(to viewerID: UUID) async throws -> [User]
    func isVisible(_ userID: UUID, to viewerID: UUID) async throws -> Bool
    /// Replaces the user's capability tags; returns them as stored.
    func setCapabilityTags(userID: UUID, tags: [String]) async throws -> [String]
}

struct SQLUserDirectoryRepository: UserDirectoryRepository {
    let session: DataSession

    /// `users.id` is the viewer or shares a plan with them.
    private func visible(to viewerID: UUID) -> SQLQueryString {
        let me = session.types.bind(viewerID)
        let plans: SQLQueryString =
            "SELECT id FROM plans WHERE owner_id = \(me) UNION SELECT plan_id FROM plan_collaborators WHERE user_id = \(me)"
        return """
            (users.id = \(me) OR users.id IN (SELECT owner_id FROM plans WHERE id IN (\(plans))) \
            OR users.id IN (SELECT user_id FROM plan_collaborators WHERE plan_id IN (\(plans))))
            """
    }

    func visibleUsers(to viewerID: UUID, limit: Int, offset: Int) async throws -> (users: [User], total: Int) {
        let count = try await session.sql.select()
            .column(SQLFunction("count", args: SQLLiteral.all), as: "total").from("users")
            .where(visible(to: viewerID)).first()
        let users = try await session.sql.select().columns(SQLUserRepository.columns).from("users")
            .where(visible(to: viewerID)).orderBy("created_at").orderBy("id").limit(limit).offset(offset).all()
            .map(SQLUserRepository(session: session).decode)
        return (users, try count?.decode(column: "total", as: Int.self) ?? 0)
    }

    func visibleUsers(to viewerID: UUID) async throws -> [User] {
        try await session.sql.select().columns(SQLUserRepository.columns).from("users")
            .where(visible(to: viewerID)).orderBy("created_at").orderBy("id").all()
            .map(SQLUserRepository(session: session).decode)
    }

    func isVisible(_ userID: UUID, to viewerID: UUID) async throws -> Bool {
        try await session.sql.select().column("id").from("users")
            .where("id", .equal, session.types.bind(userID)).where(visible(to: viewerID)).first() != nil
    }

    func setCapabilityTags(userID: UUID, tags: [String]) async throws -> [String] {
        let types = session.types
        try await session.sql.update("users")
            .set("capability_tags", to: types.bind(textArray: tags)).set("updated_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(userID)).run()
        return try await session.users.find(id: userID)?.capabilityTags ?? []
    }
}
