import AgentPlannerCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import ReferenceServer
import TestSupport
import Testing

@Suite("System endpoints")
struct SystemEndpointTests {
    static func withApp(
        _ dialect: DatabaseDialect, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        try await TestDatabases.withLocation(dialect) { location in
            let app = try await buildApplication(Self.configuration(location), logger: TestDatabases.logger)
            try await app.test(.router) { client in try await body(client) }
        }
    }

    static func configuration(_ location: DatabaseLocation) -> ServerConfiguration {
        ServerConfiguration(database: location, port: 0, jwtSecret: String(repeating: "s", count: 32))
    }

    static func json(_ response: TestResponse) throws -> [String: Any] {
        let data = Data(buffer: response.body)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("GET / answers v1's welcome", arguments: DatabaseDialect.allCases)
    func welcome(dialect: DatabaseDialect) async throws {
        try await Self.withApp(dialect) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response)
                #expect(body["message"] as? String == "Welcome to the Planning System API")
                #expect(body["documentation"] as? String == "/api-docs")
            }
        }
    }

    @Test("GET /health answers healthy with a JavaScript ISO timestamp", arguments: DatabaseDialect.allCases)
    func health(dialect: DatabaseDialect) async throws {
        try await Self.withApp(dialect) { client in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try Self.json(response)
                #expect(body["status"] as? String == "healthy")
                #expect(body["service"] as? String == "agent-planner-api")
                let timestamp = try #require(body["timestamp"] as? String)
                #expect(timestamp.count == 24 && timestamp.hasSuffix("Z"))
                #expect(TimestampFormat.parse(timestamp) != nil)
            }
        }
    }

    @Test("an unknown path gets a JSON 404, not v1's HTML page")
    func unknownPath() async throws {
        try await Self.withApp(.sqlite) { client in
            try await client.execute(uri: "/no/such/thing", method: .post) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let body = try Self.json(response)
                #expect(body["error"] as? String == "Cannot POST /no/such/thing")
            }
        }
    }

    @Test("starting migrates the database first", arguments: DatabaseDialect.allCases)
    func migratesOnStart(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withLocation(dialect) { location in
            // act
            let app = try await buildApplication(Self.configuration(location), logger: TestDatabases.logger)
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
            }
            // assert
            let status = try await DatabaseStores.withStore(location, logger: TestDatabases.logger) { store in
                try await Migrator(store: store).status()
            }
            #expect(status.pending.isEmpty)
            #expect(status.entries.allSatisfy { $0.appliedAt != nil })
        }
    }
}
