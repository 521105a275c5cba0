import AgentPlannerCore
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
    /// Sets name, avatar and metadata together (profile updates); returns the updated user.
    func updateProfile(id: UUID, name: String?, avatarURL: String?, metadata: JSONValue) async throws -> User?
    func updatePassword(id: UUID, passwordHash: String) async throws
    func recordSignIn(id: UUID, at date: Date) async throws
    func confirmEmail(id: UUID, at date: Date, metadata: JSONValue) async throws
    /// Links a GitHub account and mirrors its profile fields, as v1's middleware did.
    func linkGitHub(id: UUID, githubID: String, username: String, avatarURL: String?) async throws
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

    func updateProfile(id: UUID, name: String?, avatarURL: String?, metadata: JSONValue) async throws -> User? {
        let types = session.types
        try await session.sql.update("users")
            .set("name", to: SQLBind(name)).set("avatar_url", to: SQLBind(avatarURL))
            .set("metadata", to: types.bind(json: metadata)).set("updated_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(id)).run()
        return try await find(id: id)
    }

    func updatePassword(id: UUID, passwordHash: String) async throws {
        let types = session.types
        try await session.sql.update("users")
            .set("password_hash", to: SQLBind(passwordHash)).set("updated_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(id)).run()
    }

    func recordSignIn(id: UUID, at date: Date) async throws {
        try await session.sql.update("users").set("last_sign_in_at", to: session.types.bind(date))
            .where("id", .equal, session.types.bind(id)).run()
    }

    func confirmEmail(id: UUID, at date: Date, metadata: JSONValue) async throws {
        let types = session.types
        try await session.sql.update("users")
            .set("email_confirmed_at", to: types.bind(date)).set("metadata", to: types.bind(json: metadata))
            .set("updated_at", to: types.bind(date))
            .where("id", .equal, types.bind(id)).run()
    }

    func linkGitHub(id: UUID, githubID: String, username: String, avatarURL: String?) async throws {
        let types = session.types
        do {
            try await session.sql.update("users")
                .set("github_id", to: SQLBind(githubID)).set("github_username", to: SQLBind(username))
                .set("github_avatar_url", to: SQLBind(avatarURL))
                .set("github_profile_url", to: SQLBind("https://github.com/\(username)"))
                .set("updated_at", to: types.bind(Date()))
                .where("id", .equal, types.bind(id)).run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
    }

    /// Shared with the other repositories that select `users` rows (`UserDirectoryRepository`).
    func decode(_ row: any SQLRow) throws -> User {
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
