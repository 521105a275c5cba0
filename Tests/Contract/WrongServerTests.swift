import AgentPlannerCore
import Contract
import Foundation
import Persistence
import TestSupport
import Testing

/// A harness that never fails proves nothing: answers corrupted on the way from the real reference server
/// must make exactly the right contracts fail, with the right JSON path in the diff.
@Suite("Harness against a wrong server")
struct WrongServerTests {
    /// Passes every answer through `corrupt` when the request path matches.
    struct CorruptingTransport: HTTPTransport {
        let base: any HTTPTransport
        let path: String
        let corrupt: @Sendable (ReceivedResponse) -> ReceivedResponse

        func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
            let response = try await base.send(request)
            return URL(string: request.url)?.path == path ? corrupt(response) : response
        }
    }

    static func editJSON(_ response: ReceivedResponse, _ edit: (inout [String: JSONValue]) -> Void) -> ReceivedResponse {
        var copy = response
        guard case .object(var object)? = try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self))
        else { return response }
        edit(&object)
        copy.body = Data(JSONValue.object(object).jsonText.utf8)
        return copy
    }

    static func run(path: String, _ corrupt: @escaping @Sendable (ReceivedResponse) -> ReceivedResponse) async throws
        -> RunReport
    {
        try await ContractHarness.runSuite(
            on: .sqlite, goldens: GoldenStore(root: GoldenFiles.url(""), mode: .ci),
            wrapTransport: { CorruptingTransport(base: $0, path: path, corrupt: corrupt) })
    }

    @Test("a renamed field fails the contract, naming the JSON path")
    func renamedField() async throws {
        let report = try await Self.run(path: "/health") { response in
            Self.editJSON(response) { body in
                body["serviceName"] = body.removeValue(forKey: "service")
            }
        }
        let failed = report.results.filter { !$0.passed }.map(\.contract.id)
        let others = report.results.filter { !$0.passed && $0.contract.id != "system.health" }
            .map { "\($0.contract.id): \($0.failures.map(\.description))" }
        #expect(failed == ["system.health"], "\(others)")
        let messages = report.results.first { $0.contract.id == "system.health" }?.failures.map(\.description) ?? []
        #expect(messages.contains { $0.contains("$.service: expected \"agent-planner-api\", got (missing)") })
        #expect(messages.contains { $0.contains("$.serviceName: expected (no such key)") })
        #expect(messages.contains { $0.contains("[golden]") && $0.contains("$.steps[0].body.service") })
    }

    @Test("a changed status fails with expected and actual status")
    func changedStatus() async throws {
        let report = try await Self.run(path: "/") { response in
            var copy = response
            copy.status = 201
            return copy
        }
        let root = try #require(report.results.first { $0.contract.id == "system.root" })
        #expect(root.failures.contains { $0.message == "status: expected 200, got 201" })
        #expect(report.results.filter { !$0.passed }.count == 1)
    }

    @Test("a timestamp that is not toISOString's form is caught, not masked by the golden")
    func wrongTimestampShape() async throws {
        let report = try await Self.run(path: "/health") { response in
            Self.editJSON(response) { body in body["timestamp"] = "2026-02-14T12:34:56+00:00" }
        }
        let health = try #require(report.results.first { $0.contract.id == "system.health" })
        #expect(health.failures.contains { $0.message.contains("$.timestamp: expected an ISO-8601 UTC timestamp") })
    }
}
