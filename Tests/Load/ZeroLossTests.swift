import DispatchLoad
import EventDispatch
import Foundation
import Logging
import Persistence
import ProtocolFakes
import TestSupport
import Testing

/// Zero loss when things die: each test runs a bounded load, breaks something mid-run, and checks that every
/// expected delivery arrived, none went dead, and re-sends stayed within the at-least-once case. Each prints
/// received / expected / duplicates / dead.
@Suite("Dispatch zero loss", .tags(.slow), .serialized)
struct ZeroLossTests {
    static let logger: Logger = {
        var logger = Logger(label: "zero-loss")
        logger.logLevel = ProcessInfo.processInfo.environment["ZERO_LOSS_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
        return logger
    }()

    static func options(requests: Int, maximumAttempts: Int = 8) -> DispatchLoadRun.Options {
        var options = DispatchLoadRun.Options()
        options.requests = requests
        options.failEvery = 0
        options.workers = 2
        options.crashWorkerAt = nil
        options.maximumSeconds = Double(LoadBudget.maximumSeconds)
        options.settings.retry.maximumAttempts = maximumAttempts
        // Generous for a machine shared with compilers: a receiver's 200 read after the deadline is a re-send
        // (at-least-once), which these tests would count against the engine.
        options.settings.sendTimeout = .seconds(2)
        options.settings.leaseDuration = .seconds(8)
        return options
    }

    static func run(_ options: DispatchLoadRun.Options, on location: PostgresLocation) async throws -> DispatchLoadRun.Report {
        let store = try PostgresStore(location, logger: logger, maximumConnections: 10)
        return try await DatabaseStores.withRunning(store) { store in
            try await DispatchLoadRun(options: options).run(store: store, logger: logger)
        }
    }

    static func summary(_ name: String, _ report: DispatchLoadRun.Report) -> String {
        """
        \(name): received \(report.receivedKeys) / expected \(report.expected), duplicates \(report.duplicates), \
        dead \(report.statusCounts[.dead, default: 0]), in flight \(report.statusCounts[.inFlight, default: 0])
        \(report.description)
        """
    }

    static func expectNothingLost(_ report: DispatchLoadRun.Report, expected: Int) {
        #expect(report.expected == expected)
        #expect(report.lostKeys.isEmpty, "lost: \(report.lostKeys.prefix(5))")
        #expect(report.receivedKeys == expected)
        #expect(report.unexpectedKeys == 0)
        #expect(report.badSignatures == 0)
        #expect(report.statusCounts[.delivered] == expected)
        #expect(report.statusCounts[.dead, default: 0] == 0)
        #expect(report.statusCounts[.inFlight, default: 0] == 0)
    }

    @Test("the sink down for 30 s (503 with Retry-After: 5): backoff, then everything delivered")
    func sinkDown() async throws {
        var options = Self.options(requests: 600, maximumAttempts: 12)
        // Twelve attempts of the run's own backoff (20 ms to 200 ms) last under 3 s: only by waiting as
        // Retry-After says does a delivery outlive a 30 s outage.
        options.actions = [LoadAction("sink down 30 s", at: .share(0.2), .sink("/_sink/outage?seconds=30&retry_after=5"))]
        let run = options
        let report = try await TestDatabases.withPostgresLocation(migrated: true) { try await Self.run(run, on: $0) }
        print(Self.summary("sink down", report))
        Self.expectNothingLost(report, expected: 1_800)
        #expect(report.outageAnswers > 0)
        #expect(report.seconds >= 30)
        #expect(report.actionsTaken.count == 1)
    }

    @Test("a webhook receiver slower than the send timeout for 12 s: timeouts, Slack and Discord not held up")
    func slowReceiver() async throws {
        var options = Self.options(requests: 600, maximumAttempts: 40)
        options.actions = [
            LoadAction("webhook answers after 3 s", at: .seconds(0), .sink("/_sink/faults?service=webhook&delay_ms=3000")),
            LoadAction("webhook answers at once", at: .seconds(12), .sink("/_sink/faults?service=webhook&delay_ms=0")),
        ]
        let run = options
        let report = try await TestDatabases.withPostgresLocation(migrated: true) { try await Self.run(run, on: $0) }
        print(Self.summary("slow receiver", report))
        Self.expectNothingLost(report, expected: 1_800)
        let latency = Dictionary(uniqueKeysWithValues: report.services.map { ($0.service, $0) })
        // The webhook's deliveries waited out the slow window; Slack's and Discord's did not wait for them: held
        // up behind the webhook's sends, their last deliveries would arrive with the webhook's, after most of
        // them. Relative, not a time limit, so a loaded machine slows both sides alike.
        let webhook = try #require(latency["webhook"])
        #expect(webhook.p99Milliseconds >= 8_000)
        #expect(try #require(latency["slack"]).p99Milliseconds < webhook.p50Milliseconds)
        #expect(try #require(latency["discord"]).p99Milliseconds < webhook.p50Milliseconds)
        #expect(report.faultsInjected > 0)
    }

    @Test("one of two worker processes killed with SIGKILL mid-load: its leases are taken over")
    func workerKilled() async throws {
        let secretsKey = "zero-loss-secrets-key-0123456789abcdef"
        let sink = try await SideEffectSink.start(
            credentials: .init(webhookSecret: "zero-loss-webhook-secret-0001", slackToken: "xoxb-zero-loss"), extraPorts: 2,
            control: true)
        let report: DispatchLoadRun.Report
        do {
            report = try await TestDatabases.withPostgresLocation(migrated: true) { location in
                let workers = try (0..<2).map { _ in
                    try LoadProcesses.worker(
                        database: location, secretsKey: secretsKey, slackBase: sink.extraBaseURLs[0] + "/slack/api",
                        discordBase: sink.extraBaseURLs[1] + "/discord/api")
                }
                defer { workers.forEach(LoadProcesses.stop) }
                var options = Self.options(requests: 600)
                options.remoteSink = .init(
                    baseURLs: [sink.baseURL] + sink.extraBaseURLs, webhookSecret: sink.webhookSecret, slackToken: sink.slackToken)
                options.externalEngine = workers.map(\.processIdentifier)
                options.secretsKey = secretsKey
                let victim = workers[0].processIdentifier
                options.actions = [LoadAction("SIGKILL worker \(victim)", at: .share(0.3), .run({ _ = kill(victim, SIGKILL) }))]
                return try await Self.run(options, on: location)
            }
        } catch {
            await sink.shutdown()
            throw error
        }
        await sink.shutdown()
        print(Self.summary("worker killed", report))
        Self.expectNothingLost(report, expected: 1_800)
        #expect(report.actionsTaken.count == 1)
        // Re-sends only of what the killed worker had in flight: at most its 16 slots per adapter.
        #expect(report.duplicates <= 48)
    }

    @Test("PostgreSQL restarted mid-load (a private cluster): reconnects, nothing lost, nothing left in flight")
    func databaseRestarted() async throws {
        let cluster = try PrivateCluster.start()
        defer { cluster.remove() }
        let admin = cluster.location
        let database = admin.with(database: "zero_loss")
        try LoadProcesses.run([
            "PGPASSWORD=agentplanner", "\(PrivateCluster.binaries)/psql", "-h", "127.0.0.1", "-p", String(cluster.port), "-U",
            "agentplanner", "-d", "postgres", "-c", "CREATE DATABASE zero_loss",
        ])
        let store = try PostgresStore(database, logger: Self.logger, maximumConnections: 10)
        try await DatabaseStores.withRunning(store) { store in _ = try await Migrator(store: store).migrate(logger: Self.logger) }
        var options = Self.options(requests: 600, maximumAttempts: 12)
        options.actions = [LoadAction("pg_ctl restart", at: .share(0.3), .run({ try cluster.control("restart") }))]
        let report = try await Self.run(options, on: database)
        print(Self.summary("database restarted", report))
        Self.expectNothingLost(report, expected: 1_800)
        #expect(report.actionsTaken.count == 1)
    }
}
