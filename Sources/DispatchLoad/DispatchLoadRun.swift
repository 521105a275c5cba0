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
        public var statusCounts: [DeliveryStatus: Int]
        public var crashedWorker: String?
        public var offeredPerSecond: Double?
        public var seconds: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        public var maxMilliseconds: Double

        public var throughput: Double { seconds > 0 ? Double(receivedKeys) / seconds : 0 }

        public var description: String {
            let statuses = DeliveryStatus.allCases.map { "\($0.rawValue)=\(statusCounts[$0, default: 0])" }
                .joined(separator: " ")
            return """
                events: \(events), expected deliveries: \(expected), received: \(receivedKeys), lost: \(lostKeys.count), \
                duplicates (re-sends dropped by the receiver): \(duplicates), unexpected: \(unexpectedKeys)
                receiver requests: \(requestsSeen), faults injected: \(faultsInjected), bad signatures: \(badSignatures)
                rows: \(statuses)
                crashed worker: \(crashedWorker ?? "none"), offered load: \(offeredPerSecond.map { String(format: "%.0f deliveries/s", $0) } ?? "burst (all events at once)")
                elapsed: \(String(format: "%.2f", seconds)) s, throughput: \(String(format: "%.0f", throughput)) deliveries/s
                event-to-delivery latency: p50 \(String(format: "%.1f", p50Milliseconds)) ms, \
                p99 \(String(format: "%.1f", p99Milliseconds)) ms, max \(String(format: "%.1f", maxMilliseconds)) ms
                """
        }
    }

    public let options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    public func run(store: any DatabaseStore, logger: Logger) async throws -> Report {
        let fakes = try await LoadFakes.start(failEvery: options.failEvery, timeoutDelay: options.settings.sendTimeout * 3)
        do {
            let report = try await drive(store: store, fakes: fakes, logger: logger)
            await fakes.shutdown()
            return report
        } catch {
            await fakes.shutdown()
            throw error
        }
    }

    private func drive(store: any DatabaseStore, fakes: LoadFakes, logger: Logger) async throws -> Report {
        var settings = options.settings
        settings.endpoints.slackAPIBaseURL = fakes.slack.baseURL + "/api"
        settings.endpoints.discordAPIBaseURL = fakes.discord.baseURL + "/api"
        let secrets = SecretBox(secretsKey: "load-run-secrets-key", legacySlackKey: nil)
        let (recipient, integrationIDs) = try await LoadFixtures.recipient(store: store, fakes: fakes, secrets: secrets)
        let engine = DispatchEngine(store: store, settings: settings, secrets: secrets)
        var workers = (0..<max(1, options.workers)).map { engine.makeWorker(name: "load-worker-\($0)", logger: logger) }
        let services = engine.coordinationServices(logger: logger)

        let serviceTasks = services.map { service in Task { try? await service.run() } }
        var workerTasks = workers.map { worker in Task { try? await worker.run() } }
        let allTasks = serviceTasks + workerTasks
        defer {
            for task in serviceTasks + workerTasks { task.cancel() }
        }

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
        // The bound covers delivery; inserting the events (slow on a busy machine) does not eat into it.
        let deadline = Date().addingTimeInterval(options.maximumSeconds)
        var lastProgress = Date()
        while Date() < deadline {
            // A count first: building the key set on every turn would load the machine being measured.
            let receivedCount = fakes.acceptedKeyCount()
            if crashed == nil, let share = options.crashWorkerAt, workers.count > 1,
                Double(receivedCount) >= share * Double(expected.count)
            {
                workerTasks[0].cancel()
                crashed = workers[0].name
                workerTasks.removeFirst()
                workers.removeFirst()
            }
            if receivedCount >= expected.count, expected.isSubset(of: fakes.receivedKeys()) {
                let open = try await store.withSession { try await $0.deliveries.countsByStatus() }
                if open[.pending, default: 0] + open[.failed, default: 0] + open[.inFlight, default: 0] == 0 { break }
            }
            if receivedCount < expected.count { lastProgress = Date() }
            try await Task.sleep(for: .milliseconds(50))
        }
        let firstReceipts = fakes.firstReceipts()
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
            duplicates: fakes.duplicateSends(), lostKeys: Array(expected.subtracting(received)).sorted(),
            unexpectedKeys: received.subtracting(expected).count, badSignatures: fakes.badSignatures(),
            requestsSeen: fakes.requestCount(), faultsInjected: fakes.faultCount(), statusCounts: counts,
            crashedWorker: crashed, offeredPerSecond: options.deliveriesPerSecond, seconds: finished.timeIntervalSince(started),
            p50Milliseconds: Double(histogram.valueAtPercentile(50)) / 1000,
            p99Milliseconds: Double(histogram.valueAtPercentile(99)) / 1000,
            maxMilliseconds: Double(histogram.max) / 1000)
    }
}
