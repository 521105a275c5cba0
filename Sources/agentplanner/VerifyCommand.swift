import ArgumentParser
import Contract
import Foundation
import Logging
import Persistence
import ReferenceServer

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run the contract suite against the in-process reference server or a deployment.",
        discussion: """
            Without --base-url the reference server runs inside this process on a temporary SQLite database \
            (or on --database-url). Exit status: 0 when every selected contract passed, 1 when any failed or \
            could not run, 2 on a usage error or when the server cannot be reached.
            """
    )

    @Option(name: .customLong("base-url"), help: "Run against this deployment, e.g. http://127.0.0.1:3000.")
    var baseURL: String?

    @Option(name: .customLong("database-url"), help: "Database for the in-process server (default: temporary SQLite).")
    var databaseURL: String?

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

        let report: RunReport
        do {
            if let baseURL {
                report = try await Self.runSuite(selected, baseURL: baseURL, goldens: goldens, preset: preset)
            } else {
                let location = try DatabaseLocation(url: databaseURL)
                report = try await Self.inProcess(location: databaseURL == nil ? nil : location, logger: logger) {
                    try await Self.runSuite(selected, baseURL: $0, goldens: goldens, preset: nil)
                }
            }
        } catch let error as TransportError {
            FileHandle.standardError.write(Data("agentplanner: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            FileHandle.standardError.write(Data("agentplanner: \(CommandFailure.describe(error))\n".utf8))
            throw ExitCode(2)
        }

        print("")
        print(SummaryTable.render(report))
        try write(JUnitReport.render(report), to: junitPath)
        try write(JSONReport.render(report), to: jsonPath)
        try write(MarkdownReport.render(report), to: markdownPath)
        let recorded = report.results.filter(\.recordedGolden).count
        if recorded > 0 { print("recorded \(recorded) golden(s) in \(goldenRoot.path)") }
        if !report.allPassed { throw ExitCode(1) }
    }

    static func inProcess<T: Sendable>(
        location: DatabaseLocation?, logger: Logger, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        guard let location else {
            return try await InProcessServer.withTemporarySQLite(logger: logger, body)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentplanner-verify-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = ServerConfiguration(database: location, dataDirectory: folder.path)
        return try await InProcessServer.withServer(configuration, logger: logger, body)
    }

    var preset: RegisteringActorProvider.Preset? {
        if let token { return .token(token) }
        if let email, let password { return .login(email: email, password: password) }
        return nil
    }

    static func runSuite(
        _ contracts: [Contract], baseURL: String, goldens: GoldenStore, preset: RegisteringActorProvider.Preset?
    ) async throws -> RunReport {
        let transport = AsyncHTTPTransport()
        do {
            let options = ContractRunner.Options(baseURL: baseURL, goldens: goldens)
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
