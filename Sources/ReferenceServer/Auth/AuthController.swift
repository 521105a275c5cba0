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
        let input = try await AuthInput.Credentials.read(request, context)
        let (user, grant) = try await auth.register(
            email: input.email, password: input.password, name: input.name, organization: input.organization,
            client: client(request, context))
        return AuthOutput.SignedIn(user: user, verified: false, grant: grant).response(.created)
    }

    @Sendable func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await AuthInput.Login.read(request, context).credentials
        let grant = try await auth.login(email: input.email, password: input.password, client: client(request, context))
        return AuthOutput.SignedIn(user: grant.user, grant: grant).response()
    }

    /// v1 answered 200 whatever was sent; v2 also revokes the login of the token presented.
    @Sendable func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = try? await RequestJSON.read(request, context: context)
        var family: UUID?
        if let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            family = await auth.accessTokens.verify(String(header.dropFirst(7)))?.sessionFamily
        }
        try await auth.logout(family: family, refreshToken: try? body?.string("refresh_token"))
        return MessageOutput(message: "Successfully logged out").response()
    }

    @Sendable func refresh(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await RequiredText<BodyKey.RefreshToken>.read(request, context).value
        let grant = try await auth.refresh(token, client: client(request, context))
        return AuthOutput.Refreshed(grant: grant).response()
    }

    @Sendable func forgotPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = try await RequiredText<BodyKey.Email>.read(request, context).value
        try await auth.forgotPassword(email: email)
        return MessageOutput(message: "If an account exists with that email, a password reset link has been sent.").response()
    }

    @Sendable func resetPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await AuthInput.Reset.read(request, context)
        try await auth.resetPassword(token: input.token, password: input.password)
        return MessageOutput(message: "Password has been successfully reset").response()
    }

    @Sendable func verifyEmail(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try await RequiredText<BodyKey.VerificationToken>.read(request, context).value
        let user = try await auth.verifyEmail(token: token)
        return AuthOutput.Verified(user: user).response()
    }

    /// Answers the same for unknown and already-confirmed emails: v1's "Email is already verified" told anyone
    /// that an address was registered.
    @Sendable func resendVerification(_ request: Request, context: AppRequestContext) async throws -> Response {
        let email = try await RequiredText<BodyKey.Email>.read(request, context).value
        if let user = try await accounts.user(email: email), user.emailConfirmedAt == nil {
            await auth.sendConfirmation(to: user)
        }
        return MessageOutput(message: "If an account exists with that email, a verification link has been sent.").response()
    }

    @Sendable func profile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return AuthJSON.Profile(user: try await accounts.user(identity.id)).response()
    }

    /// `undefined keeps old value`: only the keys present change.
    @Sendable func updateProfile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let changes = try await AuthInput.ProfileChanges.read(request, context).changes
        let updated = try await accounts.updateProfile(identity.id, changes)
        return AuthJSON.Profile(user: updated).response()
    }

    @Sendable func changePassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await AuthInput.PasswordChange.read(request, context)
        try await auth.changePassword(userID: identity.id, current: input.current, new: input.new)
        return MessageOutput(message: "Password has been successfully changed").response()
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
