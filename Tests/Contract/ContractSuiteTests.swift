import Contract
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ReferenceServer
import Testing
import TestSupport

/// The whole contract suite against the in-process reference server, on SQLite and on PostgreSQL.
/// Goldens are compared (CI=true: never written; AGENTPLANNER_RECORD=1 locally: recorded).
@Suite("Contract suite")
struct ContractSuiteTests {
    static var goldens: GoldenStore {
        GoldenStore(
            root: GoldenFiles.url(""),
            mode: GoldenMode.resolve(
                recordRequested: ProcessInfo.processInfo.environment["AGENTPLANNER_RECORD"] == "1",
                environment: ProcessInfo.processInfo.environment))
    }

    @Test("the suite is consistent: unique ids, every step states v1's status and keys")
    func suiteIsConsistent() {
        #expect(ContractSuite.validate() == [])
        #expect(!ContractSuite.all.isEmpty)
    }

    @Test("every contract passes against the reference server", arguments: DatabaseDialect.allCases)
    func suitePasses(dialect: DatabaseDialect) async throws {
        let report = try await ContractHarness.runSuite(on: dialect, goldens: Self.goldens)
        let failed = report.results.filter { !$0.passed }.map(\.contract.id)
        #expect(failed == [], "contract(s) failed on \(dialect):\n\(SummaryTable.render(report))")
        #expect(report.results.count == ContractSuite.all.count)
        #expect(report.obsoleteGoldens.isEmpty, "obsolete goldens: \(report.obsoleteGoldens)")
    }
}

/// Runs the suite in-process for tests.
enum ContractHarness {
    static func runSuite(
        on dialect: DatabaseDialect, contracts: [Contract] = ContractSuite.all, goldens: GoldenStore,
        wrapTransport: @escaping @Sendable (any HTTPTransport) -> any HTTPTransport = { $0 }
    ) async throws -> RunReport {
        let sink = try await SideEffectSink.start()
        do {
            let report = try await run(on: dialect, contracts: contracts, goldens: goldens, sink: sink, wrapTransport: wrapTransport)
            await sink.shutdown()
            return report
        } catch {
            await sink.shutdown()
            throw error
        }
    }

    private static func run(
        on dialect: DatabaseDialect, contracts: [Contract], goldens: GoldenStore, sink: SideEffectSink,
        wrapTransport: @escaping @Sendable (any HTTPTransport) -> any HTTPTransport
    ) async throws -> RunReport {
        try await TestDatabases.withLocation(dialect) { location in
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("agentplanner-contract-\(UUID().uuidString.lowercased())")
            defer { try? FileManager.default.removeItem(at: folder) }
            var configuration = ServerConfiguration(database: location, dataDirectory: folder.path)
            configuration.dispatchToSink(slackAPIBaseURL: sink.slackAPIBaseURL, discordAPIBaseURL: sink.discordAPIBaseURL)
            return try await InProcessServer.withServer(configuration, logger: TestDatabases.logger) { baseURL in
                let transport = AsyncHTTPTransport()
                let options = ContractRunner.Options(baseURL: baseURL, goldens: goldens, sink: sink)
                let actors = RegisteringActorProvider(
                    baseURL: options.baseURL, transport: transport, runToken: options.runToken)
                let runner = ContractRunner(options: options, transport: wrapTransport(transport), actors: actors)
                let report = await runner.run(contracts, suite: ContractSuite.all)
                try await transport.shutdown()
                return report
            }
        }
    }
}
