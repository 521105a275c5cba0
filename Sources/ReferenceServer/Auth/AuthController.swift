import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import Persistence

/// The `/auth` surface of v1 (ROUTES.md §4.1) on v2's own sessions.
struct AuthController {
    let auth: AuthService
    let accounts: AccountService

    @Sendable func register(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let email = try body.string("email"), let password = try body.string("password") else {
            throw APIError(.badRequest, "Email and password are required")
        }
        let (user, grant) = try await auth.register(
            email: email, password: password, name: try body.string("name"),
            organization: try body.string("organization"), client: client(request, context))
        var summary = AuthJSON.userSummary(user)
        summary["email_verified"] = false
        return JSONResponse.make(
            JSONValue.object([
                "user": .object(summary), "session": grant.map(AuthJSON.session) ?? .null, "converted_invites": [],
            ]), status: .created)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let email = try body.string("email"), let password = try body.string("password") else {
            throw APIError(.badRequest, "Email and password are required")
        }
        let grant = try await auth.login(email: email, password: password, client: client(request, context))
        return JSONResponse.make(
            JSONValue.object([
                "user": .object(AuthJSON.userSummary(grant.user)), "session": AuthJSON.session(grant), "converted_invites": [],
            ]))
    }

    /// v1 answered 200 whatever was sent; v2 also revokes the login of the token presented.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try? await RequestJSON.read(request, context: context)
        var family: UUID?
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            family = await auth.accessTokens.verify(String(header.dropFirst(7)))?.sessionFamily
        }
        try await auth.logout(family: family, refreshToken: try? body?.string("refresh_token"))
        return JSONResponse.make(JSONValue.object(["message": "Successfully logged out"]))
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let token = try body.string("refresh_token") else {
            throw APIError(.badRequest, "Refresh token is required")
        }
        let grant = try await auth.refresh(token, client: client(request, context))
        return JSONResponse.make(
            JSONValue.object([
                "access_token": .string(grant.accessToken), "refresh_token": .string(grant.refreshToken),
                "expires_at": .number(grant.expiresAt.timeIntervalSince1970.rounded(.down)),
            ]))
    }

    @Sendable func forgotPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let email = try body.string("email") else { throw APIError(.badRequest, "Email is required") }
        try await auth.forgotPassword(email: email)
        return JSONResponse.make(
            JSONValue.object(["message": "If an account exists with that email, a password reset link has been sent."]))
    }

    @Sendable func resetPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let token = try body.string("token"), let password = try body.string("password") else {
            throw APIError(.badRequest, "Token and new password are required")
        }
        try await auth.resetPassword(token: token, password: password)
        return JSONResponse.make(JSONValue.object(["message": "Password has been successfully reset"]))
    }

    @Sendable func verifyEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let token = try body.string("token") else { throw APIError(.badRequest, "Verification token is required") }
        let user = try await auth.verifyEmail(token: token)
        return JSONResponse.make(
            JSONValue.object([
                "message": "Email has been successfully verified",
                "user": ["id": .string(user.id.lowercased), "email": .string(user.email), "email_verified": true],
            ]))
    }

    /// Answers the same for unknown and already-confirmed emails: v1's "Email is already verified" told anyone
    /// that an address was registered.
    @Sendable func resendVerification(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try await RequestJSON.read(request, context: context)
        guard let email = try body.string("email") else { throw APIError(.badRequest, "Email is required") }
        if let user = try await accounts.user(email: email), user.emailConfirmedAt == nil {
            await auth.sendConfirmation(to: user)
        }
        return JSONResponse.make(
            JSONValue.object(["message": "If an account exists with that email, a verification link has been sent."]))
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return JSONResponse.make(JSONValue.object(AuthJSON.profile(try await accounts.user(identity.id))))
    }

    /// `undefined keeps old value`: only the keys present change.
    @Sendable func updateProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        for key in ["name", "organization", "avatar_url"] where body.has(key) {
            if case .string? = body.fields[key] { continue }
            if case .null? = body.fields[key] { continue }
            throw APIError(.badRequest, "\(key) must be a string")
        }
        var changes = AccountService.ProfileChanges()
        for key in ["name", "organization", "avatar_url"] where body.has(key) { changes.fields[key] = body.fields[key] ?? .null }
        let updated = try await accounts.updateProfile(identity.id, changes)
        return JSONResponse.make(JSONValue.object(AuthJSON.profile(updated)))
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let current = try body.string("currentPassword"), let new = try body.string("newPassword") else {
            throw APIError(.badRequest, "Current password and new password are required")
        }
        try await auth.changePassword(userID: identity.id, current: current, new: new)
        return JSONResponse.make(JSONValue.object(["message": "Password has been successfully changed"]))
    }

    // MARK: Shapes

    private func client(_ request: Request, _ context: AppRequestContext) -> AuthService.Client {
        AuthService.Client(userAgent: request.headers[.userAgent], ip: ClientAddress.of(request, context))
    }
}

extension UUID {
    /// The lowercase form every v1 answer used.
    var lowercased: String { uuidString.lowercased() }
}

/// The address a request counts against: the first `X-Forwarded-For` entry, else the peer (as v1).
enum ClientAddress {
    static func of(_ request: Request, _ context: AppRequestContext) -> String {
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!]?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return context.remoteIP ?? "unknown"
    }
}
