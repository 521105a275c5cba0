import Foundation

/// A row of `api_tokens`: the SHA-256 of a v1-style 64-hex token, never the token itself.
public struct APIToken: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var name: String
    public var tokenHash: String
    public var permissions: [String]
    public var createdAt: Date?
    public var lastUsed: Date?
    public var revoked: Bool
}

/// A row of `user_sessions`: one refresh token of a login session (the family).
public struct UserSession: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var refreshTokenHash: String
    public var familyID: UUID
    public var userAgent: String?
    public var ip: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date
    public var revokedAt: Date?
}
