import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of users and sessions in `/auth` answers (Supabase's, as v1 relayed them), each written and
/// described by one list.
enum AuthJSON {
    static let metadataValue = JSONSchema.freeForm("from the account's stored metadata")

    /// `{id, email, name, organization, email_verified}`; like v1, keys whose value is undefined are left out.
    /// `verified` replaces the stored flag (a new account is not verified yet).
    static let userSummary = ObjectShape<(user: User, verified: Bool?)>([
        .id("id") { $0.user.id }, .text("email") { $0.user.email },
        .text("name") { $0.user.metadata["name"]?.stringValue ?? $0.user.name ?? String($0.user.email.split(separator: "@").first ?? "") },
        .flag("email_verified") { $0.verified ?? ($0.user.metadata["email_verified"] == .bool(true)) },
        .optional("organization", metadataValue) { present($0.user.metadata["organization"]) },
    ])

    /// `GET`/`PUT /auth/profile`.
    struct Profile: ShapedOutput {
        let user: User
        static let shape = ObjectShape<Profile>([
            .id("id") { $0.user.id }, .text("email") { $0.user.email },
            .flag("email_verified") { $0.user.metadata["email_verified"] == .bool(true) },
            .value("created_at", supabaseTime) { time($0.user.createdAt) },
            .value("updated_at", supabaseTime) { time($0.user.updatedAt) },
            .optional("name", metadataValue) { present($0.user.metadata["name"] ?? $0.user.name.map(JSONValue.string)) },
            .optional("organization", metadataValue) { present($0.user.metadata["organization"]) },
            .optional("avatar_url", JSONSchema.type("string")) { $0.user.avatarURL.map(JSONValue.string) },
        ])
    }

    /// The Supabase session object v1 relayed from GoTrue.
    static let session = ObjectShape<AuthService.Grant>([
        .text("access_token") { $0.accessToken }, .value("token_type", JSONSchema.oneOf(["bearer"])) { _ in "bearer" },
        .value("expires_in", JSONSchema.type("number")) { .number($0.lifetime) }, expiresAt { $0.expiresAt },
        .text("refresh_token") { $0.refreshToken }, .object("user", supabaseUser) { $0.user },
    ])

    static let supabaseUser = ObjectShape<User>([
        .id("id") { $0.id }, .value("aud", JSONSchema.oneOf(["authenticated"])) { _ in "authenticated" },
        .value("role", JSONSchema.oneOf(["authenticated"])) { _ in "authenticated" }, .text("email") { $0.email },
        .value("email_confirmed_at", supabaseTime) { time($0.emailConfirmedAt) }, .text("phone") { _ in "" },
        .value("confirmed_at", supabaseTime) { time($0.emailConfirmedAt) },
        .value("last_sign_in_at", supabaseTime) { time($0.lastSignInAt) },
        .object("app_metadata", appMetadata) { $0.passwordHash == nil && $0.githubID != nil ? "github" : "email" },
        .stored("user_metadata", "the account's stored metadata object") { $0.metadata },
        .value("identities", JSONSchema.array(JSONSchema.freeForm("always empty"))) { _ in [] },
        .value("created_at", supabaseTime) { time($0.createdAt) }, .value("updated_at", supabaseTime) { time($0.updatedAt) },
        .flag("is_anonymous") { _ in false },
    ])

    private static let appMetadata = ObjectShape<String>([
        .text("provider") { $0 }, .strings("providers") { [$0] },
    ])

    /// Seconds since 1970, rounded down, as GoTrue wrote `expires_at`.
    static func expiresAt<Source>(_ read: @escaping @Sendable (Source) -> Date) -> OutputField<Source> {
        .value("expires_at", JSONSchema.type("integer")) { .number(read($0).timeIntervalSince1970.rounded(.down)) }
    }

    static let supabaseTime = JSONSchema.nullable(JSONSchema.type("string"))

    static func time(_ date: Date?) -> JSONValue { date.map { .string(TimestampFormat.supabase($0)) } ?? .null }

    /// A stored value, left out when absent or null.
    static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, value != .null else { return JSONValue?.none }
        return value
    }
}
