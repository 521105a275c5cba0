import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

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
    let http: HTTPClient

    /// Exchanges the callback's code for an access token (form post, JSON answer).
    func exchange(code: String, redirectURI: String) async throws -> String {
        var request = HTTPClientRequest(url: settings.tokenURL)
        request.method = .POST
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "User-Agent", value: "agentplanner")
        let form = [
            ("client_id", settings.clientID ?? ""), ("client_secret", settings.clientSecret ?? ""), ("code", code),
            ("redirect_uri", redirectURI),
        ].map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let answer = try await send(request)
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
        var request = HTTPClientRequest(url: settings.apiURL + path)
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
        request.headers.add(name: "User-Agent", value: "agentplanner")
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest) async throws -> JSONValue {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(10))
        } catch {
            throw Failure(reason: "GitHub could not be reached")
        }
        let body = try await response.body.collect(upTo: 1024 * 1024)
        guard (200..<300).contains(response.status.code) else {
            throw Failure(reason: "GitHub answered \(response.status.code)")
        }
        guard let value = try? JSONValue(jsonText: String(buffer: body)) else {
            throw Failure(reason: "GitHub answered something that is not JSON")
        }
        return value
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
