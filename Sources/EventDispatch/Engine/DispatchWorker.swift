import Foundation
import Logging
import Persistence
import ServiceLifecycle
import Synchronization

/// Claims due deliveries with a lease, sends them through their adapter, records the outcome.
///
/// Per adapter at most `settings.concurrency(for:)` sends run at once. Graceful shutdown stops claiming and
/// lets in-flight sends finish and be recorded. Cancellation is a crash: in-flight sends are abandoned
/// unrecorded and their leases expire, after which any worker claims them again (at-least-once).
public final class DispatchWorker: Service, Sendable {
    public let name: String
    let id = UUID()
    let store: any DatabaseStore
    let adapters: AdapterRegistry
    let settings: DispatchSettings
    let secrets: SecretBox
    let wake: WakeSignal
    let logger: Logger
    private let inFlight = Mutex<[MessagingAdapterKind: Int]>([:])
    private let stopping = Mutex(false)
    private let integrationCache = IntegrationCache()
    private let recorder: OutcomeRecorder
    let metrics: DispatchMetrics

    public init(
        name: String? = nil, store: any DatabaseStore, adapters: AdapterRegistry, settings: DispatchSettings,
        secrets: SecretBox, hub: WakeHub, logger: Logger, metrics: DispatchMetrics = DispatchMetrics()
    ) {
        self.metrics = metrics
        self.name =
            name ?? "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/\(UUID().uuidString.prefix(8).lowercased())"
        self.store = store
        self.recorder = OutcomeRecorder(store: store)
        self.adapters = adapters
        self.settings = settings
        self.secrets = secrets
        self.wake = hub.register()
        self.logger = logger
    }

    public func run() async throws {
        let started = Date()
        try? await store.withSession { [id, name] session in
            try await session.dispatchMaintenance.registerWorker(
                id: id, name: name, host: ProcessInfo.processInfo.hostName,
                pid: Int(ProcessInfo.processInfo.processIdentifier), at: started)
        }
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                var lastHeartbeat = started
                while !Task.isCancelled, !stopping.withLock({ $0 }) {
                    let claimed = await claimRound(group: &group)
                    if Date().timeIntervalSince(lastHeartbeat) > 30 {
                        let beat = Date()
                        lastHeartbeat = beat
                        try? await store.withSession { [id] in try await $0.dispatchMaintenance.heartbeatWorker(id: id, at: beat) }
                    }
                    if claimed == 0 || !hasFreeSlot() { await wake.wait(timeout: settings.pollInterval) }
                }
            }
        } onGracefulShutdown: { [self] in
            stopping.withLock { $0 = true }
            wake.signal()
        }
        guard !Task.isCancelled else { return }
        try? await store.withSession { [id] in try await $0.dispatchMaintenance.stopWorker(id: id, at: Date()) }
    }

    /// Claims for every adapter with free slots, in one statement, and starts the sends; returns how many were
    /// claimed.
    private func claimRound(group: inout DiscardingTaskGroup) async -> Int {
        var limits: [MessagingAdapterKind: Int] = [:]
        inFlight.withLock { counts in
            for kind in adapters.kinds {
                let free = settings.concurrency(for: kind) - counts[kind, default: 0]
                // Claims go in batches (a quarter of the adapter's slots at least): one query per send would make
                // the claim query the bottleneck.
                if free >= claimThreshold(kind) { limits[kind] = free }
            }
        }
        guard !limits.isEmpty, !Task.isCancelled else { return 0 }
        let now = Date()
        let leaseUntil = now.addingTimeInterval(settings.leaseDuration.seconds)
        let claim: ClaimedBatch
        do {
            claim = try await store.withSession { [name, limits] session in
                let batch = try await session.deliveries.claimDue(limits: limits, owner: name, now: now, leaseUntil: leaseUntil)
                guard !batch.isEmpty else { return ClaimedBatch(deliveries: [], integrations: [:]) }
                return ClaimedBatch(deliveries: batch, integrations: try await integrationCache.resolve(batch, session: session))
            }
        } catch {
            if !Task.isCancelled { logger.error("claiming deliveries failed", metadata: ["error": "\(error)"]) }
            return 0
        }
        let batch = claim.deliveries
        guard !batch.isEmpty else { return 0 }
        var takeovers: [MessagingAdapterKind: Int] = [:]
        for delivery in batch where delivery.lastError == MessageDelivery.leaseExpiredNote {
            takeovers[delivery.adapter, default: 0] += 1
        }
        for (kind, count) in takeovers { metrics.leaseTakeovers(kind, count) }
        inFlight.withLock { counts in
            for delivery in batch { counts[delivery.adapter, default: 0] += 1 }
        }
        for delivery in batch {
            let integration = claim.integrations[delivery.integrationID]
            group.addTask { [self] in
                await process(delivery, integration: integration)
                let adapter = delivery.adapter
                // Only a send that makes a claim worthwhile again wakes the loop: waking it on every finished
                // send would run an empty claim query per delivery.
                let reopened = inFlight.withLock { counts -> Bool in
                    let freeBefore = settings.concurrency(for: adapter) - counts[adapter, default: 0]
                    counts[adapter, default: 0] -= 1
                    return freeBefore < claimThreshold(adapter) && freeBefore + 1 >= claimThreshold(adapter)
                }
                if reopened { wake.signal() }
            }
        }
        return batch.count
    }

    private func claimThreshold(_ kind: MessagingAdapterKind) -> Int {
        max(1, settings.concurrency(for: kind) / 4)
    }

    private func hasFreeSlot() -> Bool {
        inFlight.withLock { counts in
            adapters.kinds.contains { settings.concurrency(for: $0) - counts[$0, default: 0] >= claimThreshold($0) }
        }
    }

    /// Sends one claimed delivery and records what happened, unless the worker was cancelled meanwhile.
    func process(_ delivery: MessageDelivery, integration: MessagingIntegration?) async {
        let result = await send(delivery, integration: integration)
        metrics.attempted(delivery.adapter)
        // A failing integration is read afresh before its next send: a fixed secret or URL counts at once.
        if case .delivered = result {} else { integrationCache.evict(delivery.integrationID) }
        guard !Task.isCancelled else { return }
        let now = Date()
        let outcome = DeliveryDecision.outcome(for: result, attempt: delivery.attempts, policy: settings.retry, now: now)
        do {
            let recorded = try await recorder.record(
                OutcomeRecord(id: delivery.id, owner: name, attempt: delivery.attempts, outcome: outcome))
            if recorded {
                metrics.recorded(outcome, of: delivery, at: now)
            } else {
                metrics.leaseLost(delivery.adapter)
                logger.warning(
                    "delivery outcome not recorded: the lease was lost",
                    metadata: ["delivery": "\(delivery.id)", "worker": "\(name)"])
            }
        } catch {
            logger.error("recording a delivery failed", metadata: ["delivery": "\(delivery.id)", "error": "\(error)"])
        }
    }

    private func send(_ delivery: MessageDelivery, integration: MessagingIntegration?) async -> SendResult {
        guard let integration else { return .permanent("the integration was deleted", status: nil) }
        guard integration.isActive else { return .permanent("the integration is inactive", status: nil) }
        guard let adapter = adapters[delivery.adapter] else {
            return .permanent("no adapter for \(delivery.adapter.rawValue)", status: nil)
        }
        var secret: String?
        if let stored = integration.secret {
            do {
                secret = try secrets.open(stored)
            } catch {
                return .permanent("secret unreadable: \(error.description)", status: nil)
            }
        }
        return await adapter.send(OutboundMessage(delivery), to: IntegrationTarget(integration: integration, secret: secret))
    }
}

struct ClaimedBatch: Sendable {
    var deliveries: [MessageDelivery]
    var integrations: [UUID: MessagingIntegration]
}

/// What a send result means for the delivery row.
public enum DeliveryDecision {
    public static func outcome(for result: SendResult, attempt: Int, policy: RetryPolicy, now: Date) -> DeliveryOutcome {
        switch result {
        case .delivered(let status):
            return .delivered(responseStatus: status)
        case .permanent(let message, let status):
            return .dead(error: message, responseStatus: status)
        case .retryable(let message, let status, let retryAfter):
            guard attempt < policy.maximumAttempts else {
                return .dead(error: "gave up after \(attempt) attempts: \(message)", responseStatus: status)
            }
            let delay = retryAfter.map(policy.retryAfter) ?? policy.delay(afterAttempt: attempt)
            return .retry(error: message, responseStatus: status, nextAttemptAt: now.addingTimeInterval(delay.seconds))
        }
    }
}
