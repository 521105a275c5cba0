import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Persistence
import ProtocolFakes
import ReferenceServer
import Synchronization
import TestSupport
import Testing

/// Captures the lines a `JSONLogHandler` writes.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// A logger writing JSON lines here.
    func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "agentplanner") { label in JSONLogHandler(label: label, sink: self.append) }
        logger.logLevel = level
        return logger
    }

    /// The parsed `request` lines.
    var requestLines: [JSONValue] {
        all.compactMap { try? JSONValue(jsonText: $0) }.filter { $0["message"] == "request" }
    }
}

@Suite("Structured logs and request ids")
struct StructuredLogTests {
    @Test("LOG_FORMAT and METRICS_TOKEN are read once and bad values are named")
    func configuration() throws {
        let defaults = try ConfigurationLoader(environment: [:]).load()
        #expect(defaults.observability.logFormat == .text)
        #expect(defaults.observability.metricsToken == nil)
        let set = try ConfigurationLoader(environment: ["LOG_FORMAT": "JSON", "METRICS_TOKEN": "scrape-token-0123456789"])
            .load()
        #expect(set.observability.logFormat == .json)
        #expect(set.observability.metricsToken == "scrape-token-0123456789")
        let flag = try ConfigurationLoader(environment: ["LOG_FORMAT": "json"]).load(.init(logFormat: "text"))
        #expect(flag.observability.logFormat == .text)
        #expect {
            _ = try ConfigurationLoader(environment: ["LOG_FORMAT": "xml", "METRICS_TOKEN": "short"]).load()
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return Set(error.problems.map(\.setting)) == ["LOG_FORMAT", "METRICS_TOKEN"]
        }
    }

    @Test("a JSON line keeps numbers and booleans typed and never lets metadata replace the fixed fields")
    func lineShape() throws {
        let date = try #require(TimestampFormat.parse("2026-12-03T10:00:00.250Z"))
        let text = JSONLogHandler.line(
            level: .warning, label: "agentplanner", message: "slow",
            metadata: [
                "status": .stringConvertible(503), "ms": .stringConvertible(1.5), "cached": .stringConvertible(true),
                "who": "ada", "tags": ["a", "b"], "message": "spoofed",
            ], at: date)
        let line = try JSONValue(jsonText: text)
        #expect(!text.contains("\n"))
        #expect(line["timestamp"] == "2026-12-03T10:00:00.250Z")
        #expect(line["level"] == "warning")
        #expect(line["label"] == "agentplanner")
        #expect(line["message"] == "slow")
        #expect(line["metadata.message"] == "spoofed")
        #expect(line["status"] == JSONValue.number(503))
        #expect(line["ms"] == JSONValue.number(1.5))
        #expect(line["cached"] == JSONValue.bool(true))
        #expect(line["who"] == "ada")
        #expect(line["tags"] == ["a", "b"])
    }

    @Test("a request's JSON line carries its request id, route template, status and duration; the id comes back")
    func requestLine() async throws {
        let lines = CapturedLines()
        try await TestDatabases.withLocation(.sqlite) { location in
            let configuration = ServerConfiguration(database: location, port: 0, jwtSecret: AuthHarness.secret)
            let app = try await buildApplication(configuration, logger: lines.logger())
            try await app.test(.router) { client in
                // act: a sane id is honoured, on a matched route and on an unknown path
                let sent: HTTPFields = [HTTPField.Name("X-Request-Id")!: "client-id.42:a_b"]
                try await client.execute(uri: "/health", method: .get, headers: sent) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "client-id.42:a_b")
                }
                try await client.execute(uri: "/plans/not-a-route/x/y", method: .get, headers: sent) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[HTTPField.Name("X-Request-Id")!] == "client-id.42:a_b")
                }
            }
        }
        // assert
        let health = try #require(lines.requestLines.first { $0["path"] == "/health" })
        #expect(health["request_id"] == "client-id.42:a_b")
        #expect(health["route"] == "/health")
        #expect(health["method"] == "GET")
        #expect(health["status"] == JSONValue.number(200))
        guard case .number(let duration)? = health["duration_ms"] else {
            Issue.record("duration_ms is not a number: \(String(describing: health["duration_ms"]))")
            return
        }
        #expect(duration >= 0 && duration < 60_000)
        #expect(health["level"] == "info")
        #expect(TimestampFormat.parse(health["timestamp"]?.stringValue ?? "") != nil)
        let missing = try #require(lines.requestLines.first { $0["path"] == "/plans/not-a-route/x/y" })
        #expect(missing["status"] == JSONValue.number(404))
        #expect(missing["route"] == "NotFound")
    }

    @Test("an id that is missing, too long or not plain text is replaced by a fresh UUID, different each time")
    func generatedIDs() async throws {
        try await AuthHarness.run(.sqlite) { h in
            var seen: Set<String> = []
            for bad in [nil, "has spaces in it", String(repeating: "x", count: 129), "semi;colon", ""] {
                var headers = HTTPFields()
                if let bad { headers[HTTPField.Name("X-Request-Id")!] = bad }
                let id = try await h.client.execute(uri: "/health", method: .get, headers: headers) { response in
                    response.headers[HTTPField.Name("X-Request-Id")!]
                }
                let answered = try #require(id)
                #expect(UUID(uuidString: answered) != nil, "\(answered) for \(bad ?? "no header")")
                #expect(answered != bad)
                seen.insert(answered)
            }
            #expect(seen.count == 5)
        }
    }
}
