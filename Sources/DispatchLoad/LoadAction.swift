import Foundation
import Histogram

/// Something a load run does to itself mid-run: a fault for the zero-loss tests (a worker killed, the sink
/// down, a receiver slowed, the database restarted). Actions run in the order given, each once its trigger holds.
public struct LoadAction: Sendable {
    public enum Trigger: Sendable {
        /// Once this share of the expected deliveries arrived.
        case share(Double)
        /// This long after the first event was written.
        case seconds(Double)
    }

    public enum Kind: Sendable {
        /// A sink control route (`/_sink/outage?seconds=30&retry_after=5`, `/_sink/faults?service=webhook&delay_ms=1500`).
        case sink(String)
        /// Anything else: `kill(pid, SIGKILL)`, a database restart.
        case run(@Sendable () async throws -> Void)
    }

    public var label: String
    public var trigger: Trigger
    public var kind: Kind

    public init(_ label: String, at trigger: Trigger, _ kind: Kind) {
        self.label = label
        self.trigger = trigger
        self.kind = kind
    }

    func due(received: Int, expected: Int, elapsed: Double) -> Bool {
        switch trigger {
        case .share(let share): Double(received) >= share * Double(expected)
        case .seconds(let seconds): elapsed >= seconds
        }
    }

    func perform(on receivers: LoadReceivers) async throws {
        switch kind {
        case .sink(let route): try await receivers.control(route)
        case .run(let body): try await body()
        }
    }
}

/// Event-to-delivery latency of one receiving service.
public struct ServiceLatency: Sendable {
    public var service: String
    public var delivered: Int
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double
    public var maxMilliseconds: Double

    var summary: String {
        service + String(format: " %d p50 %.1f ms p99 %.1f ms", delivered, p50Milliseconds, p99Milliseconds)
    }

    static func measure(
        services: [(name: String, integration: UUID)], receipts: [String: Date], createdAt: [UUID: Date]
    ) -> [ServiceLatency] {
        var histograms: [UUID: Histogram<UInt64>] = [:]
        for (key, receivedAt) in receipts {
            let parts = key.split(separator: ":")
            guard parts.count == 2, let event = UUID(uuidString: String(parts[0])),
                let integration = UUID(uuidString: String(parts[1])), let created = createdAt[event]
            else { continue }
            var histogram =
                histograms[integration]
                ?? Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
            _ = histogram.record(UInt64(max(0, receivedAt.timeIntervalSince(created)) * 1_000_000))
            histograms[integration] = histogram
        }
        return services.map { service in
            let histogram = histograms[service.integration]
            return ServiceLatency(
                service: service.name, delivered: Int(histogram?.totalCount ?? 0),
                p50Milliseconds: Double(histogram?.valueAtPercentile(50) ?? 0) / 1000,
                p99Milliseconds: Double(histogram?.valueAtPercentile(99) ?? 0) / 1000,
                maxMilliseconds: Double(histogram?.max ?? 0) / 1000)
        }
    }
}
