import ArgumentParser

@main
struct AgentPlanner: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agentplanner",
        abstract: "AgentPlanner v2: reference server and migration tooling.",
        subcommands: [ServeCommand.self, DatabaseCommand.self]
    )
}
