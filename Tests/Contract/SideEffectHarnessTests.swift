import AgentPlannerCore
import Contract
import Foundation
import ProtocolFakes
import ReferenceServer
import ServerHarness
import TestSupport
import Testing

/// The side-effect contracts can fail and are never passed by default: without a sink they are not run,
/// and against a server that sends nothing they fail.
@Suite("Side-effect contracts")
struct SideEffectHarnessTests {
    static let dispatch = ContractSuite.all.filter(\.needsSink)

    @Test("the dispatch area is all side-effect contracts, one per adapter and the rules")
    func areaIsSinkBound() {
        #expect(Set(Self.dispatch.map(\.id)) == Set(ContractSuite.all.filter { $0.area == "dispatch" }.map(\.id)))
        #expect(Self.dispatch.count == 6)
        #expect(ContractSuite.all.filter { $0.area != "dispatch" }.allSatisfy { !$0.needsSink })
    }

    @Test("without a sink they are reported as not run, never as passed")
    func notRunWithoutSink() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("goldens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = ContractRunner(
            options: .init(baseURL: "http://127.0.0.1:9", goldens: GoldenStore(root: folder, mode: .ci)),
            transport: HarnessModeTests.ScriptedTransport(things: .null))
        let report = await runner.run(Self.dispatch, suite: Self.dispatch)
        #expect(report.results.count == Self.dispatch.count)
        for result in report.results {
            guard case .notRun(let reason) = result.outcome else {
                Issue.record("\(result.contract.id) was \(result.outcome), not 'not run'")
                continue
            }
            #expect(reason == ContractRunner.noSink)
        }
        #expect(!report.allPassed)
    }

    @Test("against a server whose dispatch is off, every side-effect contract fails")
    func failWithoutDispatch() async throws {
        let sink = try await SideEffectSink.start()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("goldens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try await InProcessServer.withTemporarySQLite(logger: TestDatabases.logger) { baseURL in
            let transport = AsyncHTTPTransport()
            var options = ContractRunner.Options(
                baseURL: baseURL, goldens: GoldenStore(root: GoldenFiles.url(""), mode: .ci), sink: sink)
            options.sinkTimeout = .milliseconds(300)
            options.sinkSettle = .milliseconds(10)
            let actors = RegisteringActorProvider(baseURL: baseURL, transport: transport, runToken: options.runToken)
            let report = await ContractRunner(options: options, transport: transport, actors: actors)
                .run(Self.dispatch, suite: ContractSuite.all)
            try await transport.shutdown()
            return report
        }
        await sink.shutdown()
        #expect(report.results.count == Self.dispatch.count)
        for result in report.results {
            guard case .failed(let failures) = result.outcome else {
                Issue.record("\(result.contract.id) was \(result.outcome) although nothing was sent")
                continue
            }
            #expect(failures.contains { $0.message.contains("expected 200, got 408") }, "\(result.contract.id): \(failures)")
        }
        #expect(sink.webhook.received.isEmpty && sink.slack.received.isEmpty)
    }
}
