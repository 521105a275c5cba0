import ArgumentParser
import Foundation

@main
struct AgentPlanner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agentplanner",
        abstract: "AgentPlanner v2: reference server, contract suite and migration tooling.",
        subcommands: [
            ServeCommand.self, WorkerCommand.self, VerifyCommand.self, GateCommand.self, DatabaseCommand.self, BenchCommand.self,
            MigrateCommand.self, LoadCommand.self, SinkCommand.self,
        ]
    )

    /// Usage errors exit with status 2 (ArgumentParser's default is 64), as `verify` documents.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
