import AgentPlannerCore
import Foundation
import Hummingbird
import OutboundHTTP
import Persistence

/// `GET /auth/github` and its callback (new in v2, DECISIONS.md §D3): GitHub's OAuth web flow with a signed,
/// expiring state; the account is found by GitHub id, then by email without case, else created.
struct GitHubAuthController {
    let auth: AuthService
    let settings: GitHubSettings
    let frontendURL: String
    let signedTokens: SignedTokens
    let accounts: AccountService
    let http: OutboundHTTPClient
    /// Keeps the token GitHub grants, sealed, for `/github/*` (`GitHubRepoService`).
    let vault: GitHubTokenVault

    @Sendable func start(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard settings.isConfigured, let clientID = settings.clientID else { throw Self.notConfigured }
        let nonce = UUID().uuidString.lowercased()
        let state = signedTokens.make(.oauthState, subject: nonce, binding: nonce, lifetime: 600)
        var components = URLComponents(string: settings.authorizeURL)
        components?.queryItems = [
            URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "redirect_uri", value: redirectURI(request)),
            // `repo`: the /github routes list the user's repositories and create issues (ROUTES.md §4.12).
            URLQueryItem(name: "scope", value: "read:user user:email repo"),
            URLQueryItem(name: "state", value: state),
        ]
        guard let location = components?.url?.absoluteString else { throw APIError.internalError }
        return Response(status: .found, headers: [.location: location])
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard settings.isConfigured else { throw Self.notConfigured }
        let query = request.uri.queryParameters
        let wantsJSON = request.headers[.accept]?.contains("application/json") == true
        func fail(_ status: HTTPResponse.Status, _ reason: String, _ message: String) -> Response {
            if wantsJSON {
                return JSONResponse.make(APIError(status, message, extra: ["code": .string(reason.uppercased())]).body, status: status)
            }
            return Response(status: .found, headers: [.location: "\(frontendURL)/login?error=\(reason)"])
        }
        if query["error"] != nil {
            return fail(.unauthorized, "github_denied", "GitHub sign-in was cancelled")
        }
        guard let code = query["code"].map(String.init), let state = query["state"].map(String.init) else {
            return fail(.badRequest, "missing_params", "code and state are required")
        }
        let validState = await signedTokens.open(state, .oauthState) { nonce in nonce }
        guard validState != nil else {
            return fail(.badRequest, "invalid_state", "The sign-in link is invalid or has expired")
        }
        let github = GitHubClient(settings: settings, http: http)
        let account: GitHubClient.Account
        let token: String
        do {
            token = try await github.exchange(code: code, redirectURI: redirectURI(request))
            account = try await github.account(token: token)
        } catch let failure as GitHubClient.Failure {
            context.logger.notice("GitHub sign-in failed", metadata: ["reason": "\(failure.reason)"])
            return fail(.badGateway, "github_failed", "GitHub sign-in failed: \(failure.reason)")
        }
        guard let email = account.email else {
            return fail(.badRequest, "github_no_email", "Your GitHub account has no verified primary email")
        }
        let user = try await accounts.signIn(account, email: email)
        try await vault.keep(token, for: user.id)
        let grant = try await auth.startSession(
            for: user, client: .init(userAgent: request.headers[.userAgent], ip: ClientAddress.of(request, context)))
        if wantsJSON {
            return AuthOutput.SignedIn(user: grant.user, grant: grant, listsInvites: false).response()
        }
        // The tokens travel in the fragment, as Supabase's implicit flow did: never in a server log.
        let fragment =
            "access_token=\(grant.accessToken)&refresh_token=\(grant.refreshToken)"
            + "&expires_at=\(Int(grant.expiresAt.timeIntervalSince1970))&token_type=bearer"
        return Response(status: .found, headers: [.location: "\(frontendURL)/auth/callback#\(fragment)"])
    }

    private func redirectURI(_ request: Request) -> String {
        if let configured = settings.callbackURL { return configured }
        let host = request.head.authority ?? "127.0.0.1:3000"
        return "http://\(host)/auth/github/callback"
    }

    static let notConfigured = APIError(
        .serviceUnavailable, "GitHub sign-in is not configured", extra: ["code": "GITHUB_NOT_CONFIGURED"])
}
