import AgentPlannerCore
import Contract
import Foundation
import Testing

/// The record / compare / CI paths of the harness, against a scripted server with lists and ids.
@Suite("Harness modes and goldens")
struct HarnessModeTests {
    /// Answers `GET /things` with a fixed body; everything else 404.
    struct ScriptedTransport: HTTPTransport {
        let things: JSONValue

        func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
            let path = URL(string: request.url)?.path ?? ""
            if path == "/things" {
                return ReceivedResponse(
                    status: 200, headers: ["content-type": "application/json"], body: Data(things.jsonText.utf8))
            }
            return ReceivedResponse(status: 404, headers: [:], body: Data(#"{"error":"nope"}"#.utf8))
        }
    }

    static let first = "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"
    static let second = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
    static let owner = "9e8d7c6b-5a49-4838-a726-150493827161"

    static func things(_ items: [(String, String)]) -> JSONValue {
        .object([
            "owner_id": .string(owner),
            "things": .array(items.map { .object(["id": .string($0.0), "name": .string($0.1), "owner_id": .string(owner)]) }),
        ])
    }

    static let correct = things([(first, "alpha"), (second, "beta")])

    static let contract = Contract(
        id: "fixture.things", area: "fixture", summary: "a list of things",
        source: V1Source(route: "GET /things", file: "test"), classification: .compatible, mutates: false,
        steps: [
            Step("list", .get("/things"))
                .expect(status: 200)
                .expect(body: .keys(["owner_id": .uuid, "things": .array(.keys(["id": .uuid, "name": .string, "owner_id": .uuid]))]))
                .golden(unordered: ["$.things"])
        ])

    static func withGoldenFolder<T>(_ body: (URL) async throws -> T) async rethrows -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("goldens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    static func run(_ body: JSONValue, folder: URL, mode: GoldenMode, suite: [Contract] = [contract]) async
        -> RunReport
    {
        let runner = ContractRunner(
            options: .init(baseURL: "http://scripted", goldens: GoldenStore(root: folder, mode: mode)),
            transport: ScriptedTransport(things: body))
        return await runner.run([contract], suite: suite)
    }

    @Test("record writes the golden; compare then passes, also with the list in another order")
    func recordThenCompare() async throws {
        try await Self.withGoldenFolder { folder in
            // act
            let recorded = await Self.run(Self.correct, folder: folder, mode: .record)
            let again = await Self.run(Self.correct, folder: folder, mode: .compare)
            let reordered = await Self.run(Self.things([(Self.second, "beta"), (Self.first, "alpha")]), folder: folder, mode: .ci)
            // assert
            #expect(recorded.results.first?.recordedGolden == true)
            let golden = try String(contentsOf: folder.appendingPathComponent("contracts/fixture/fixture.things.json"), encoding: .utf8)
            #expect(golden.contains("<uuid:1>") && golden.contains("<uuid:2>") && golden.contains("<uuid:3>"))
            #expect(!golden.contains(Self.first))
            #expect(again.allPassed)
            #expect(reordered.allPassed, "order of an unordered array must not matter")
        }
    }

    @Test("a dropped item fails with the missing element's path")
    func droppedItem() async {
        await Self.withGoldenFolder { folder in
            _ = await Self.run(Self.correct, folder: folder, mode: .record)
            let report = await Self.run(Self.things([(Self.first, "alpha")]), folder: folder, mode: .ci)
            let messages = report.results.first?.failures.map(\.description) ?? []
            #expect(messages.contains { $0.contains("$.steps[0].body.things[1]") && $0.contains("got (absent)") })
        }
    }

    @Test("swapped ids fail: the golden proves which object an answer refers to")
    func swappedIDs() async {
        await Self.withGoldenFolder { folder in
            _ = await Self.run(Self.correct, folder: folder, mode: .record)
            // The owner now appears where the first thing's id was, and the other way round.
            let swapped = Self.things([(Self.owner, "alpha"), (Self.second, "beta")])
            let report = await Self.run(swapped, folder: folder, mode: .ci)
            #expect(!report.allPassed)
            let messages = report.results.first?.failures.map(\.description) ?? []
            #expect(messages.contains { $0.contains(".id: expected \"<uuid") })
        }
    }

    @Test("CI mode never writes: a missing golden fails and stays missing")
    func ciNeverWrites() async {
        await Self.withGoldenFolder { folder in
            let report = await Self.run(Self.correct, folder: folder, mode: .ci)
            #expect(report.results.first?.failures.first?.message.contains("missing golden/contracts/fixture/fixture.things.json") == true)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("contracts").path))
        }
    }

    @Test("a failing contract is never recorded")
    func failingNotRecorded() async {
        await Self.withGoldenFolder { folder in
            let report = await Self.run(.object(["things": "not a list"]), folder: folder, mode: .record)
            #expect(!report.allPassed)
            #expect(report.results.first?.recordedGolden == false)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("contracts").path))
        }
    }

    @Test("goldens no contract uses are reported as obsolete in CI mode")
    func obsoleteGoldens() async throws {
        try await Self.withGoldenFolder { folder in
            _ = await Self.run(Self.correct, folder: folder, mode: .record)
            let stray = folder.appendingPathComponent("contracts/fixture/fixture.gone.json")
            try Data("{}".utf8).write(to: stray)
            let report = await Self.run(Self.correct, folder: folder, mode: .ci)
            #expect(report.obsoleteGoldens == ["contracts/fixture/fixture.gone.json"])
            #expect(SummaryTable.render(report).contains("golden/contracts/fixture/fixture.gone.json"))
        }
    }

    @Test("GoldenMode: CI wins over --record")
    func modeResolution() {
        #expect(GoldenMode.resolve(recordRequested: true, environment: ["CI": "true"]) == .ci)
        #expect(GoldenMode.resolve(recordRequested: true, environment: [:]) == .record)
        #expect(GoldenMode.resolve(recordRequested: false, environment: [:]) == .compare)
    }

    @Test("the suite validator catches a step that states no status and a golden without keys")
    func validatorCatchesLoneGolden() {
        let bad = Contract(
            id: "other.x", area: "fixture", summary: "", source: V1Source(route: "", file: ""),
            classification: .compatible, mutates: false, steps: [Step("s", .get("/")).golden()])
        let problems = ContractSuite.validate([bad, bad])
        #expect(problems.contains { $0.contains("duplicate id") })
        #expect(problems.contains { $0.contains("does not start with its area") })
        #expect(problems.contains { $0.contains("states no status") })
        #expect(problems.contains { $0.contains("has a golden but states no body keys") })
    }
}

@Suite("Contract selection")
struct ContractSelectionTests {
    @Test("--read-only keeps contracts that change nothing and need no registered actor")
    func readOnly() {
        let readOnly = ContractSuite.select(filters: [], readOnly: true)
        #expect(!readOnly.isEmpty)
        #expect(readOnly.allSatisfy { !$0.mutates && $0.actors.isSubset(of: [.anonymous]) })
        let withOwner = ContractSuite.select(filters: [], readOnly: true, presetRoles: [.owner])
        #expect(withOwner.count > readOnly.count)
        #expect(withOwner.contains { $0.id == "auth.profile" })
    }

    @Test("--filter takes areas and ids")
    func filters() {
        #expect(ContractSuite.select(filters: ["system"], readOnly: false).allSatisfy { $0.area == "system" })
        #expect(ContractSuite.select(filters: ["auth.login"], readOnly: false).map(\.id) == ["auth.login"])
    }
}
