import Foundation
import SQLKit

/// Reads and writes `api_tokens`.
public protocol APITokenRepository: Sendable {
    func create(userID: UUID, name: String, tokenHash: String, permissions: [String]) async throws -> APIToken
    /// The caller's tokens that are not revoked, oldest first.
    func listActive(userID: UUID) async throws -> [APIToken]
    func find(tokenHash: String) async throws -> APIToken?
    /// Soft revoke; false when the token does not exist or is not the user's.
    func revoke(id: UUID, userID: UUID) async throws -> Bool
    func touch(id: UUID, at date: Date) async throws
}

struct SQLAPITokenRepository: APITokenRepository {
    let session: DataSession
    static let columns = ["id", "user_id", "name", "token_hash", "permissions", "created_at", "last_used", "revoked"]

    func create(userID: UUID, name: String, tokenHash: String, permissions: [String]) async throws -> APIToken {
        let types = session.types
        let id = UUID()
        do {
            try await session.sql.insert(into: "api_tokens")
                .columns("id", "user_id", "name", "token_hash", "permissions", "created_at", "revoked")
                .values(
                    types.bind(id), types.bind(userID), SQLBind(name), SQLBind(tokenHash),
                    types.bind(textArray: permissions), types.bind(Date()), types.bind(false)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let token = try await select().where("id", .equal, types.bind(id)).first().map(decode) else {
            throw DataAccessError.unexpectedNull(column: "api_tokens.id")
        }
        return token
    }

    func listActive(userID: UUID) async throws -> [APIToken] {
        try await select().where("user_id", .equal, session.types.bind(userID))
            .where("revoked", .equal, session.types.bind(false))
            .orderBy("created_at").orderBy("id")
            .all().map(decode)
    }

    func find(tokenHash: String) async throws -> APIToken? {
        try await select().where("token_hash", .equal, SQLBind(tokenHash)).first().map(decode)
    }

    func revoke(id: UUID, userID: UUID) async throws -> Bool {
        let types = session.types
        let existing = try await select().where("id", .equal, types.bind(id))
            .where("user_id", .equal, types.bind(userID)).first()
        guard existing != nil else { return false }
        try await session.sql.update("api_tokens").set("revoked", to: types.bind(true))
            .where("id", .equal, types.bind(id)).run()
        return true
    }

    func touch(id: UUID, at date: Date) async throws {
        try await session.sql.update("api_tokens").set("last_used", to: session.types.bind(date))
            .where("id", .equal, session.types.bind(id)).run()
    }

    private func select() -> SQLSelectBuilder {
        session.sql.select().columns(Self.columns).from("api_tokens")
    }

    private func decode(_ row: any SQLRow) throws -> APIToken {
        let types = session.types
        return APIToken(
            id: try types.uuid(row, "id"), userID: try types.uuid(row, "user_id"),
            name: try row.decode(column: "name", as: String.self),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            permissions: try types.textArray(row, "permissions"), createdAt: try types.optionalDate(row, "created_at"),
            lastUsed: try types.optionalDate(row, "last_used"), revoked: try row.decode(column: "revoked", as: Bool.self))
    }
}
