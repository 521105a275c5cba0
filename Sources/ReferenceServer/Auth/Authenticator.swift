import AgentPlannerCore
import Credentials
import Crypto
import Foundation
import Hummingbird
import Logging
import Persistence

/// Who made a request, as v1's `req.user` described it.
public struct AuthenticatedUser: Sendable {
    public enum Method: String, Sendable {
        case jwt = "supabase_jwt"
        case apiKey = "api_key"
    }

    public let id: UUID
    public let email: String
    public let name: String?
    public let method: Method
    /// The API token used, for `api_key` callers.
    public let tokenID: UUID?
    /// Stored and returned, never enforced (v1 never enforced them; agents write with `["read"]` tokens).
    public let permissions: [String]
    /// The login session of a JWT caller.
    public let sessionFamily: UUID?
}

/// v1's `authenticate` decision tree (ROUTES.md §2) on v2's own tokens: API tokens first for 64-hex Bearer
/// values, then access tokens; the same 401 messages.
public struct Authenticator: Sendable {
    let store: any DatabaseStore
    let accessTokens: AccessTokenService
    let logger: Logger

    public func authenticate(_ header: String?) async throws(APIError) -> AuthenticatedUser {
        guard let header else { throw APIError(.unauthorized, "Authentication required") }
        let parts = header.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw APIError(.unauthorized, "Invalid authentication format") }
        let scheme = parts[0]
        let token = String(parts[1])
        do {
            switch scheme {
            case "Bearer":
                if APITokenFormat.isRawToken(token), let user = try await apiTokenUser(token, strict: false) {
                    return user
                }
                guard let user = try await jwtUser(token) else { throw APIError(.unauthorized, "Invalid session token") }
                return user
            case "ApiKey":
                guard let user = try await apiTokenUser(token, strict: true) else {
                    throw APIError(.unauthorized, "Invalid API token")
                }
                return user
            default:
                throw APIError(
                    .unauthorized, #"Invalid authentication format. Use "Bearer <token>" or "ApiKey <token>"."#)
            }
        } catch let error as APIError {
            throw error
        } catch {
            logger.error("authentication failed", metadata: ["error": "\(DatabaseErrorDescription.describe(error))"])
            throw APIError(.unauthorized, "Authentication failed")
        }
    }

    /// `strict` gives the ApiKey scheme's specific messages; a Bearer attempt falls through to JWT instead.
    private func apiTokenUser(_ raw: String, strict: Bool) async throws -> AuthenticatedUser? {
        let hash = APITokenFormat.hash(raw)
        let found = try await store.withSession { session -> (APIToken, User?)? in
            guard let token = try await session.apiTokens.find(tokenHash: hash) else { return nil }
            return (token, try await session.users.find(id: token.userID))
        }
        guard let (token, user) = found else { return nil }
        if token.revoked {
            if strict { throw APIError(.unauthorized, "API token has been revoked") }
            return nil
        }
        guard let user else {
            if strict { throw APIError(.unauthorized, "User not found for API token") }
            return nil
        }
        // Fire and forget, as v1: the answer never waits for the bookkeeping.
        let store = self.store
        let logger = self.logger
        Task {
            do {
                try await store.withSession { try await $0.apiTokens.touch(id: token.id, at: Date()) }
            } catch {
                logger.warning("could not record API token use", metadata: ["token": "\(token.id)"])
            }
        }
        return AuthenticatedUser(
            id: user.id, email: user.email, name: user.name, method: .apiKey, tokenID: token.id,
            permissions: token.permissions, sessionFamily: nil)
    }

    func jwtUser(_ token: String) async throws -> AuthenticatedUser? {
        guard !token.isEmpty, let verified = await accessTokens.verify(token) else { return nil }
        return try await store.withSession { session -> AuthenticatedUser? in
            // A deleted user, or a logged-out or revoked session, no longer authenticates.
            guard let user = try await session.users.find(id: verified.userID) else { return nil }
            if let family = verified.sessionFamily {
                guard try await session.sessions.familyIsLive(family, at: Date()) else { return nil }
            }
            return AuthenticatedUser(
                id: user.id, email: user.email, name: user.name, method: .jwt, tokenID: nil, permissions: [],
                sessionFamily: verified.sessionFamily)
        }
    }
}

/// Requires authentication for the routes of its group and puts the caller into the context.
struct AuthenticationMiddleware: RouterMiddleware {
    let authenticator: Authenticator

    func handle(
        _ request: Request, context: AppRequestContext,
        next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.identity = try await authenticator.authenticate(request.headers[.authorization])
        return try await next(request, context)
    }
}
