import Foundation
import SQLKit

/// Reads and writes `users`.
public protocol UserRepository: Sendable {
    /// Inserts a user; a taken email (compared without case) or GitHub id throws a unique `ConstraintViolation`.
    func create(_ user: NewUser) async throws -> User
    func find(id: UUID) async throws -> User?
    /// Case-insensitive, as v1's Supabase Auth compared emails.
    func find(email: String) async throws -> User?
    func find(githubID: String) async throws -> User?
}

struct SQLUserRepository: UserRepository {
    let session: DataSession

    static let columns = [
        "id", "email", "name", "password_hash", "email_confirmed_at", "last_sign_in_at", "metadata", "avatar_url",
        "github_id", "github_username", "github_avatar_url", "github_profile_url", "capability_tags",
        "created_at", "updated_at",
    ]

    func create(_ user: NewUser) async throws -> User {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "users")
                .columns(
                    "id", "email", "name", "password_hash", "email_confirmed_at", "metadata", "github_id",
                    "github_username", "capability_tags", "created_at", "updated_at"
                )
                .values(
                    types.bind(user.id), SQLBind(user.email), SQLBind(user.name), SQLBind(user.passwordHash),
                    types.bind(user.emailConfirmedAt), types.bind(json: user.metadata), SQLBind(user.githubID),
                    SQLBind(user.githubUsername), types.bind(textArray: []), types.bind(now), types.bind(now)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: user.id) else {
            throw DataAccessError.unexpectedNull(column: "users.id")
        }
        return created
    }

    func find(id: UUID) async throws -> User? {
        try await session.sql.select().columns(Self.columns).from("users")
            .where("id", .equal, session.types.bind(id))
            .first()
            .map(decode)
    }

    func find(email: String) async throws -> User? {
        try await session.sql.select().columns(Self.columns).from("users")
            .where(SQLFunction("lower", args: SQLIdentifier("email")), .equal, SQLBind(email.lowercased()))
            .first()
            .map(decode)
    }

    func find(githubID: String) async throws -> User? {
        try await session.sql.select().columns(Self.columns).from("users")
            .where("github_id", .equal, SQLBind(githubID))
            .first()
            .map(decode)
    }

    private func decode(_ row: any SQLRow) throws -> User {
        let types = session.types
        return User(
            id: try types.uuid(row, "id"),
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String?.self),
            passwordHash: try row.decode(column: "password_hash", as: String?.self),
            emailConfirmedAt: try types.optionalDate(row, "email_confirmed_at"),
            lastSignInAt: try types.optionalDate(row, "last_sign_in_at"),
            metadata: try types.json(row, "metadata"),
            avatarURL: try row.decode(column: "avatar_url", as: String?.self),
            githubID: try row.decode(column: "github_id", as: String?.self),
            githubUsername: try row.decode(column: "github_username", as: String?.self),
            githubAvatarURL: try row.decode(column: "github_avatar_url", as: String?.self),
            githubProfileURL: try row.decode(column: "github_profile_url", as: String?.self),
            capabilityTags: try types.textArray(row, "capability_tags"),
            createdAt: try types.optionalDate(row, "created_at"),
            updatedAt: try types.optionalDate(row, "updated_at")
        )
    }
}
