import ArgumentParser
import Contract
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ReferenceServer

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the contract suite against the in-process reference server or a deployment.",
        discussion: """
            Without --base-url the reference server runs inside this process on a temporary SQLite database \
            (or on --database-url), with its dispatch engine sending to the harness's own protocol servers. \
            Against a deployment, side-effect contracts (area `dispatch`) need --sink-host: an address of this \
            machine the deployment can reach; the harness listens there on --sink-port for webhook, Slack, \
            Discord and OpenClaw traffic (the deployment's SLACK_API_BASE_URL and DISCORD_API_BASE_URL must point \
            at it, as printed). Without it they are reported as not run. Exit status: 0 when every selected \
            contract passed, 1 when any failed or could not run, 2 on a usage error or when the server cannot be \
            reached.
            """
    )

    @Option(name: .customLong("base-url"), help: "Run against this deployment, e.g. http://127.0.0.1:3000.")
    var baseURL: String?

    @Option(name: .customLong("database-url"), help: "Database for the in-process server (default: temporary SQLite).")
    var databaseURL: String?

    @Option(
        name: .customLong("sink-host"),
        help: "With --base-url: an address of this machine the deployment can reach, for side-effect contracts.")
    var sinkHost: String?

    @Option(name: .customLong("sink-port"), help: "The port the side-effect sink listens on (with --sink-host).")
    var sinkPort = 4980

    @Flag(help: "Write missing and changed goldens (never when CI=true).")
    var record = false

    @Flag(
        name: .customLong("read-only"),
        help: "Only contracts that change nothing and register no fixture users (safe for production).")
    var readOnly = false

    @Option(name: .customLong("filter"), help: "Area or contract id; repeat or separate with commas.")
    var filters: [String] = []

    @Option(name: .customLong("golden-dir"), help: "Folder holding the goldens (default: ./golden).")
    var goldenDirectory = "golden"

    @Option(name: .customLong("report-junit"), help: "Write a JUnit XML report here.")
    var junitPath: String?

    @Option(name: .customLong("report-json"), help: "Write a JSON report here.")
    var jsonPath: String?

    @Option(name: .customLong("report-md"), help: "Write a Markdown report here.")
    var markdownPath: String?

    @Flag(help: "List the selected contracts and exit.")
    var list = false

    @Option(help: "Act as the owner with this access token (where registration is closed).")
    var token: String?

    @Option(help: "Act as the owner by logging in with this email (with --password).")
    var email: String?

    @Option(help: "The password for --email.")
    var password: String?

    func validate() throws {
        if let baseURL, URL(string: baseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            throw ValidationError("--base-url must be an http:// or https:// URL, got '\(baseURL)'")
        }
        if baseURL != nil, databaseURL != nil {
            throw ValidationError("--database-url is for the in-process server; it cannot go with --base-url")
        }
        if sinkHost != nil, baseURL == nil {
            throw ValidationError("--sink-host is for --base-url runs; the in-process server uses its own sink")
        }
        if let sinkHost, sinkHost.isEmpty || sinkHost.contains("/") || sinkHost.contains(" ") {
            throw ValidationError("--sink-host must be a host name or IP address, got '\(sinkHost)'")
        }
        if !(1...65535).contains(sinkPort) { throw ValidationError("--sink-port must be from 1 to 65535, got \(sinkPort)") }
        if (email == nil) != (password == nil) { throw ValidationError("--email and --password go together") }
        if token != nil, email != nil { throw ValidationError("give either --token or --email/--password, not both") }
        let problems = ContractSuite.validate()
        if !problems.isEmpty {
            throw ValidationError("the contract suite is inconsistent:\n  " + problems.joined(separator: "\n  "))
        }
    }

    func run() async throws {
        let selected = ContractSuite.select(
            filters: filters.flatMap { $0.split(separator: ",").map(String.init) }, readOnly: readOnly,
            presetRoles: preset == nil ? [] : [.owner])
        if list {
            for contract in selected {
                print("\(contract.id)  [\(contract.classification.name)]  \(contract.summary)")
            }
            return
        }
        guard !selected.isEmpty else {
            throw ValidationError("no contract matches --filter \(filters.joined(separator: ","))")
        }
        let goldenRoot = URL(fileURLWithPath: goldenDirectory)
        guard FileManager.default.fileExists(atPath: goldenRoot.path) else {
            FileHandle.standardError.write(
                Data("agentplanner: golden folder \(goldenRoot.path) not found; run from the repository or pass --golden-dir\n".utf8))
            throw ExitCode(2)
        }
        let goldens = GoldenStore(
            root: goldenRoot,
            mode: GoldenMode.resolve(recordRequested: record, environment: ProcessInfo.processInfo.environment))
        let logger = CommandLogging.bootstrap(level: .warning)

        let sink = try await startSink(for: selected)
        let report: RunReport
        do {
            if let baseURL {
                report = try await Self.runSuite(selected, baseURL: baseURL, goldens: goldens, preset: preset, sink: sink)
            } else {
                let location = try DatabaseLocation(url: databaseURL)
                report = try await Self.inProcess(location: databaseURL == nil ? nil : location, sink: sink, logger: logger) {
                    try await Self.runSuite(selected, baseURL: $0, goldens: goldens, preset: nil, sink: sink)
                }
            }
        } catch let error as TransportError {
            await sink?.shutdown()
            FileHandle.standardError.write(Data("agentplanner: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            await sink?.shutdown()
            FileHandle.standardError.write(Data("agentplanner: \(CommandFailure.describe(error))\n".utf8))
            throw ExitCode(2)
        }
        await sink?.shutdown()

        print("")
        print(SummaryTable.render(report))
        let unsunk = report.results.filter { if case .notRun(ContractRunner.noSink) = $0.outcome { true } else { false } }
        if !unsunk.isEmpty {
            print("\(unsunk.count) side-effect contract(s) not run: pass --sink-host with an address of this machine the deployment can reach")
        }
        try write(JUnitReport.render(report), to: junitPath)
        try write(JSONReport.render(report), to: jsonPath)
        try write(MarkdownReport.render(report), to: markdownPath)
        let recorded = report.results.filter(\.recordedGolden).count
        if recorded > 0 { print("recorded \(recorded) golden(s) in \(goldenRoot.path)") }
        if !report.allPassed { throw ExitCode(1) }
    }

    /// The sink side-effect contracts need: on loopback for the in-process server, on `--sink-host` for a
    /// deployment; none when no selected contract needs one or a deployment was given no sink host.
    private func startSink(for contracts: [Contract]) async throws -> SideEffectSink? {
        guard contracts.contains(where: \.needsSink) else { return nil }
        guard baseURL != nil else { return try await SideEffectSink.start() }
        guard let sinkHost else { return nil }
        let sink: SideEffectSink
        do {
            sink = try await SideEffectSink.start(bindHost: "0.0.0.0", advertisedHost: sinkHost, port: sinkPort)
        } catch {
            FileHandle.standardError.write(Data("agentplanner: cannot listen on port \(sinkPort) for side effects: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print("Side-effect sink listening on port \(sink.port), reached as \(sink.baseURL).")
        print("  The deployment needs SLACK_API_BASE_URL=\(sink.slackAPIBaseURL) and DISCORD_API_BASE_URL=\(sink.discordAPIBaseURL)")
        print("  for the Slack and Discord contracts; webhook and OpenClaw contracts need only to reach \(sink.baseURL).")
        return sink
    }

    static func inProcess<T: Sendable>(
        location: DatabaseLocation?, sink: SideEffectSink?, logger: Logger, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let adjust: (inout ServerConfiguration) -> Void = { configuration in
            if let sink {
                configuration.dispatchToSink(slackAPIBaseURL: sink.slackAPIBaseURL, discordAPIBaseURL: sink.discordAPIBaseURL)
            }
        }
        guard let location else {
            return try await InProcessServer.withTemporarySQLite(logger: logger, adjust: adjust, body)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentplanner-verify-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration(database: location, dataDirectory: folder.path)
        adjust(&configuration)
        return try await InProcessServer.withServer(configuration, logger: logger, body)
    }

    var preset: RegisteringActorProvider.Preset? {
        if let token { return .token(token) }
        if let email, let password { return .login(email: email, password: password) }
        return nil
    }

    static func runSuite(
        _ contracts: [Contract], baseURL: String, goldens: GoldenStore, preset: RegisteringActorProvider.Preset?,
        sink: SideEffectSink?
    ) async throws -> RunReport {
        let transport = AsyncHTTPTransport()
        do {
            let options = ContractRunner.Options(baseURL: baseURL, goldens: goldens, sink: sink)
            let actors = RegisteringActorProvider(
                baseURL: options.baseURL, transport: transport, runToken: options.runToken, preset: preset)
            let runner = ContractRunner(options: options, transport: transport, actors: actors)
            try await runner.checkReachable()
            print("Running \(contracts.count) contract(s) against \(baseURL)")
            let report = await runner.run(contracts, suite: ContractSuite.all) { result in
                let mark: String
                switch result.outcome {
                case .passed: mark = "✓"
                case .failed: mark = "✗"
                case .notRun: mark = "-"
                }
                let milliseconds = result.duration.components.seconds * 1000
                    + result.duration.components.attoseconds / 1_000_000_000_000_000
                print("  \(mark) \(result.contract.id) (\(milliseconds) ms)")
            }
            try await transport.shutdown()
            return report
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    private func write(_ text: String, to path: String?) throws {
        guard let path else { return }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
