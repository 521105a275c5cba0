import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Persistence
import ReferenceServer
import ServerHarness
import ServiceLifecycle
import TestSupport
import Testing

/// A local server speaking GitHub's OAuth and REST protocol: the code exchange form post and its JSON answer,
/// `GET /user`, `GET /user/emails`. Codes name the account; `bad` is refused, `api500` breaks the API.
enum FakeGitHub {
    struct Account: Sendable {
        let id: Int
        let login: String
        let email: String
    }

    static let accounts: [String: Account] = [
        "new": Account(id: 1001, login: "newcomer", email: "newcomer@example.com"),
        "octo": Account(id: 1002, login: "octocat", email: "OCTO@Example.com"),
        "octo-moved": Account(id: 1002, login: "octocat", email: "octo-new-address@example.com"),
        "api500": Account(id: 1003, login: "broken", email: "broken@example.com"),
    ]

    static func withServer<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/login/oauth/access_token") { request, context -> Response in
            let form = String(buffer: try await request.body.collect(upTo: 10_000))
            var fields: [String: String] = [:]
            for pair in form.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            guard fields["client_id"] == "test-client", fields["client_secret"] == "test-secret",
                let code = fields["code"], accounts[code] != nil
            else {
                return json(["error": "bad_verification_code", "error_description": "The code passed is incorrect or expired."])
            }
            return json(["access_token": .string("gho_\(code)"), "token_type": "bearer", "scope": "read:user,user:email"])
        }
        router.get("/user") { request, _ -> Response in
            guard let account = account(request) else { return json(["message": "Bad credentials"], status: .unauthorized) }
            if account.login == "broken" { return json(["message": "Server Error"], status: .internalServerError) }
            return json([
                "id": .number(Double(account.id)), "login": .string(account.login), "name": .string(account.login.capitalized),
                "avatar_url": .string("https://avatars.example/\(account.id)"),
            ])
        }
        router.get("/user/emails") { request, _ -> Response in
            guard let account = account(request) else { return json(["message": "Bad credentials"], status: .unauthorized) }
            return json([
                ["email": "secondary@example.com", "primary": false, "verified": true],
                ["email": .string(account.email), "primary": true, "verified": true],
            ])
        }
        addRepositoryRoutes(to: router)
        return try await InProcessServer.withRunning(logger: TestDatabases.logger, body) { onRunning in
            Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                onServerRunning: { await onRunning($0.localAddress?.port ?? 0) }, logger: TestDatabases.logger)
        }
    }

    static func account(_ request: Request) -> Account? {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer gho_") else { return nil }
        return accounts[String(header.dropFirst("Bearer gho_".count))]
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: value.jsonText)))
    }
}

@Suite("GitHub sign-in")
struct GitHubAuthTests {
    static func run(_ body: @Sendable @escaping (AuthHarness) async throws -> Void) async throws {
        try await FakeGitHub.withServer { github in
            try await AuthHarness.run(
                .sqlite,
                configure: { configuration in
                    configuration.github.clientID = "test-client"
                    configuration.github.clientSecret = "test-secret"
                    configuration.github.authorizeURL = github + "/login/oauth/authorize"
                    configuration.github.tokenURL = github + "/login/oauth/access_token"
                    configuration.github.apiURL = github
                    configuration.github.callbackURL = "http://127.0.0.1:3000/auth/github/callback"
                    configuration.auth.frontendURL = "https://app.example"
                }, body)
        }
    }

    /// Starts the flow and returns the state GitHub would hand back.
    static func state(_ harness: AuthHarness) async throws -> String {
        let start = try await harness.send(.get, "/auth/github")
        #expect(start.status == .found)
        let location = try #require(start.headers[.location])
        let components = try #require(URLComponents(string: location))
        #expect(components.path == "/login/oauth/authorize")
        #expect(components.queryItems?.first { $0.name == "client_id" }?.value == "test-client")
        return try #require(components.queryItems?.first { $0.name == "state" }?.value)
    }

    static func callback(_ harness: AuthHarness, _ query: String, json: Bool = true) async throws -> AuthHarness.Answer {
        var headers = HTTPFields()
        if json { headers[.accept] = "application/json" }
        return try await harness.client.execute(uri: "/auth/github/callback?\(query)", method: .get, headers: headers) { response in
            AuthHarness.Answer(
                status: response.status, headers: response.headers,
                json: (try? JSONValue(jsonText: String(buffer: response.body))) ?? .null)
        }
    }

    @Test("a new GitHub user is created without a password and gets a session")
    func newUser() async throws {
        try await Self.run { harness in
            let state = try await Self.state(harness)
            let answer = try await Self.callback(harness, "code=new&state=\(state)")
            #expect(answer.status == .ok)
            #expect(answer.json["user"]?["email"] == "newcomer@example.com")
            let access = try #require(answer.json["session"]?["access_token"]?.stringValue)
            #expect(try await harness.send(.get, "/auth/profile", authorization: "Bearer \(access)").status == .ok)
            let stored = try await harness.withStore { store in
                try await store.withSession { try await $0.users.find(githubID: "1001") }
            }
            #expect(stored?.passwordHash == nil && stored?.githubUsername == "newcomer")
            #expect(stored?.githubProfileURL == "https://github.com/newcomer")
        }
    }

    @Test("an existing user is linked by email without case, then found again by GitHub id")
    func linkAndReturn() async throws {
        try await Self.run { harness in
            let (id, _, _) = try await harness.register("octo@example.com")
            let first = try await Self.callback(harness, "code=octo&state=\(try await Self.state(harness))")
            let second = try await Self.callback(harness, "code=octo-moved&state=\(try await Self.state(harness))")
            #expect(first.json["user"]?["id"] == .string(id))
            #expect(second.json["user"]?["id"] == .string(id), "found by GitHub id although the email changed")
            let password = try await harness.send(.post, "/auth/login", json: ["email": "octo@example.com", "password": "long-enough-1"])
            #expect(password.status == .ok, "the password still works after linking")
        }
    }

    @Test("denied consent redirects to the frontend with the reason")
    func deniedConsent() async throws {
        try await Self.run { harness in
            let state = try await Self.state(harness)
            let answer = try await Self.callback(harness, "error=access_denied&state=\(state)", json: false)
            #expect(answer.status == .found)
            #expect(answer.headers[.location] == "https://app.example/login?error=github_denied")
        }
    }

    @Test("a forged or expired state is refused")
    func badState() async throws {
        try await Self.run { harness in
            let expired = SignedTokens(secret: AuthHarness.secret)
                .make(.oauthState, subject: "n", binding: "n", lifetime: 600, now: Date().addingTimeInterval(-3600))
            let forged = try await Self.callback(harness, "code=new&state=forged")
            let old = try await Self.callback(harness, "code=new&state=\(expired)")
            #expect(forged.status == .badRequest && forged.json["code"] == "INVALID_STATE")
            #expect(old.status == .badRequest && old.json["code"] == "INVALID_STATE")
        }
    }

    @Test("GitHub's errors become a 502 with a clear reason, and nothing is created")
    func githubErrors() async throws {
        try await Self.run { harness in
            let badCode = try await Self.callback(harness, "code=bad&state=\(try await Self.state(harness))")
            let broken = try await Self.callback(harness, "code=api500&state=\(try await Self.state(harness))")
            #expect(badCode.status == .badGateway)
            #expect(badCode.json["error"]?.stringValue?.contains("bad_verification_code") == true)
            #expect(broken.status == .badGateway)
            #expect(broken.json["error"]?.stringValue?.contains("500") == true)
            let created = try await harness.withStore { store in
                try await store.withSession { try await $0.users.find(githubID: "1003") }
            }
            #expect(created == nil)
        }
    }

    @Test("without GitHub configuration the routes say so")
    func notConfigured() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            let answer = try await harness.send(.get, "/auth/github")
            #expect(answer.status == .serviceUnavailable)
            #expect(answer.json["code"] == "GITHUB_NOT_CONFIGURED")
        }
    }
}
