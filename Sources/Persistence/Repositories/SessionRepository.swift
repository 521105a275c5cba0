import Foundation
import SQLKit

/// Reads and writes `user_sessions`: one row per refresh token; rows of one login share a family.
public protocol SessionRepository: Sendable {
    func create(
        userID: UUID, refreshTokenHash: String, familyID: UUID, userAgent: String?, ip: String?, expiresAt: Date
    ) async throws -> UserSession
    func find(refreshTokenHash: String) async throws -> UserSession?
    /// Marks one refresh token used up (rotated) or revoked.
    func revoke(id: UUID, at date: Date) async throws
    /// Revokes every refresh token of a login (logout, or reuse of a rotated token).
    func revokeFamily(_ familyID: UUID, at date: Date) async throws
    /// Revokes every login of a user (after a password reset).
    func revokeAllOf(userID: UUID, at date: Date) async throws
    /// True while the family has a refresh token that is neither revoked nor expired.
    func familyIsLive(_ familyID: UUID, at date: Date) async throws -> Bool
}

struct SQLSessionRepository: SessionRepository {
    let session: DataSession
    static let columns = [
        "id", "user_id", "refresh_token_hash", "family_id", "user_agent", "ip", "created_at", "last_used_at",
        "expires_at", "revoked_at",
    ]

    func create(
        userID: UUID, refreshTokenHash: String, familyID: UUID, userAgent: String?, ip: String?, expiresAt: Date
    ) async throws -> UserSession {
        let types = session.types
        let id = UUID()
        let now = Date()
        try await session.sql.insert(into: "user_sessions")
            .columns("id", "user_id", "refresh_token_hash", "family_id", "user_agent", "ip", "created_at", "expires_at")
            .values(
                types.bind(id), types.bind(userID), SQLBind(refreshTokenHash), types.bind(familyID),
                SQLBind(userAgent), SQLBind(ip), types.bind(now), types.bind(expiresAt)
            )
            .run()
        return UserSession(
            id: id, userID: userID, refreshTokenHash: refreshTokenHash, familyID: familyID, userAgent: userAgent,
            ip: ip, createdAt: now, lastUsedAt: nil, expiresAt: expiresAt, revokedAt: nil)
    }

    func find(refreshTokenHash: String) async throws -> UserSession? {
        try await session.sql.select().columns(Self.columns).from("user_sessions")
            .where("refresh_token_hash", .equal, SQLBind(refreshTokenHash))
            .first().map(decode)
    }

    func revoke(id: UUID, at date: Date) async throws {
        try await session.sql.update("user_sessions")
            .set("revoked_at", to: session.types.bind(date)).set("last_used_at", to: session.types.bind(date))
            .where("id", .equal, session.types.bind(id)).where("revoked_at", .is, SQLLiteral.null)
            .run()
    }

    func revokeFamily(_ familyID: UUID, at date: Date) async throws {
        try await session.sql.update("user_sessions").set("revoked_at", to: session.types.bind(date))
            .where("family_id", .equal, session.types.bind(familyID)).where("revoked_at", .is, SQLLiteral.null)
            .run()
    }

    func revokeAllOf(userID: UUID, at date: Date) async throws {
        try await session.sql.update("user_sessions").set("revoked_at", to: session.types.bind(date))
            .where("user_id", .equal, session.types.bind(userID)).where("revoked_at", .is, SQLLiteral.null)
            .run()
    }

    func familyIsLive(_ familyID: UUID, at date: Date) async throws -> Bool {
        try await session.sql.select().column(SQLLiteral.numeric("1"), as: "live").from("user_sessions")
            .where("family_id", .equal, session.types.bind(familyID))
            .where("revoked_at", .is, SQLLiteral.null)
            .where("expires_at", .greaterThan, session.types.bind(date))
            .limit(1)
            .first() != nil
    }

    private func decode(_ row: any SQLRow) throws -> UserSession {
        let types = session.types
        return UserSession(
            id: try types.uuid(row, "id"), userID: try types.uuid(row, "user_id"),
            refreshTokenHash: try row.decode(column: "refresh_token_hash", as: String.self),
            familyID: try types.uuid(row, "family_id"), userAgent: try row.decode(column: "user_agent", as: String?.self),
            ip: try row.decode(column: "ip", as: String?.self), createdAt: try types.date(row, "created_at"),
            lastUsedAt: try types.optionalDate(row, "last_used_at"), expiresAt: try types.date(row, "expires_at"),
            revokedAt: try types.optionalDate(row, "revoked_at"))
    }
}
