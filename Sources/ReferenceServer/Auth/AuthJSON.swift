import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of users and sessions in `/auth` answers (Supabase's, as v1 relayed them).
enum AuthJSON {
    /// `{id, email, name, organization, email_verified}`; like v1, keys whose value is undefined are left out.
    static func userSummary(_ user: User) -> [String: JSONValue] {
        var summary: [String: JSONValue] = [
            "id": .string(user.id.lowercased), "email": .string(user.email),
            "name": .string(user.metadata["name"]?.stringValue ?? user.name ?? String(user.email.split(separator: "@").first ?? "")),
            "email_verified": .bool(user.metadata["email_verified"] == .bool(true)),
        ]
        if let organization = user.metadata["organization"], organization != .null { summary["organization"] = organization }
        return summary
    }

    static func profile(_ user: User) -> [String: JSONValue] {
        var profile: [String: JSONValue] = [
            "id": .string(user.id.lowercased), "email": .string(user.email),
            "email_verified": .bool(user.metadata["email_verified"] == .bool(true)),
            "created_at": user.createdAt.map { .string(TimestampFormat.supabase($0)) } ?? .null,
            "updated_at": user.updatedAt.map { .string(TimestampFormat.supabase($0)) } ?? .null,
        ]
        if let name = user.metadata["name"] ?? user.name.map(JSONValue.string), name != .null { profile["name"] = name }
        if let organization = user.metadata["organization"], organization != .null { profile["organization"] = organization }
        if let avatar = user.avatarURL { profile["avatar_url"] = .string(avatar) }
        return profile
    }

    /// The Supabase session object v1 relayed from GoTrue.
    static func session(_ grant: AuthService.Grant) -> JSONValue {
        .object([
            "access_token": .string(grant.accessToken), "token_type": "bearer",
            "expires_in": .number(grant.lifetime), "expires_at": .number(grant.expiresAt.timeIntervalSince1970.rounded(.down)),
            "refresh_token": .string(grant.refreshToken), "user": supabaseUser(grant.user),
        ])
    }

    static func supabaseUser(_ user: User) -> JSONValue {
        let provider: JSONValue = user.passwordHash == nil && user.githubID != nil ? "github" : "email"
        func time(_ date: Date?) -> JSONValue { date.map { .string(TimestampFormat.supabase($0)) } ?? .null }
        return .object([
            "id": .string(user.id.lowercased), "aud": "authenticated", "role": "authenticated",
            "email": .string(user.email), "email_confirmed_at": time(user.emailConfirmedAt), "phone": "",
            "confirmed_at": time(user.emailConfirmedAt), "last_sign_in_at": time(user.lastSignInAt),
            "app_metadata": ["provider": provider, "providers": .array([provider])],
            "user_metadata": user.metadata, "identities": [], "created_at": time(user.createdAt),
            "updated_at": time(user.updatedAt), "is_anonymous": false,
        ])
    }
}
