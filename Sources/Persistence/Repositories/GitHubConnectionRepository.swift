import Foundation
import SQLKit

/// The sealed GitHub token a user granted at GitHub sign-in (`github_connections`, migration 2).
public protocol GitHubConnectionRepository: Sendable {
    /// Inserts or replaces the user's token.
    func save(userID: UUID, sealedToken: String, scope: String?) async throws
    func sealedToken(userID: UUID) async throws -> String?
    func delete(userID: UUID) async throws
}

struct SQLGitHubConnectionRepository: GitHubConnectionRepository {
    let session: DataSession

    func save(userID: UUID, sealedToken: String, scope: String?) async throws {
        let types = session.types
        let now = Date()
        try await session.sql.insert(into: "github_connections")
            .columns("user_id", "access_token", "scope", "created_at", "updated_at")
            .values(types.bind(userID), SQLBind(sealedToken), SQLBind(scope), types.bind(now), types.bind(now))
            .onConflict(with: ["user_id"]) { conflict in
                conflict.set("access_token", to: SQLBind(sealedToken)).set("scope", to: SQLBind(scope))
                    .set("updated_at", to: types.bind(now))
            }
            .run()
    }

    func sealedToken(userID: UUID) async throws -> String? {
        try await session.sql.select().column("access_token").from("github_connections")
            .where("user_id", .equal, session.types.bind(userID)).first()?.decode(column: "access_token", as: String.self)
    }

    func delete(userID: UUID) async throws {
        try await session.sql.delete(from: "github_connections").where("user_id", .equal, session.types.bind(userID)).run()
    }
}
