import ArgumentParser
import Contract
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ServerHarness

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
            at it, as printed). Without it they are reported as not run. The UI's GitHub sign-in (ui.github-sign-in) \
            also goes through the sink, to its fake GitHub: start the deployment with GITHUB_CLIENT_ID and \
            GITHUB_CLIENT_SECRET set to the values given here as --github-client-id and --github-client-secret, and \
            with GITHUB_AUTHORIZE_URL, GITHUB_TOKEN_URL and GITHUB_API_URL as printed (under \
            http://<sink-host>:<sink-port>/github); without those options it is reported as not run. A 429 is waited out as Retry-After says \
            and the step sent again (counted; --retry-budget bounds it); --rate paces requests. --read-only sends \
            nothing but GET, HEAD and OPTIONS. The goldens come from --golden-dir, else ./golden, else the copy \
            built into this binary. Exit status: 0 when every selected contract passed, 1 when any failed or \
            could not run, 2 on a usage error or when the server cannot be reached. --consumer ui|mcp|agents runs the \
            contracts of a real client's calls (CONSUMERS.md) and every report has a per-consumer section.
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

    @Option(
        name: .customLong("github-client-id"),
        help: "With --sink-host: the deployment's GITHUB_CLIENT_ID, which the sink's fake GitHub accepts.")
    var githubClientID: String?

    @Option(
        name: .customLong("github-client-secret"),
        help: "With --sink-host: the deployment's GITHUB_CLIENT_SECRET, which the sink's fake GitHub accepts.")
    var githubClientSecret: String?

    @Flag(help: "Write missing and changed goldens (never when CI=true).")
    var record = false

    @Flag(
        name: .customLong("read-only"),
        help: "Only contracts that change nothing and register no fixture users (safe for production).")
    var readOnly = false

    @Option(name: .customLong("filter"), help: "Area or contract id; repeat or separate with commas.")
    var filters: [String] = []

    @Option(
        name: .customLong("consumer"),
        help: "Only the contracts of a client's calls: ui, mcp or agents (CONSUMERS.md); repeat or separate with commas.")
    var consumers: [String] = []

    @Option(
        name: .customLong("golden-dir"),
        help: "Folder holding the goldens (default: ./golden when it exists, else the goldens built into this binary).")
    var goldenDirectory: String?

    @Option(help: "At most this many requests a second (default: unpaced).")
    var rate: Double?

    @Option(help: "Seconds to wait for one answer before the step fails.")
    var timeout = 30

    @Option(name: .customLong("retry-budget"), help: "How many 429 answers the run waits out before a 429 fails its step.")
    var retryBudget = 300

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
        if (githubClientID == nil) != (githubClientSecret == nil) {
            throw ValidationError("--github-client-id and --github-client-secret go together")
        }
        if githubClientID != nil, sinkHost == nil {
            throw ValidationError("--github-client-id is for --sink-host runs: the deployment's GitHub sign-in goes to the sink")
        }
        for (flag, value) in [("--github-client-id", githubClientID), ("--github-client-secret", githubClientSecret)] {
            if let value, value.isEmpty || value.contains(where: \.isWhitespace) {
                throw ValidationError("\(flag) cannot be empty or hold spaces, got '\(value)'")
            }
        }
        if !(1...65535).contains(sinkPort) { throw ValidationError("--sink-port must be from 1 to 65535, got \(sinkPort)") }
        if (email == nil) != (password == nil) { throw ValidationError("--email and --password go together") }
        if readOnly, email != nil {
            throw ValidationError("--read-only cannot log in (POST /auth/login opens a session); pass the owner as --token")
        }
        if let rate, !(rate > 0 && rate <= 10_000) { throw ValidationError("--rate must be from 0 to 10000 requests a second") }
        if !(1...3600).contains(timeout) { throw ValidationError("--timeout must be from 1 to 3600 seconds, got \(timeout)") }
        if retryBudget < 0 { throw ValidationError("--retry-budget cannot be negative") }
        if token != nil, email != nil { throw ValidationError("give either --token or --email/--password, not both") }
        for name in consumerNames where Consumer(rawValue: name) == nil {
            throw ValidationError("--consumer must be ui, mcp or agents, got '\(name)'")
        }
        let problems = ContractSuite.validate()
        if !problems.isEmpty {
            throw ValidationError("the contract suite is inconsistent:\n  " + problems.joined(separator: "\n  "))
        }
    }

    func run() async throws {
        let presetRoles: Set<ActorRole> = preset == nil ? [] : [.owner]
        let selected = ContractSuite.select(
            // A consumer's contracts are its area (`mcp.m7` in area `mcp`).
            filters: filters.flatMap { $0.split(separator: ",").map(String.init) } + consumerNames, readOnly: readOnly,
            presetRoles: presetRoles)
        if list {
            for contract in selected {
                let registers = ContractSuite.registeredRoles(contract, presetRoles: presetRoles)
                let users = registers.isEmpty ? "registers no users" : "registers " + registers.map(\.rawValue).joined(separator: ", ")
                print("\(contract.id)  [\(contract.classification.name)]  [\(users)]  \(contract.summary)")
            }
            return
        }
        guard !selected.isEmpty else {
            throw ValidationError("no contract matches --filter \(filters.joined(separator: ","))")
        }
        let goldens = try goldenStore()
        let logger = CommandLogging.bootstrap(level: .warning)

        var session = SuiteSession(goldens: goldens, sink: try await startSink(for: selected), preset: preset)
        session.readOnly = readOnly
        session.policy = RateLimitPolicy(requestsPerSecond: rate, retryBudget: retryBudget)
        session.timeout = .seconds(timeout)
        session.progress = RunProgress(total: selected.count)
        print("Goldens: \(goldens.location)")
        let outcome: SuiteSession.Outcome
        do {
            if let baseURL {
                print("Running \(selected.count) contract(s) against \(baseURL)")
                outcome = try await session.run(selected, baseURL: baseURL)
            } else {
                print("Running \(selected.count) contract(s) against the in-process reference server")
                outcome = try await InProcessSuite.run(
                    selected, location: try databaseURL.map { try DatabaseLocation(url: $0) }, session: session, logger: logger)
            }
        } catch let error as TransportError {
            await session.sink?.shutdown()
            FileHandle.standardError.write(Data("agentplanner: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            await session.sink?.shutdown()
            FileHandle.standardError.write(Data("agentplanner: \(CommandFailure.describe(error))\n".utf8))
            throw ExitCode(2)
        }
        await session.sink?.shutdown()
        let report = outcome.report

        print("")
        print(SummaryTable.render(report))
        if let limits = outcome.rateLimits.summary { print("Rate limits: \(limits) (retry budget \(retryBudget)).") }
        let unsunk = report.results.filter { if case .notRun(ContractRunner.noSink) = $0.outcome { true } else { false } }
        if !unsunk.isEmpty {
            print("\(unsunk.count) side-effect contract(s) not run: pass --sink-host with an address of this machine the deployment can reach")
        }
        try write(JUnitReport.render(report), to: junitPath)
        try write(JSONReport.render(report), to: jsonPath)
        try write(MarkdownReport.render(report), to: markdownPath)
        let recorded = report.results.filter(\.recordedGolden).count
        if recorded > 0 {
            print("recorded \(recorded) golden(s) in \(goldens.location); rebuild after `AGENTPLANNER_RECORD=1 swift test --filter EmbeddedGoldens`")
        }
        if !report.allPassed { throw ExitCode(1) }
    }

    /// `--golden-dir`, else `./golden` when this runs in the repository, else the copy built into the binary;
    /// `--record` always needs a folder.
    private func goldenStore() throws -> GoldenStore {
        let mode = GoldenMode.resolve(recordRequested: record, environment: ProcessInfo.processInfo.environment)
        let folder = goldenDirectory ?? "golden"
        if FileManager.default.fileExists(atPath: folder) { return GoldenStore(root: URL(fileURLWithPath: folder), mode: mode) }
        if goldenDirectory != nil || record {
            FileHandle.standardError.write(
                Data("agentplanner: golden folder \(folder) not found (--record writes into the repository's golden folder)\n".utf8))
            throw ExitCode(2)
        }
        return .embedded(mode: mode)
    }

    /// The sink side-effect contracts need: on loopback for the in-process server, on `--sink-host` for a
    /// deployment; none when no selected contract needs one or a deployment was given no sink host.
    private func startSink(for contracts: [Contract]) async throws -> SideEffectSink? {
        guard contracts.contains(where: \.needsSink) else { return nil }
        guard baseURL != nil else { return try await SideEffectSink.start() }
        guard let sinkHost else { return nil }
        let sink: SideEffectSink
        do {
            let app: SideEffectSink.GitHubApp =
                if let githubClientID, let githubClientSecret {
                    .given(clientID: githubClientID, clientSecret: githubClientSecret)
                } else {
                    .none
                }
            sink = try await SideEffectSink.start(bindHost: "0.0.0.0", advertisedHost: sinkHost, port: sinkPort, githubApp: app)
        } catch {
            FileHandle.standardError.write(Data("agentplanner: cannot listen on port \(sinkPort) for side effects: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print("Side-effect sink listening on port \(sink.port), reached as \(sink.baseURL).")
        print("  The deployment needs SLACK_API_BASE_URL=\(sink.slackAPIBaseURL) and DISCORD_API_BASE_URL=\(sink.discordAPIBaseURL)")
        print("  for the Slack and Discord contracts; webhook and OpenClaw contracts need only to reach \(sink.baseURL).")
        if contracts.contains(where: \.needsGitHubApp) {
            if sink.github == nil {
                print("  GitHub sign-in is not checked: no --github-client-id/--github-client-secret.")
            } else {
                print("  For GitHub sign-in the deployment needs " + sink.githubSettings.map { "\($0.name)=\($0.value)" }.joined(separator: " "))
            }
        }
        return sink
    }

    private var consumerNames: [String] { consumers.flatMap { $0.split(separator: ",").map(String.init) } }

    var preset: RegisteringActorProvider.Preset? {
        if let token { return .token(token) }
        if let email, let password { return .login(email: email, password: password) }
        return nil
    }

    private func write(_ text: String, to path: String?) throws {
        guard let path else { return }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
