import AgentPlannerCore
import Foundation

/// GitHub's OAuth code exchange and the two REST calls sign-in makes (`GET /user`, `GET /user/emails`), for
/// the contract harness: the consumer contract of the UI's GitHub sign-in (CONSUMERS.md §7) runs v2's flow
/// against it. A code names the account (`<login>`: id from its bytes, email `<login>@github.example`);
/// `bad` is refused as GitHub refuses an expired code. Only this run's client id and secret are accepted.
public struct GitHubOAuthFake: Sendable {
    public let clientID: String
    public let clientSecret: String

    public init(clientID: String, clientSecret: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
    }

    public func handle(_ request: FakeRequest) -> FakeAction {
        switch (request.method, request.path) {
        case ("POST", "/login/oauth/access_token"):
            let form = Self.form(String(decoding: request.body, as: UTF8.self))
            guard form["client_id"] == clientID, form["client_secret"] == clientSecret, let code = form["code"], code != "bad"
            else {
                return Self.json(200, ["error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."])
            }
            return Self.json(200, ["access_token": .string("gho_" + code), "token_type": "bearer", "scope": "read:user,user:email,repo"])
        case ("GET", "/user"):
            guard let login = Self.login(request) else { return Self.json(401, ["message": "Bad credentials"]) }
            return Self.json(
                200,
                [
                    "id": .number(Double(Self.id(login))), "login": .string(login), "name": .string("GitHub \(login)"),
                    "avatar_url": .string("https://avatars.github.example/\(login)"),
                ])
        case ("GET", "/user/emails"):
            guard let login = Self.login(request) else { return Self.json(401, ["message": "Bad credentials"]) }
            return Self.json(200, [["email": .string("\(login)@github.example"), "primary": true, "verified": true]])
        default:
            return Self.json(404, ["message": "Not Found"])
        }
    }

    static func login(_ request: FakeRequest) -> String? {
        let header = request.header("Authorization") ?? ""
        for scheme in ["Bearer gho_", "token gho_"] where header.hasPrefix(scheme) { return String(header.dropFirst(scheme.count)) }
        return nil
    }

    /// A stable positive id per login.
    static func id(_ login: String) -> Int {
        login.utf8.reduce(7) { ($0 &* 31 &+ Int($1)) % 1_000_000_007 } + 1
    }

    static func form(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        return fields
    }

    static func json(_ status: Int, _ value: JSONValue) -> FakeAction { .json(status, value.jsonText) }
}
