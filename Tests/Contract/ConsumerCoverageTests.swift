import AgentPlannerCore
import Contract
import Foundation
import TestSupport
import Testing

/// Every row of CONSUMERS.md §2.2, §3.2 and §4 (`golden/consumers/calls.tsv`) is proved by exactly one
/// consumer contract naming the same method and path (UI, MCP and agents), and the reports count them per consumer.
@Suite("Consumer contracts")
struct ConsumerCoverageTests {
    static func list() throws -> ConsumerCallList {
        let data = try #require(FileManager.default.contents(atPath: GoldenFiles.url(ConsumerCallList.goldenPath).path))
        return try ConsumerCallList(text: String(decoding: data, as: UTF8.self))
    }

    @Test("the call list holds CONSUMERS.md's 68 UI, 38 MCP and 1 agents calls, ids unique")
    func listCounts() throws {
        let list = try Self.list()
        #expect(list.entries(of: .ui).count == 68)
        #expect(list.entries(of: .mcp).count == 38)
        #expect(list.entries(of: .agents).count == 1)
        #expect(Set(list.entries.map(\.id)).count == list.entries.count)
    }

    @Test("every listed call is proved by exactly one contract with the list's route", arguments: Consumer.allCases)
    func covered(consumer: Consumer) throws {
        #expect(try Self.list().problems(ContractSuite.all, of: [consumer]) == [])
    }

    @Test("a forgotten, doubled or misnamed call is found")
    func problemsAreFound() throws {
        let list = try Self.list()
        let mcp = ContractSuite.all.filter { $0.consumer?.consumer == .mcp }
        let withoutFirst = Array(mcp.dropFirst())
        #expect(list.problems(withoutFirst, of: [.mcp]) == ["M1 GET /plans: no contract proves it"])
        let doubled = mcp + [mcp[0]]
        #expect(list.problems(doubled, of: [.mcp]) == ["M1: claimed by mcp.m1, mcp.m1"])
    }

    @Test("the per-consumer line counts calls by decision and outcome")
    func reportSentence() throws {
        let mcp = ContractSuite.all.filter { $0.consumer?.consumer == .mcp }
        let results = mcp.enumerated().map { index, contract in
            ContractResult(
                contract: contract, outcome: index == 0 ? .failed([Failure(step: "x", "y")]) : .passed, duration: .zero,
                recordedGolden: false)
        }
        let report = ConsumerReport(RunReport(target: "t", results: results, obsoleteGoldens: [], duration: .zero), list: try Self.list())
        let row = try #require(report.rows.first)
        #expect(report.rows.count == 1)
        #expect(row.calls == 38)
        #expect(row.passed == 37)
        #expect(row.failed == 1)
        #expect(ConsumerVerdict.reportOrder.map { row.byVerdict[$0] ?? 0 }.reduce(0, +) == 38)
        #expect(row.sentence.hasPrefix("mcp@b363d68: 38 calls, "))
        #expect(row.sentence.hasSuffix("; 37 passed, 1 failed"))
    }

    @Test("the MCP sends ApiKey with its 64-hex token, the agents runner too")
    func clientHeaders() {
        for contract in ContractSuite.all {
            guard let consumer = contract.consumer?.consumer, consumer != .ui else { continue }
            for step in contract.steps where step.request.actor != .anonymous {
                #expect(step.request.headers["Authorization"] == "ApiKey {agent.token}", "\(contract.id) [\(step.name)]")
            }
        }
    }
}

@Suite("Location captures")
struct LocationPartTests {
    @Test("a redirect's query and fragment parameters are read, percent-decoded; absent ones are nil")
    func parts() {
        let oauth = "https://github.example/login/oauth/authorize?client_id=a&state=s%2B1&scope=read"
        #expect(LocationPart.query("state").value(in: oauth) == "s+1")
        #expect(LocationPart.query("code").value(in: oauth) == nil)
        let back = "https://app.example/auth/callback#access_token=eyJ.a.b&refresh_token=r1&token_type=bearer"
        #expect(LocationPart.fragment("refresh_token").value(in: back) == "r1")
        #expect(LocationPart.fragment("access_token").value(in: back) == "eyJ.a.b")
        #expect(LocationPart.query("access_token").value(in: back) == nil)
        #expect(LocationPart.fragment("state").value(in: nil) == nil)
    }
}
