import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// GitHub's REST calls on behalf of a signed-in user, against the configured API base URL (tests use a local
/// server speaking GitHub's protocol). Answers keep GitHub's status so the service can tell 404 from 403.
struct GitHubREST: Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: JSONValue
    }

    let apiURL: String
    let http: HTTPClient

    func call(_ method: HTTPMethod, _ path: String, token: String, body: JSONValue? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: apiURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "X-GitHub-Api-Version", value: "2022-11-28")
        request.headers.add(name: "User-Agent", value: "agentplanner")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(15))
        } catch {
            throw GitHubUnavailable()
        }
        let bytes = try await response.body.collect(upTo: 8 * 1024 * 1024)
        return Answer(status: Int(response.status.code), body: (try? JSONValue(jsonText: String(buffer: bytes))) ?? .null)
    }

    /// GitHub could not be reached.
    struct GitHubUnavailable: Error {}

    /// `q` for GitHub's search API, percent-encoded for a query value.
    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
