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

    @Test("against a deployment, GitHub sign-in passes when the deployment has the sink's OAuth app, and only then")
    func gitHubSignInAgainstADeployment() async throws {
        let signIn = try #require(ContractSuite.all.first { $0.id == "ui.github-sign-in" })
        #expect(signIn.needsGitHubApp && !Self.dispatch.contains(where: \.needsGitHubApp))
        let app = SideEffectSink.GitHubApp.given(clientID: "Iv1.deployment", clientSecret: "deployment-secret")
        let sink = try await SideEffectSink.start(githubApp: app)
        let none = try await SideEffectSink.start(githubApp: .none)
        #expect(none.githubSettings.isEmpty)
        // The deployment reads the settings `verify` prints, as `serve` reads its environment; a second one
        // was started with another client secret.
        let printed = Dictionary(uniqueKeysWithValues: sink.githubSettings.map { ($0.name, $0.value) })
        let right = try ConfigurationLoader(environment: printed).load().github
        var wrong = right
        wrong.clientSecret = "another-secret"
        var reports: [RunReport] = []
        for (settings, runSink) in [(right, sink), (wrong, sink), (right, none)] {
            reports.append(
                try await InProcessServer.withTemporarySQLite(logger: TestDatabases.logger, adjust: { $0.github = settings }) {
                    try await SuiteSession(goldens: DeploymentRunTests.goldens, sink: runSink).run([signIn], baseURL: $0).report
                })
        }
        await sink.shutdown()
        await none.shutdown()
        let outcomes = reports.map { $0.results.first?.outcome }
        #expect(reports[0].allPassed, "\(outcomes[0].map { "\($0)" } ?? "no result")")
        guard case .failed = outcomes[1] else {
            Issue.record("a deployment with another client secret must fail the sign-in, got \(String(describing: outcomes[1]))")
            return
        }
        guard case .notRun(let reason) = outcomes[2] else {
            Issue.record("a sink without an app must not run the sign-in, got \(String(describing: outcomes[2]))")
            return
        }
        #expect(reason == ContractRunner.noGitHubApp)
    }
}
