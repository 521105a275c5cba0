import AgentPlannerCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Persistence
import ReferenceServer
import TestSupport
import Testing

/// A reference server on a fresh database for auth tests, with a capturing mailer and a known secret.
struct AuthHarness {
    static let secret = "test-secret-0123456789-0123456789-abcdef"

    let client: any TestClientProtocol
    let mailer: CapturingMailer
    let location: DatabaseLocation

    static func run(
        _ dialect: DatabaseDialect, configure: @Sendable (inout ServerConfiguration) -> Void = { _ in },
        _ body: @Sendable (AuthHarness) async throws -> Void
    ) async throws {
        try await TestDatabases.withLocation(dialect) { location in
            var configuration = ServerConfiguration(database: location, port: 0, jwtSecret: secret)
            configuration.auth.bcryptCost = 4
            configuration.rateLimits.enabled = false
            configure(&configuration)
            let mailer = CapturingMailer()
            let app = try await buildApplication(configuration, logger: TestDatabases.logger, mailer: mailer)
            try await app.test(.router) { client in
                try await body(AuthHarness(client: client, mailer: mailer, location: location))
            }
        }
    }

    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let json: JSONValue
    }

    @discardableResult
    func send(_ method: HTTPRequest.Method, _ path: String, json: JSONValue? = nil, authorization: String? = nil)
        async throws -> Answer
    {
        var headers = HTTPFields()
        if let authorization { headers[.authorization] = authorization }
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.execute(
            uri: path, method: method, headers: headers,
            body: json.map { ByteBuffer(string: $0.jsonText) }
        ) { response in
            let text = String(buffer: response.body)
            return Answer(
                status: response.status, headers: response.headers,
                json: text.isEmpty ? .null : (try? JSONValue(jsonText: text)) ?? .string(text))
        }
    }

    /// Registers and returns (user id, access token, refresh token).
    func register(_ email: String, password: String = "long-enough-1") async throws -> (String, String, String) {
        let answer = try await send(.post, "/auth/register", json: ["email": .string(email), "password": .string(password)])
        #expect(answer.status == .created)
        let id = try #require(answer.json["user"]?["id"]?.stringValue)
        let access = try #require(answer.json["session"]?["access_token"]?.stringValue)
        let refresh = try #require(answer.json["session"]?["refresh_token"]?.stringValue)
        return (id, access, refresh)
    }

    func withStore<T: Sendable>(_ body: @Sendable (any DatabaseStore) async throws -> T) async throws -> T {
        try await DatabaseStores.withStore(location, logger: TestDatabases.logger, body)
    }
}
