import Contract
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ServerHarness
import Testing
import TestSupport

/// The whole contract suite against the in-process reference server, on SQLite and on PostgreSQL: one test
/// case per contract and database, so a failing contract is reported on its own. The servers start once for
/// the suite (`ContractServers`), and the cases run in the suite's order, as `agentplanner verify` runs them.
///
/// One contract alone: `AGENTPLANNER_CONTRACT=auth.login swift test --filter ContractSuiteTests` (an area or a
/// comma-separated list works too). SwiftPM's `--filter` selects test functions, not the arguments of one, so
/// the id goes through the environment. Goldens are compared (CI=true: never written; AGENTPLANNER_RECORD=1: recorded).
@Suite("Contract suite", .serialized, ContractServers())
struct ContractSuiteTests {
    static var goldens: GoldenStore {
        GoldenStore(
            root: GoldenFiles.url(""),
            mode: GoldenMode.resolve(
                recordRequested: ProcessInfo.processInfo.environment["AGENTPLANNER_RECORD"] == "1",
                environment: ProcessInfo.processInfo.environment))
    }

    /// The contracts picked by `AGENTPLANNER_CONTRACT` (all when unset).
    static var selectedIDs: [String] {
        let filters = (ProcessInfo.processInfo.environment["AGENTPLANNER_CONTRACT"] ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return ContractSuite.select(filters: filters, readOnly: false).map(\.id)
    }

    @Test("the suite is consistent: unique ids, every step states v1's status and keys")
    func suiteIsConsistent() {
        #expect(ContractSuite.validate() == [])
        #expect(!ContractSuite.all.isEmpty)
    }

    @Test("contract passes against the reference server", arguments: DatabaseDialect.allCases, selectedIDs)
    func contract(dialect: DatabaseDialect, id: String) async throws {
        let contract = try #require(ContractSuite.all.first { $0.id == id })
        let runner = try #require(ContractServers.runners[dialect], "the \(dialect) server did not start")
        let result = await runner.run(contract)
        #expect(result.passed, "\(id) on \(dialect): \(result.outcome)")
    }

    @Test("no golden is left that no contract uses")
    func noObsoleteGoldens() {
        let known = Set(ContractSuite.all.filter(\.hasGolden).map(\.goldenPath))
        #expect(Self.goldens.obsolete(known: known) == [])
    }
}

/// Starts, once around the contract suite, a sink and the reference server on each dialect, and shares a
/// runner per server (its actors registered once, as in a `verify` run); cleans up afterwards.
struct ContractServers: SuiteTrait, TestScoping {
    @TaskLocal static var runners: [DatabaseDialect: ContractRunner] = [:]

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let sink = try await SideEffectSink.start()
        do {
            try await Self.withRunners(DatabaseDialect.allCases, sink: sink, [:], function)
            await sink.shutdown()
        } catch {
            await sink.shutdown()
            throw error
        }
    }

    /// Nests one server per dialect, then runs `function` with all of them.
    private static func withRunners(
        _ remaining: [DatabaseDialect], sink: SideEffectSink, _ started: [DatabaseDialect: ContractRunner],
        _ function: @Sendable () async throws -> Void
    ) async throws {
        guard let dialect = remaining.first else {
            try await $runners.withValue(started) { try await function() }
            return
        }
        try await TestDatabases.withLocation(dialect) { location in
            try await InProcessSuite.withServer(location: location, sink: sink, logger: TestDatabases.logger) { baseURL in
                let transport = AsyncHTTPTransport()
                var options = ContractRunner.Options(baseURL: baseURL, goldens: ContractSuiteTests.goldens, sink: sink)
                options.sinkQuiet = .milliseconds(200)  // the in-process dispatch polls every 50 ms
                let actors = RegisteringActorProvider(baseURL: options.baseURL, transport: transport, runToken: options.runToken)
                let runner = ContractRunner(options: options, transport: transport, actors: actors)
                var next = started
                next[dialect] = runner
                do {
                    try await withRunners(Array(remaining.dropFirst()), sink: sink, next, function)
                } catch {
                    await actors.cleanUp()
                    try? await transport.shutdown()
                    throw error
                }
                await actors.cleanUp()
                try await transport.shutdown()
            }
        }
    }
}

/// Runs the suite in-process for tests that look at a whole run (a corrupted answer, a missing sink).
enum ContractHarness {
    static func runSuite(
        on dialect: DatabaseDialect, contracts: [Contract] = ContractSuite.all, goldens: GoldenStore,
        wrapTransport: @escaping @Sendable (any HTTPTransport) -> any HTTPTransport = { $0 }
    ) async throws -> RunReport {
        var configured = SuiteSession(goldens: goldens)
        configured.wrapTransport = wrapTransport
        let session = configured
        return try await TestDatabases.withLocation(dialect) { location in
            try await InProcessSuite.run(contracts, location: location, session: session, logger: TestDatabases.logger).report
        }
    }
}
