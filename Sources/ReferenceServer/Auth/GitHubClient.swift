import AgentPlannerCore
import Foundation
import OutboundHTTP

/// GitHub's OAuth code exchange and the two REST calls sign-in needs, against configurable base URLs.
struct GitHubClient: Sendable {
    struct Account: Sendable {
        let id: String
        let login: String
        let name: String?
        let avatarURL: String?
        /// The primary, verified email; nil when GitHub has none.
        let email: String?
    }

    /// GitHub refused or failed; `reason` is safe to show (never a token).
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { reason }
    }

    let settings: GitHubSettings
    let http: OutboundHTTPClient

    /// Exchanges the callback's code for an access token (form post, JSON answer).
    func exchange(code: String, redirectURI: String) async throws -> String {
        let form = OutboundRequest.formBody([
            ("client_id", settings.clientID ?? ""), ("client_secret", settings.clientSecret ?? ""), ("code", code),
            ("redirect_uri", redirectURI),
        ])
        let answer = try await send(
            OutboundRequest(
                method: "POST", url: settings.tokenURL,
                headers: [
                    ("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded"),
                    ("User-Agent", "agentplanner"),
                ], body: form))
        // GitHub answers 200 with {"error": ...} for a bad or expired code.
        if let error = answer["error"]?.stringValue {
            throw Failure(reason: "GitHub refused the code: \(error)")
        }
        guard let token = answer["access_token"]?.stringValue else {
            throw Failure(reason: "GitHub's token answer had no access_token")
        }
        return token
    }

    func account(token: String) async throws -> Account {
        let user = try await get("/user", token: token)
        guard case .number(let id)? = user["id"], let login = user["login"]?.stringValue else {
            throw Failure(reason: "GitHub's /user answer had no id or login")
        }
        let emails = try await get("/user/emails", token: token)
        var primary: String?
        if case .array(let items) = emails {
            primary = items.first { $0["primary"] == .bool(true) && $0["verified"] == .bool(true) }?["email"]?.stringValue
        }
        return Account(
            id: String(Int64(id)), login: login, name: user["name"]?.stringValue,
            avatarURL: user["avatar_url"]?.stringValue, email: primary)
    }

    private func get(_ path: String, token: String) async throws -> JSONValue {
        try await send(
            OutboundRequest(
                method: "GET", url: settings.apiURL + path,
                headers: [
                    ("Accept", "application/vnd.github+json"), ("Authorization", "Bearer \(token)"),
                    ("X-GitHub-Api-Version", "2022-11-28"), ("User-Agent", "agentplanner"),
                ]))
    }

    private func send(_ request: OutboundRequest) async throws -> JSONValue {
        let response: OutboundResponse
        switch await http.send(request, timeout: .seconds(10), responseLimit: 1024 * 1024) {
        case .success(let answer): response = answer
        case .failure: throw Failure(reason: "GitHub could not be reached")
        }
        guard (200..<300).contains(response.status) else {
            throw Failure(reason: "GitHub answered \(response.status)")
        }
        guard !response.truncated, let value = try? JSONValue(jsonText: response.bodyText) else {
            throw Failure(reason: "GitHub answered something that is not JSON")
        }
        return value
    }
}
