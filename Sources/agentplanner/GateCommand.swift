import ArgumentParser
import Contract
import CutoverGate
import Foundation

/// `agentplanner gate --config FILE`: the cut-over night's one question. Logic lives in `CutoverGate`.
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Say GO or NO-GO for a cut-over: contracts, migration proof, dispatch smoke, load probe.",
        discussion: """
            Reads a YAML config naming the deployment (base_url, token), the contract mode (read-only for \
            production, full for a staging copy), the v1 and v2 databases and the archive (migration), the sink \
            address (dispatch) and the load thresholds (load). A section left out is a stage not checked. \
            Stages run in order and stop at the first failure. The report starts with GO or NO-GO and the \
            reasons. Exit status: 0 GO, 1 NO-GO, 2 a usage error or an unreachable deployment.
            """)

    @Option(help: "The gate's YAML config file.") var config: String
    @Option(name: .customLong("report-md"), help: "Write the Markdown report here (overrides reports.markdown).")
    var markdownPath: String?
    @Option(name: .customLong("report-json"), help: "Write the JSON report here (overrides reports.json).") var jsonPath: String?
    @Option(name: .customLong("report-junit"), help: "Write the JUnit report here (overrides reports.junit).") var junitPath: String?

    func run() async throws {
        let settings: GateConfig
        do {
            settings = try GateConfig.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("agentplanner: \(error)\n".utf8))
            throw ExitCode(2)
        }
        var gate = Gate(config: settings, logger: CommandLogging.bootstrap(level: .warning))
        gate.progress = { RunProgress(total: $0) }
        gate.say = { print($0) }
        let report: GateReport
        do {
            report = try await gate.run()
        } catch {
            FileHandle.standardError.write(Data("agentplanner: \(error)\n".utf8))
            throw ExitCode(2)
        }
        print("")
        print(report.markdown)
        for (text, path) in [
            (report.markdown, markdownPath ?? settings.reports?.markdown), (report.json, jsonPath ?? settings.reports?.json),
            (report.junit, junitPath ?? settings.reports?.junit),
        ] {
            guard let path else { continue }
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        if !report.go { throw ExitCode(1) }
    }
}
