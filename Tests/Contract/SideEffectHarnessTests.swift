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
    static let sinkBound = ContractSuite.all.filter(\.needsSink)
    static let dispatch = ContractSuite.all.filter { $0.area == "dispatch" }

    @Test("the sink-bound contracts are the dispatch area (one per adapter and the rules) and the UI's GitHub sign-in")
    func areaIsSinkBound() {
        let allNeedTheSink = Self.dispatch.allSatisfy { $0.needsSink }
        #expect(allNeedTheSink)
        #expect(Self.dispatch.count == 6)
        // The GitHub sign-in needs the sink for its GitHub OAuth fake, not for dispatch.
        #expect(Self.sinkBound.filter { $0.area != "dispatch" }.map(\.id) == ["ui.github-sign-in"])
    }

    @Test("without a sink they are reported as not run, never as passed")
    func notRunWithoutSink() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("goldens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runner = ContractRunner(
            options: .init(baseURL: "http://127.0.0.1:9", goldens: GoldenStore(root: folder, mode: .ci)),
            transport: HarnessModeTests.ScriptedTransport(things: .null))
        let report = await runner.run(Self.sinkBound, suite: Self.sinkBound)
        #expect(report.results.count == Self.sinkBound.count)
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
