import AgentPlannerCore
import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// Turns outbox events into deliveries: one per active integration of the event's recipient that subscribes to
/// it, keyed `<event id>:<integration id>`, so fanning an event out twice creates nothing new.
public struct EventFanout: Sendable {
    let store: any DatabaseStore
    let adapters: AdapterRegistry
    let batchSize: Int

    public init(store: any DatabaseStore, adapters: AdapterRegistry, batchSize: Int = 500) {
        self.store = store
        self.adapters = adapters
        self.batchSize = max(1, batchSize)
    }

    public struct BatchResult: Sendable, Equatable {
        public var events: Int
        public var deliveries: Int
    }

    /// Fans out the oldest batch of undispatched events in one transaction.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> BatchResult {
        let adapters = self.adapters
        let batchSize = self.batchSize
        return try await store.transaction { session in
            let events = try await session.outbox.claimUndispatched(limit: batchSize)
            guard !events.isEmpty else { return BatchResult(events: 0, deliveries: 0) }
            let recipients = events.compactMap(EventRouting.recipient)
            let integrations = try await session.messagingIntegrations.active(userIDs: recipients)
            let byUser = Dictionary(grouping: integrations, by: \.userID)
            var rows: [NewDelivery] = []
            for event in events {
                guard let recipient = EventRouting.recipient(event) else { continue }
                for integration in byUser[recipient] ?? [] {
                    let subscriptions =
                        integration.events.isEmpty ? adapters[integration.adapter]?.defaultEvents ?? [] : integration.events
                    guard EventRouting.subscribed(subscriptions, to: event) else { continue }
                    let key = MessageDelivery.idempotencyKey(event: event.id, integration: integration.id)
                    rows.append(
                        NewDelivery(
                            eventID: event.id, integrationID: integration.id, adapter: integration.adapter,
                            eventType: EventRouting.v1Event(event), payload: EventRouting.body(event, idempotencyKey: key),
                            createdAt: now))
                }
            }
            let inserted = try await session.deliveries.insertIgnoringDuplicates(rows)
            try await session.outbox.markDispatched(events.map(\.id), at: now)
            if inserted > 0 { try await session.outbox.notify() }
            return BatchResult(events: events.count, deliveries: inserted)
        }
    }
}

/// Runs fan-out whenever woken (a new event) or every poll interval.
public struct FanoutService: Service {
    let fanout: EventFanout
    let wake: WakeSignal
    let hub: WakeHub
    let pollInterval: Duration
    let logger: Logger
    let metrics: DispatchMetrics

    public init(
        fanout: EventFanout, hub: WakeHub, pollInterval: Duration, logger: Logger,
        metrics: DispatchMetrics = DispatchMetrics()
    ) {
        self.fanout = fanout
        self.metrics = metrics
        self.hub = hub
        self.wake = hub.register(.fanout)
        self.pollInterval = pollInterval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let result = try await fanout.runOnce()
                    metrics.fannedOut(result)
                    if result.deliveries > 0 { hub.wake(.worker) }
                    if result.events == fanout.batchSize { continue }
                } catch {
                    if Task.isCancelled { break }
                    logger.error("dispatch fan-out failed", metadata: ["error": "\(error)"])
                }
                await wake.wait(timeout: pollInterval)
            }
        }
    }
}
