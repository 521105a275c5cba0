import AgentPlannerCore
import EventDispatch
import Foundation
import Histogram
import Logging
import Persistence
import ProtocolFakes

/// A bounded fault-injection load run of the dispatch engine against loopback protocol fakes: `requests`
/// agent-request events fanned out to a webhook, a Slack and a Discord integration, a share of the sends
/// failing (5xx, timeouts, 429, closed connections), and optionally one worker crashed mid-run.
public struct DispatchLoadRun: Sendable {
    public struct Options: Sendable {
        public var requests = 2_000
        /// Every `failEvery`-th request a fake receives fails (10 → 10%); 0 disables faults.
        public var failEvery = 10
        public var workers = 2
        /// Cancel one worker (a crash: leases left to expire) once this share of the deliveries arrived.
        public var crashWorkerAt: Double? = 0.3
        /// Offered load in deliveries per second (events arrive at this rate divided by the three integrations,
        /// one transaction each); nil inserts all events at once in batches (a burst: throughput).
        public var deliveriesPerSecond: Double?
        /// The run gives up waiting after this long and reports what it has.
        public var maximumSeconds = 120.0
        /// A standalone `agentplanner sink` to send to instead of one in this process.
        public var remoteSink: LoadReceivers.Remote?
        /// The engine runs in these `agentplanner worker` processes on the same database (scale-out): this
        /// process only writes events and watches; `workers` and `crashWorkerAt` are ignored.
        public var externalEngine: [Int32]?
        /// Faults the run injects into itself as it goes (the zero-loss tests).
        public var actions: [LoadAction] = []
        /// The key the integrations' secrets are sealed with (an external engine's `AGENTPLANNER_SECRETS_KEY`).
        public var secretsKey = "load-run-secrets-key-0123456789abcdef"
        public var settings: DispatchSettings

        public init() {
            var settings = DispatchSettings()
            settings.retry = RetryPolicy(base: .milliseconds(20), cap: .milliseconds(200), maximumAttempts: 8)
            settings.sendTimeout = .milliseconds(500)
            settings.leaseDuration = .seconds(3)
            settings.pollInterval = .milliseconds(50)
            settings.concurrency = [.webhook: 16, .slack: 16, .discord: 16, .openclaw: 16]
            settings.cron.enabled = false
            self.settings = settings
        }
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var events: Int
        public var expected: Int
        /// Expected (event, integration) pairs that reached their receiver at least once.
        public var receivedKeys: Int
        /// Accepted sends beyond the first per key: at-least-once re-sends the receiver drops.
        public var duplicates: Int
        public var lostKeys: [String]
        public var unexpectedKeys: Int
        public var badSignatures: Int
        public var requestsSeen: Int
        public var faultsInjected: Int
        /// Answers the sink gave during an outage (`/_sink/outage`).
        public var outageAnswers: Int
        public var statusCounts: [DeliveryStatus: Int]
        public var crashedWorker: String?
        public var offeredPerSecond: Double?
        public var seconds: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double
        public var cpu: LoadRunCPU
        /// What `cpu.engine` covers.
        public var engineLabel: String
        /// What `cpu.sink` covers.
        public var sinkLabel: String
        /// Latency per receiving service (webhook, Slack, Discord).
        public var services: [ServiceLatency]
        /// The actions taken, with the second of the run each happened at.
        public var actionsTaken: [String]

        public var throughput: Double { seconds > 0 ? Double(receivedKeys) / seconds : 0 }

        /// Under offered load: deliveries per second over the offered window (or the run, when longer), and
        /// that as a share of the offered rate.
        public var achieved: (perSecond: Double, share: Double)? {
            guard let offeredPerSecond, offeredPerSecond > 0 else { return nil }
            let window = max(seconds, Double(expected) / offeredPerSecond)
            let perSecond = window > 0 ? Double(receivedKeys) / window : 0
            return (perSecond, perSecond / offeredPerSecond)
        }

        public var description: String {
            let statuses = DeliveryStatus.allCases.map { "\($0.rawValue)=\(statusCounts[$0, default: 0])" }
                .joined(separator: " ")
            return """
                events: \(events), expected deliveries: \(expected), received: \(receivedKeys), lost: \(lostKeys.count), \
                duplicates (re-sends dropped by the receiver): \(duplicates), unexpected: \(unexpectedKeys)
                receiver requests: \(requestsSeen), faults injected: \(faultsInjected), outage answers: \(outageAnswers), \
                bad signatures: \(badSignatures)
                rows: \(statuses)
                crashed worker: \(crashedWorker ?? "none"), offered load: \(offeredPerSecond.map { String(format: "%.0f deliveries/s", $0) } ?? "burst (all events at once)")
                elapsed: \(String(format: "%.2f", seconds)) s, throughput: \(String(format: "%.0f", throughput)) deliveries/s
                event-to-delivery latency: p50 \(String(format: "%.1f", p50Milliseconds)) ms, \
                p99 \(String(format: "%.1f", p99Milliseconds)) ms, max \(String(format: "%.1f", maxMilliseconds)) ms
                \(achieved.map { String(format: "achieved: %.0f deliveries/s, %.1f %% of offered\n", $0.perSecond, $0.share * 100) } ?? "")\
                CPU per delivery: \(cpu.perDelivery(receivedKeys, engineLabel: engineLabel, sinkLabel: sinkLabel))
                per service: \(services.map(\.summary).joined(separator: ", "))
                \(actionsTaken.isEmpty ? "actions: none" : "actions: " + actionsTaken.joined(separator: "; "))
                """
        }
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func run(store: any DatabaseStore, logger: Logger) async throws -> Report {
        let receivers = try await LoadReceivers.start(
            remote: options.remoteSink, failEvery: options.failEvery, timeoutDelay: options.settings.sendTimeout * 3)
        do {
            let report = try await drive(store: store, receivers: receivers, logger: logger)
            await receivers.shutdown()
            return report
        } catch {
            await receivers.shutdown()
            throw error
        }
    }

    private func drive(store: any DatabaseStore, receivers: LoadReceivers, logger: Logger) async throws -> Report {
        var settings = options.settings
        settings.endpoints.slackAPIBaseURL = receivers.slackAPIBaseURL
        settings.endpoints.discordAPIBaseURL = receivers.discordAPIBaseURL
        let secrets = SecretBox(secretsKey: options.secretsKey, legacySlackKey: nil)
        let (recipient, integrationIDs) = try await LoadFixtures.recipient(store: store, receivers: receivers, secrets: secrets)
        let engine = DispatchEngine(store: store, settings: settings, secrets: secrets)
        let inProcess = options.externalEngine == nil
        var workers = (0..<(inProcess ? max(1, options.workers) : 0)).map {
            engine.makeWorker(name: "load-worker-\($0)", logger: logger)
        }
        let services = inProcess ? engine.coordinationServices(logger: logger) : []

        let serviceTasks = services.map { service in Task { try? await service.run() } }
        var workerTasks = workers.map { worker in Task { try? await worker.run() } }
        let allTasks = serviceTasks + workerTasks
        defer {
            for task in serviceTasks + workerTasks { task.cancel() }
        }
        let cpu = LoadCPU(enginePIDs: options.externalEngine)
        let cpuStart = await cpu.sample(store: store, sinkSeconds: try await receivers.sinkCPUSeconds())

        let started = Date()
        let createdAt: [UUID: Date]
        if let rate = options.deliveriesPerSecond {
            createdAt = try await LoadFixtures.insertPaced(
                store: store, count: options.requests, perSecond: rate / Double(integrationIDs.count), recipient: recipient)
        } else {
            createdAt = try await LoadFixtures.insertEvents(store: store, count: options.requests, recipient: recipient)
        }
        let expected = Set(createdAt.keys.flatMap { event in integrationIDs.map { MessageDelivery.idempotencyKey(event: event, integration: $0) } })

        var crashed: String?
        var pending = options.actions
        var actionsTaken: [String] = []
        // The bound covers delivery; inserting the events (slow on a busy machine) does not eat into it.
        let deadline = Date().addingTimeInterval(options.maximumSeconds)
        var lastProgress = Date()
        while Date() < deadline {
            // A count first: building the key set on every turn would load the machine being measured.
            let receivedCount = try await receivers.stats().acceptedKeys
            if crashed == nil, let share = options.crashWorkerAt, workers.count > 1,
                Double(receivedCount) >= share * Double(expected.count)
            {
                workerTasks[0].cancel()
                crashed = workers[0].name
                workerTasks.removeFirst()
                workers.removeFirst()
            }
            let elapsed = Date().timeIntervalSince(started)
            while let action = pending.first, action.due(received: receivedCount, expected: expected.count, elapsed: elapsed) {
                pending.removeFirst()
                try await action.perform(on: receivers)
                actionsTaken.append(action.label + String(format: " at %.1f s", elapsed))
            }
            if receivedCount >= expected.count, expected.isSubset(of: try await receivers.firstReceipts().keys) {
                // Unanswered while the database restarts (a zero-loss test): asked again on the next turn.
                if let open = try? await store.withSession({ try await $0.deliveries.countsByStatus() }),
                    open[.pending, default: 0] + open[.failed, default: 0] + open[.inFlight, default: 0] == 0
                {
                    break
                }
            }
            if receivedCount < expected.count { lastProgress = Date() }
            try await Task.sleep(for: .milliseconds(inProcess && receivers.inProcess ? 50 : 100))
        }
        let sinkStats = try await receivers.stats()
        let cpuEnd = await cpu.sample(store: store, sinkSeconds: receivers.inProcess ? nil : sinkStats.cpuSeconds)
        let firstReceipts = try await receivers.firstReceipts()
        let finished = firstReceipts.values.max() ?? lastProgress
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        for (key, receivedAt) in firstReceipts {
            guard let event = key.split(separator: ":").first.flatMap({ UUID(uuidString: String($0)) }),
                let created = createdAt[event]
            else { continue }
            _ = histogram.record(UInt64(max(0, receivedAt.timeIntervalSince(created)) * 1_000_000))
        }
        let counts = try await store.withSession { try await $0.deliveries.countsByStatus() }
        // Stop everything before the store closes, so no loop asks a closed pool for a connection.
        for task in allTasks { task.cancel() }
        for task in allTasks { await task.value }
        let received = Set(firstReceipts.keys)
        return Report(
            events: createdAt.count, expected: expected.count, receivedKeys: expected.intersection(received).count,
            duplicates: sinkStats.duplicates, lostKeys: Array(expected.subtracting(received)).sorted(),
            unexpectedKeys: received.subtracting(expected).count, badSignatures: sinkStats.badSignatures,
            requestsSeen: sinkStats.requests, faultsInjected: sinkStats.refused, outageAnswers: sinkStats.outageAnswers, statusCounts: counts,
            crashedWorker: crashed, offeredPerSecond: options.deliveriesPerSecond, seconds: finished.timeIntervalSince(started),
            p50Milliseconds: Double(histogram.valueAtPercentile(50)) / 1000,
            p99Milliseconds: Double(histogram.valueAtPercentile(99)) / 1000,
            maxMilliseconds: Double(histogram.max) / 1000, cpu: LoadCPU.difference(from: cpuStart, to: cpuEnd),
            engineLabel: inProcess ? (receivers.inProcess ? "engine+sink+event writer" : "engine+event writer") : "worker processes",
            sinkLabel: receivers.inProcess ? "sink (in the engine's process)" : "sink",
            services: ServiceLatency.measure(
                services: Array(zip(["webhook", "slack", "discord"], integrationIDs)).map { (name: $0.0, integration: $0.1) },
                receipts: firstReceipts, createdAt: createdAt),
            actionsTaken: actionsTaken)
    }
}
