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

        func validate() throws {
            guard (1...100_000).contains(requests) else { throw ValidationError("--requests must be 1 to 100000") }
            guard failEvery >= 0 else { throw ValidationError("--fail-every must be 0 or more") }
            guard (1...16).contains(workers) else { throw ValidationError("--workers must be 1 to 16") }
            guard (1...256).contains(concurrency) else { throw ValidationError("--concurrency must be 1 to 256") }
            if let rate, !(1...100_000).contains(rate) { throw ValidationError("--rate must be 1 to 100000 deliveries/s") }
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
                for adapter in options.settings.concurrency.keys { options.settings.concurrency[adapter] = concurrency }
                let run = DispatchLoadRun(options: options)
                let report = try await DatabaseStores.withStore(location, logger: logger) { store in
                    try await Migrator(store: store).migrate(logger: logger)
                    return try await run.run(store: store, logger: logger)
                }
                print("dispatch load on \(location.dialect): \(requests) requests, \(workers) workers, fail every \(failEvery)")
                print(report.description)
            }
        }
    }
}
