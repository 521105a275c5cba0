import AgentPlannerCore
import Credentials
import Crypto
import Foundation
import Logging
import Persistence

/// Registration, login, refresh-token rotation, logout, password reset and email confirmation: the rules,
/// without HTTP. Errors are `APIError`s carrying v1's statuses and messages.
public struct AuthService: Sendable {
    let store: any DatabaseStore
    let hasher: PasswordHasher
    let accessTokens: AccessTokenService
    let signedTokens: SignedTokens
    let mailer: any Mailer
    let settings: AuthSettings
    let logger: Logger

    /// A new access token and refresh token for a user.
    public struct Grant: Sendable {
        public let user: User
        public let accessToken: String
        public let expiresAt: Date
        public let refreshToken: String
        public let lifetime: TimeInterval
    }

    public struct Client: Sendable {
        public var userAgent: String?
        public var ip: String?
    }

    static let invalidCredentials = APIError(
        .unauthorized, "Invalid email or password. Please check your credentials and try again.",
        extra: ["code": "INVALID_CREDENTIALS"])

    /// Registers a user. With email confirmation on, no session is returned and a confirmation mail is sent.
    public func register(email: String, password: String, name: String?, organization: String?, client: Client)
        async throws -> (User, Grant?)
    {
        if let problem = PasswordHasher.problem(with: password) { throw APIError(.badRequest, problem) }
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard Self.looksLikeEmail(email) else { throw APIError(.badRequest, "Unable to validate email address: invalid format") }
        var metadata: [String: JSONValue] = ["email_verified": false]
        if let name { metadata["name"] = .string(name) }
        if let organization { metadata["organization"] = .string(organization) }
        let hash = try await hasher.hash(password)
        let now = Date()
        let userMetadata = JSONValue.object(metadata)
        let requireConfirmation = settings.requireEmailConfirmation
        let user: User
        do {
            user = try await store.withSession { session in
                try await session.users.create(
                    NewUser(
                        email: email, name: name ?? String(email.split(separator: "@").first ?? ""),
                        passwordHash: hash, emailConfirmedAt: requireConfirmation ? nil : now,
                        metadata: userMetadata))
            }
        } catch let violation as ConstraintViolation where violation.kind == .unique {
            if settings.requireEmailConfirmation {
                // Supabase answered an existing email like a new one here; so do we (no enumeration).
                return (
                    User(
                        id: UUID(), email: email, name: name, passwordHash: nil, emailConfirmedAt: nil, lastSignInAt: nil,
                        metadata: .object(metadata), avatarURL: nil, githubID: nil, githubUsername: nil,
                        githubAvatarURL: nil, githubProfileURL: nil, capabilityTags: [], createdAt: now, updatedAt: now),
                    nil
                )
            }
            throw APIError(.badRequest, "User already registered")
        }
        if settings.requireEmailConfirmation {
            await sendConfirmation(to: user)
            return (user, nil)
        }
        return (user, try await startSession(for: user, client: client))
    }

    public func login(email: String, password: String, client: Client) async throws -> Grant {
        let user = try await store.withSession { try await $0.users.find(email: email.trimmingCharacters(in: .whitespaces)) }
        guard let user, let hash = user.passwordHash else {
            // The same work as a real check, so timing does not tell whether the email exists.
            _ = try await hasher.verify(password, against: Self.decoyHash)
            throw Self.invalidCredentials
        }
        guard try await hasher.verify(password, against: hash) else { throw Self.invalidCredentials }
        if settings.requireEmailConfirmation, user.emailConfirmedAt == nil {
            throw APIError(
                .unauthorized,
                "Please verify your email address before signing in. Check your inbox for a verification link.",
                extra: ["code": "EMAIL_NOT_CONFIRMED", "email": .string(email)])
        }
        return try await startSession(for: user, client: client)
    }

    /// Rotates a refresh token. Reusing a rotated (or revoked) token revokes the whole login.
    public func refresh(_ refreshToken: String, client: Client) async throws -> Grant {
        let invalid = APIError(.unauthorized, "Invalid or expired refresh token")
        let hash = Self.hash(refreshToken)
        let now = Date()
        let rotated: (User, String, UUID)? = try await store.transaction { session in
            guard let current = try await session.sessions.find(refreshTokenHash: hash) else { return nil }
            if current.revokedAt != nil {
                try await session.sessions.revokeFamily(current.familyID, at: now)
                return nil
            }
            guard current.expiresAt > now, let user = try await session.users.find(id: current.userID) else {
                return nil
            }
            try await session.sessions.revoke(id: current.id, at: now)
            let next = Self.newRefreshToken()
            _ = try await session.sessions.create(
                userID: user.id, refreshTokenHash: Self.hash(next), familyID: current.familyID,
                userAgent: client.userAgent, ip: client.ip, expiresAt: now.addingTimeInterval(settings.refreshTokenLifetime))
            return (user, next, current.familyID)
        }
        guard let (user, next, family) = rotated else {
            logger.notice("refresh refused", metadata: ["reason": "unknown, expired, revoked or reused token"])
            throw invalid
        }
        let (access, expiresAt) = try await accessTokens.issue(
            userID: user.id, email: user.email, name: user.name, provider: provider(of: user), family: family)
        return Grant(
            user: user, accessToken: access, expiresAt: expiresAt, refreshToken: next,
            lifetime: settings.accessTokenLifetime)
    }

    /// Revokes the login of the presented access token and/or refresh token. Unknown tokens are ignored.
    public func logout(family: UUID?, refreshToken: String?) async throws {
        let now = Date()
        try await store.transaction { session in
            if let family { try await session.sessions.revokeFamily(family, at: now) }
            if let refreshToken, let found = try await session.sessions.find(refreshTokenHash: Self.hash(refreshToken)) {
                try await session.sessions.revokeFamily(found.familyID, at: now)
            }
        }
    }

    public func startSession(for user: User, client: Client) async throws -> Grant {
        let family = UUID()
        let refresh = Self.newRefreshToken()
        let now = Date()
        try await store.withSession { session in
            _ = try await session.sessions.create(
                userID: user.id, refreshTokenHash: Self.hash(refresh), familyID: family, userAgent: client.userAgent,
                ip: client.ip, expiresAt: now.addingTimeInterval(settings.refreshTokenLifetime))
            try await session.users.recordSignIn(id: user.id, at: now)
        }
        let (access, expiresAt) = try await accessTokens.issue(
            userID: user.id, email: user.email, name: user.name, provider: provider(of: user), family: family, now: now)
        var signedIn = user
        signedIn.lastSignInAt = now
        return Grant(
            user: signedIn, accessToken: access, expiresAt: expiresAt, refreshToken: refresh,
            lifetime: settings.accessTokenLifetime)
    }

    // MARK: Password reset and email confirmation

    /// Sends a reset link when the email belongs to a user; says nothing either way.
    public func forgotPassword(email: String) async throws {
        guard let user = try await store.withSession({ try await $0.users.find(email: email) }) else { return }
        let token = signedTokens.make(
            .passwordReset, subject: user.id.uuidString, binding: user.passwordHash ?? "", lifetime: 3600)
        await mailer.send(
            MailMessage(
                to: user.email, subject: "Reset your AgentPlanner password",
                body: "Someone asked to reset your password. The link works once, for one hour.",
                link: "\(settings.frontendURL)/reset-password?token=\(token)"))
    }

    /// Sets a new password when the token is genuine, unexpired and unused (bound to the old hash).
    public func resetPassword(token: String, password: String) async throws {
        let invalid = APIError(.badRequest, "Invalid or expired reset token")
        let store = self.store
        guard
            let subject = try await signedTokens.open(
                token, .passwordReset,
                binding: { subject in
                    guard let id = UUID(uuidString: subject) else { return nil }
                    return try await store.withSession { try await $0.users.find(id: id) }.map { $0.passwordHash ?? "" }
                }), let id = UUID(uuidString: subject)
        else { throw invalid }
        if let problem = PasswordHasher.problem(with: password) { throw APIError(.badRequest, problem) }
        let hash = try await hasher.hash(password)
        let now = Date()
        try await store.transaction { session in
            try await session.users.updatePassword(id: id, passwordHash: hash)
            // A new password ends every existing login.
            try await session.sessions.revokeAllOf(userID: id, at: now)
        }
    }

    public func sendConfirmation(to user: User) async {
        let token = signedTokens.make(.emailConfirmation, subject: user.id.uuidString, binding: user.email, lifetime: 86_400)
        await mailer.send(
            MailMessage(
                to: user.email, subject: "Confirm your AgentPlanner email",
                body: "Confirm your email address to sign in.",
                link: "\(settings.frontendURL)/verify-email?token=\(token)"))
    }

    public func verifyEmail(token: String) async throws -> User {
        let store = self.store
        guard
            let subject = try await signedTokens.open(
                token, .emailConfirmation,
                binding: { subject in
                    guard let id = UUID(uuidString: subject) else { return nil }
                    return try await store.withSession { try await $0.users.find(id: id) }?.email
                }), let id = UUID(uuidString: subject)
        else {
            throw APIError(.badRequest, "Invalid or expired verification token")
        }
        return try await store.withSession { session in
            guard let user = try await session.users.find(id: id) else {
                throw APIError(.badRequest, "Invalid or expired verification token")
            }
            var metadata = user.metadata.objectValue ?? [:]
            metadata["email_verified"] = true
            let now = Date()
            try await session.users.confirmEmail(id: id, at: user.emailConfirmedAt ?? now, metadata: .object(metadata))
            var confirmed = user
            confirmed.emailConfirmedAt = user.emailConfirmedAt ?? now
            confirmed.metadata = .object(metadata)
            return confirmed
        }
    }

    public func changePassword(userID: UUID, current: String, new: String) async throws {
        guard let user = try await store.withSession({ try await $0.users.find(id: userID) }) else {
            throw APIError(.notFound, "User not found")
        }
        guard let hash = user.passwordHash, try await hasher.verify(current, against: hash) else {
            throw APIError(.unauthorized, "Current password is incorrect")
        }
        if let problem = PasswordHasher.problem(with: new) { throw APIError(.badRequest, problem) }
        let newHash = try await hasher.hash(new)
        try await store.withSession { try await $0.users.updatePassword(id: userID, passwordHash: newHash) }
    }

    // MARK: Helpers

    func provider(of user: User) -> String {
        user.passwordHash == nil && user.githubID != nil ? "github" : "email"
    }

    static func newRefreshToken() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func hash(_ refreshToken: String) -> String {
        Hex.encode(SHA256.hash(data: Data(refreshToken.utf8)))
    }

    static func looksLikeEmail(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !email.contains(" ")
            && email.count <= 254
    }

    /// A valid cost-10 bcrypt hash of a random string: compared against when no user matches.
    static let decoyHash = "$2b$10$CwTycUXWue0Thq9StjUM0uJ8.eVn2.DN8ANfQmwV5KqkH6K6SWkgK"
}

extension JSONValue {
    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }
}
