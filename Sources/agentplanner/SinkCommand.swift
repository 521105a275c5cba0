import ArgumentParser
import Foundation
import ProtocolFakes
import ServiceLifecycle

/// `agentplanner sink`: the protocol fakes as a standalone server, so a load run measures the engine's
/// process alone and the receivers' CPU time apart from it.
struct SinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sink",
        abstract: "Serve the webhook, Slack, Discord and OpenClaw fakes (with fault injection) until stopped.",
        discussion: """
            Paths: /webhook/…, /slack/api/…, /discord/api/…, /openclaw/…; every port given by --extra-ports serves \
            the same paths. Control: GET /_sink/stats, GET /_sink/receipts, POST /_sink/faults?fail_every=N&timeout_ms=T, \
            POST /_sink/faults?service=S&delay_ms=D, POST /_sink/outage?seconds=S&retry_after=R, POST /_sink/reset. Prints one line \
            `sink <pid> <base URL> <extra URLs…>` once listening; SIGTERM or SIGINT stops it.
            """)

    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0: a free one).") var port = 0
    @Option(name: .customLong("extra-ports"), help: "More free ports serving the same paths (0 to 8).") var extraPorts = 0
    @Option(name: .customLong("webhook-secret"), help: "The webhook signing secret (at least 16 characters).")
    var webhookSecret: String
    @Option(name: .customLong("slack-token"), help: "The Slack bot token.") var slackToken: String
    @Option(name: .customLong("openclaw-token"), help: "The OpenClaw bearer token (default: generated).")
    var openclawToken: String?
    @Option(name: .customLong("fail-every"), help: "Every Nth request to webhook, Slack and Discord fails (0: none).")
    var failEvery = 0
    @Option(name: .customLong("timeout-ms"), help: "How long the injected slow answer waits, in milliseconds.")
    var timeoutMilliseconds = 1_500

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        guard (0...8).contains(extraPorts) else { throw ValidationError("--extra-ports must be 0 to 8") }
        guard webhookSecret.utf8.count >= 16 else { throw ValidationError("--webhook-secret must be at least 16 characters") }
        guard !slackToken.isEmpty else { throw ValidationError("--slack-token must not be empty") }
        guard failEvery >= 0 else { throw ValidationError("--fail-every must be 0 or more") }
        guard timeoutMilliseconds >= 0 else { throw ValidationError("--timeout-ms must be 0 or more") }
    }

    func run() async throws {
        try await reportingFailures {
            let sink = try await SideEffectSink.start(
                bindHost: host, port: port,
                credentials: .init(webhookSecret: webhookSecret, slackToken: slackToken, openclawToken: openclawToken),
                extraPorts: extraPorts, control: true)
            sink.failEvery(failEvery, timeout: .milliseconds(timeoutMilliseconds))
            // Written unbuffered: a script reads this line while the sink runs.
            let line = (["sink", String(ProcessInfo.processInfo.processIdentifier), sink.baseURL] + sink.extraBaseURLs)
                .joined(separator: " ")
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            let logger = CommandLogging.bootstrap(level: .warning)
            try await ServiceGroup(
                services: [SinkService(sink: sink)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger
            ).run()
        }
    }
}

/// Keeps the sink until graceful shutdown (SIGTERM or SIGINT), then closes its ports.
private struct SinkService: Service {
    let sink: SideEffectSink

    func run() async throws {
        try? await gracefulShutdown()
        await sink.shutdown()
    }
}
