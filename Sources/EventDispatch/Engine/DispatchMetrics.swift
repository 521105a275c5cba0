import CoreMetrics
import Foundation
import Persistence
import Synchronization

/// The dispatch engine's figures, through swift-metrics with an explicit factory: a server passes the factory
/// of its own registry, so several servers in one process (the tests) keep separate figures; a process that
/// bootstrapped `MetricsSystem` can pass nothing.
///
/// | name | type | labels |
/// |---|---|---|
/// | `agentplanner_dispatch_events_fanned_out_total` | counter | |
/// | `agentplanner_dispatch_deliveries_created_total` | counter | |
/// | `agentplanner_dispatch_attempts_total` | counter | `adapter` |
/// | `agentplanner_dispatch_deliveries_total` | counter | `adapter`, `status` (`delivered`, `failed`, `dead`) |
/// | `agentplanner_dispatch_dead_letters_total` | counter | `adapter` |
/// | `agentplanner_dispatch_leases_lost_total` | counter | `adapter` |
/// | `agentplanner_dispatch_lease_takeovers_total` | counter | `adapter` |
/// | `agentplanner_dispatch_delivery_latency_seconds` | histogram | `adapter` |
public struct DispatchMetrics: Sendable {
    let factory: any MetricsFactory
    /// Counters and timers made once per label and dimensions: making one per delivery costs a registry
    /// lookup (and its lock) each time.
    private let counters = MetricCache<Counter>()
    private let timers = MetricCache<CoreMetrics.Timer>()

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    private func counter(_ label: String, _ dimensions: [(String, String)] = []) -> Counter {
        counters.get(label, dimensions) { Counter(label: label, dimensions: dimensions, factory: factory) }
    }

    /// Histogram buckets for `agentplanner_dispatch_delivery_latency_seconds`: retries stretch it to hours.
    public static let latencyBuckets: [Duration] = [
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
        .seconds(5), .seconds(10), .seconds(30), .seconds(60), .seconds(300), .seconds(900), .seconds(3600),
    ]
    public static let latencyLabel = "agentplanner_dispatch_delivery_latency_seconds"

    func fannedOut(_ result: EventFanout.BatchResult) {
        guard result.events > 0 else { return }
        counter("agentplanner_dispatch_events_fanned_out_total").increment(by: result.events)
        counter("agentplanner_dispatch_deliveries_created_total").increment(by: result.deliveries)
    }

    func attempted(_ adapter: MessagingAdapterKind) {
        counter("agentplanner_dispatch_attempts_total", [("adapter", adapter.rawValue)]).increment()
    }

    /// An outcome the lease holder recorded. The latency runs from the delivery's creation (fan-out, within a
    /// poll interval of the event) to the successful send, retries included.
    func recorded(_ outcome: DeliveryOutcome, of delivery: MessageDelivery, at now: Date) {
        let adapter = delivery.adapter.rawValue
        let status: DeliveryStatus
        switch outcome {
        case .delivered:
            status = .delivered
            let seconds = max(0, now.timeIntervalSince(delivery.createdAt))
            timers.get(Self.latencyLabel, [("adapter", adapter)]) {
                Timer(label: Self.latencyLabel, dimensions: [("adapter", adapter)], factory: factory)
            }.recordNanoseconds(Int64(seconds * 1e9))
        case .retry: status = .failed
        case .dead:
            status = .dead
            counter("agentplanner_dispatch_dead_letters_total", [("adapter", adapter)]).increment()
        }
        counter("agentplanner_dispatch_deliveries_total", [("adapter", adapter), ("status", status.rawValue)]).increment()
    }

    /// The worker claimed deliveries whose previous holder's lease had expired (`MessageDelivery.leaseExpiredNote`).
    func leaseTakeovers(_ adapter: MessagingAdapterKind, _ count: Int) {
        guard count > 0 else { return }
        counter("agentplanner_dispatch_lease_takeovers_total", [("adapter", adapter.rawValue)]).increment(by: count)
    }

    /// The worker finished a send after its lease had expired and another worker had taken the delivery over.
    func leaseLost(_ adapter: MessagingAdapterKind) {
        counter("agentplanner_dispatch_leases_lost_total", [("adapter", adapter.rawValue)]).increment()
    }
}

/// Metric handles by label and dimensions, made on first use.
private final class MetricCache<Metric: Sendable>: Sendable {
    private let entries = Mutex<[String: Metric]>([:])

    func get(_ label: String, _ dimensions: [(String, String)], make: () -> Metric) -> Metric {
        let key = ([label] + dimensions.map { $0.0 + "=" + $0.1 }).joined(separator: "\u{1}")
        return entries.withLock { entries in
            if let metric = entries[key] { return metric }
            let metric = make()
            entries[key] = metric
            return metric
        }
    }
}
