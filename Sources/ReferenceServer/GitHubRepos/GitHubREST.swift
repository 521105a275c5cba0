import AgentPlannerCore
import Foundation
import OutboundHTTP

/// GitHub's REST calls on behalf of a signed-in user, against the configured API base URL (tests use a local
/// server speaking GitHub's protocol), through the process's one outbound client. Answers keep GitHub's status
/// so the service can tell 404 from 403.
struct GitHubREST: Sendable {
    struct Answer: Sendable {
        let status: Int
        let body: JSONValue
    }

    let apiURL: String
    let http: OutboundHTTPClient

    func call(_ method: String, _ path: String, token: String, body: JSONValue? = nil) async throws -> Answer {
        var headers = [
            ("Accept", "application/vnd.github+json"), ("Authorization", "Bearer \(token)"),
            ("X-GitHub-Api-Version", "2022-11-28"), ("User-Agent", "agentplanner"),
        ]
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = OutboundRequest(
            method: method, url: apiURL + path, headers: headers, body: body.map { Data($0.jsonText.utf8) })
        switch await http.send(request, timeout: .seconds(15), responseLimit: 8 * 1024 * 1024) {
        case .success(let response):
            return Answer(status: response.status, body: (try? JSONValue(jsonText: response.bodyText)) ?? .null)
        case .failure:
            throw GitHubUnavailable()
        }
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
