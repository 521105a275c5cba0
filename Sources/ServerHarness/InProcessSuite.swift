import Contract
import Foundation
import Logging
import Persistence
import ProtocolFakes
import ReferenceServer

/// The contract suite against the reference server running in this process: the one wiring that
/// `agentplanner verify` (without `--base-url`), `agentplanner gate` and Tests/Contract share.
public enum InProcessSuite {
    /// Starts the reference server on `location` (nil: a temporary SQLite database) with its dispatch engine
    /// sending to a sink (the session's, or one started here when a contract needs it), and runs `contracts`.
    public static func run(
        _ contracts: [Contract], location: DatabaseLocation?, session: SuiteSession, logger: Logger,
        suite: [Contract] = ContractSuite.all
    ) async throws -> SuiteSession.Outcome {
        let ownSink = session.sink == nil && contracts.contains(where: \.needsSink) ? try await SideEffectSink.start() : nil
        var configured = session
        if let ownSink { configured.sink = ownSink }
        // The in-process dispatch engine polls every 50 ms (`dispatchToSink`).
        configured.sinkQuiet = min(configured.sinkQuiet, .milliseconds(200))
        let ready = configured
        do {
            let outcome = try await withServer(location: location, sink: ready.sink, logger: logger) { baseURL in
                try await ready.run(contracts, baseURL: baseURL, suite: suite)
            }
            await ownSink?.shutdown()
            return outcome
        } catch {
            await ownSink?.shutdown()
            throw error
        }
    }

    /// The reference server for a contract run, on `location` (nil: temporary SQLite), its dispatch pointed at
    /// `sink` when there is one; `body` gets the base URL.
    public static func withServer<T: Sendable>(
        location: DatabaseLocation?, sink: SideEffectSink?, logger: Logger, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let adjust: (inout ServerConfiguration) -> Void = { configuration in
            if let sink {
                configuration.dispatchToSink(slackAPIBaseURL: sink.slackAPIBaseURL, discordAPIBaseURL: sink.discordAPIBaseURL)
                // GitHub sign-in against the sink's fake GitHub (the UI's sign-in contract, CONSUMERS.md §7).
                if let github = sink.github {
                    configuration.github.clientID = github.clientID
                    configuration.github.clientSecret = github.clientSecret
                    configuration.github.authorizeURL = sink.githubBaseURL + "/login/oauth/authorize"
                    configuration.github.tokenURL = sink.githubBaseURL + "/login/oauth/access_token"
                    configuration.github.apiURL = sink.githubBaseURL
                }
                // A Slack app, so the UI's "Add to Slack" gets its authorize URL (CONSUMERS.md U63).
                configuration.slack.clientID = configuration.slack.clientID ?? "contract-slack-app"
                configuration.slack.clientSecret = configuration.slack.clientSecret ?? sink.slackToken
            }
        }
        guard let location else {
            return try await InProcessServer.withTemporarySQLite(logger: logger, adjust: adjust, body)
        }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("agentplanner-contract-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration(database: location, dataDirectory: folder.path)
        adjust(&configuration)
        return try await InProcessServer.withServer(configuration, logger: logger, body)
    }
}
