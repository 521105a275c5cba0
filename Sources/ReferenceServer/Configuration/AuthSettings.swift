import Foundation

/// Auth behaviour (DECISIONS.md §D3).
public struct AuthSettings: Sendable {
    /// `iss` of the access tokens this server signs and accepts.
    public var issuer = "agentplanner"
    public var accessTokenLifetime: TimeInterval = 3600
    public var refreshTokenLifetime: TimeInterval = 30 * 24 * 3600
    /// `REQUIRE_EMAIL_CONFIRMATION`: login of an unconfirmed user answers v1's `EMAIL_NOT_CONFIRMED`.
    public var requireEmailConfirmation = false
    /// Where links in mails and the GitHub sign-in redirect point (`FRONTEND_URL`).
    public var frontendURL = "http://localhost:3001"
    /// Cut-over grace: Supabase-issued HS256 tokens of existing users are accepted until they expire.
    public var supabaseJWTSecret: String?
    public var supabaseJWTIssuer: String?
    /// bcrypt cost for new hashes; 10 as Supabase used. Tests may lower it (minimum 4).
    public var bcryptCost: UInt8 = 10

    public init() {}
}

/// v1's rate limits (ROUTES.md §1.3); counted once per request.
public struct RateLimitSettings: Sendable {
    public struct Limit: Sendable {
        public var maximum: Int
        public var window: TimeInterval
        public init(maximum: Int, window: TimeInterval) {
            self.maximum = maximum
            self.window = window
        }
    }

    public var general = Limit(maximum: 300, window: 60)
    public var auth = Limit(maximum: 10, window: 60)
    public var search = Limit(maximum: 60, window: 60)
    public var token = Limit(maximum: 10, window: 60)
    /// False turns limiting off entirely (v1 skipped it when `NODE_ENV=test`).
    public var enabled = true

    public init() {}
}
