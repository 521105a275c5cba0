import ArgumentParser
import DispatchLoad
import Foundation
import Logging
import Persistence

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Bounded load runs against loopback receivers; prints throughput and latency figures.",
        subcommands: [DispatchRun.self]
    )

    struct DispatchRun: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dispatch",
            abstract: "Agent requests fanned out to webhook, Slack and Discord fakes, with injected failures.")

        @Option(name: .customLong("database-url"), help: "A scratch database (default: temporary SQLite). It is migrated and written to.")
        var databaseURL: String?

        @Option(help: "Agent request events to insert (1 to 100000).")
        var requests = 2_000

        @Option(name: .customLong("fail-every"), help: "Every Nth request a receiver gets fails (0: no failures).")
        var failEvery = 10

        @Option(help: "Workers (1 to 16).")
        var workers = 2

        @Option(help: "Concurrent sends per adapter per worker.")
        var concurrency = 16

        @Flag(name: .customLong("crash-worker"), help: "Cancel one worker abruptly after 30% of the deliveries.")
        var crashWorker = false

        @Option(
            help: "Offered load in deliveries/s: events arrive at this rate / 3, one transaction each (default: all at once).")
        var rate: Double?

        @Option(
            name: .customLong("sink"),
            help: "Base URL of a running `agentplanner sink` (repeat for its extra ports: webhook, Slack, Discord).")
        var sinks: [String] = []

        @Option(name: .customLong("sink-webhook-secret"), help: "The sink's --webhook-secret.")
        var sinkWebhookSecret = "load-run-webhook-signing-secret"

        @Option(name: .customLong("sink-slack-token"), help: "The sink's --slack-token.")
        var sinkSlackToken = "xoxb-load-run"

        @Option(
            name: .customLong("engine-pid"),
            help: "The engine runs in this `agentplanner worker` process (repeat for several); none starts here.")
        var enginePIDs: [Int32] = []

        @Option(name: .customLong("secrets-key"), help: "The workers' AGENTPLANNER_SECRETS_KEY (with --engine-pid).")
        var secretsKey: String?

        @Option(name: .customLong("max-seconds"), help: "Give up waiting for deliveries after this long.")
        var maximumSeconds = 120.0

        func validate() throws {
            guard (1...100_000).contains(requests) else { throw ValidationError("--requests must be 1 to 100000") }
            guard failEvery >= 0 else { throw ValidationError("--fail-every must be 0 or more") }
            guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1 to 16") }
            guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 256") }
            if let rate, !(1...100_000).contains(rate) { throw ValidationError("--rate must be 1 to 100000 deliveries/s") }
            for sink in sinks where !(sink.hasPrefix("http://") || sink.hasPrefix("https://")) {
                throw ValidationError("--sink must be an http(s) base URL, got '\(sink)'")
            }
            if sinks.count > 3 { throw ValidationError("--sink may be given at most 3 times") }
            if let secretsKey, secretsKey.utf8.count < 32 { throw ValidationError("--secrets-key must be at least 32 characters") }
            if !enginePIDs.isEmpty, databaseURL == nil {
                throw ValidationError("--engine-pid needs --database-url (the workers' database)")
            }
            guard (1...3600).contains(maximumSeconds) else { throw ValidationError("--max-seconds must be 1 to 3600") }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.bootstrap(level: .warning)
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agentplanner-load-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                let location =
                    try databaseURL.map { try DatabaseLocation(url: $0) }
                    ?? .sqlite(path: folder.appendingPathComponent("load.sqlite").path)
                var options = DispatchLoadRun.Options()
                options.requests = requests
                options.failEvery = failEvery
                options.workers = workers
                options.crashWorkerAt = crashWorker ? 0.3 : nil
                options.deliveriesPerSecond = rate
                options.maximumSeconds = maximumSeconds
                if !sinks.isEmpty {
                    options.remoteSink = .init(baseURLs: sinks, webhookSecret: sinkWebhookSecret, slackToken: sinkSlackToken)
                }
                if !enginePIDs.isEmpty { options.externalEngine = enginePIDs }
                if let secretsKey { options.secretsKey = secretsKey }
                for adapter in options.settings.concurrency.keys { options.settings.concurrency[adapter] = concurrency }
                let run = DispatchLoadRun(options: options)
                let report = try await DatabaseStores.withStore(location, logger: logger) { store in
                    try await Migrator(store: store).migrate(logger: logger)
                    return try await run.run(store: store, logger: logger)
                }
                let engine = enginePIDs.isEmpty ? "\(workers) workers in this process" : "\(enginePIDs.count) worker processes"
                print("dispatch load on \(location.dialect): \(requests) requests, \(engine), fail every \(failEvery)")
                print(report.description)
            }
        }
    }
}
