import AgentPlannerCore
import Foundation
import Persistence
import SQLKit

/// CPU time a load run cost, split by process: the engine (this process, or the worker processes given),
/// the receivers (a standalone sink) and PostgreSQL (the backends connected to the run's database; the
/// cluster's shared processes, WAL writer and checkpointer, are not counted).
struct LoadCPU: Sendable {
    struct Sample: Sendable {
        var engine: Double?
        var sink: Double?
        /// Per backend pid.
        var backends: [Int32: Double]
    }

    let enginePIDs: [Int32]?

    func sample(store: any DatabaseStore, sinkSeconds: Double?) async -> Sample {
        let engine: Double? =
            if let enginePIDs {
                enginePIDs.reduce(0.0) { $0 + (ProcessCPU.seconds(pid: $1) ?? 0) }
            } else {
                ProcessCPU.ownSeconds()
            }
        var backends: [Int32: Double] = [:]
        if store.dialect == .postgres {
            let pids =
                (try? await store.withSession { session in
                    try await session.sql.raw("SELECT pid FROM pg_stat_activity WHERE datname = current_database()").all()
                        .map { try $0.decode(column: "pid", as: Int32.self) }
                }) ?? []
            for pid in pids { backends[pid] = ProcessCPU.seconds(pid: pid) }
        }
        return Sample(engine: engine, sink: sinkSeconds, backends: backends)
    }

    /// Seconds between two samples. A backend gone by the end is missed (the pool keeps its connections,
    /// so few are); one that appeared counts from zero.
    static func difference(from start: Sample, to end: Sample) -> LoadRunCPU {
        var postgres = 0.0
        for (pid, seconds) in end.backends { postgres += seconds - (start.backends[pid] ?? 0) }
        return LoadRunCPU(
            engine: both(start.engine, end.engine).map { $1 - $0 }, sink: both(start.sink, end.sink).map { $1 - $0 },
            postgres: end.backends.isEmpty ? nil : postgres)
    }
}

private func both(_ a: Double?, _ b: Double?) -> (Double, Double)? {
    guard let a, let b else { return nil }
    return (a, b)
}

/// CPU seconds a run used, by process; nil where it could not be read.
public struct LoadRunCPU: Sendable {
    public var engine: Double?
    public var sink: Double?
    public var postgres: Double?

    /// `engine 0.21 ms, sink 0.10 ms, PostgreSQL 0.30 ms` per delivery.
    func perDelivery(_ deliveries: Int, engineLabel: String, sinkLabel: String) -> String {
        func text(_ seconds: Double?) -> String {
            guard let seconds, deliveries > 0 else { return "n/a" }
            return String(format: "%.3f ms", seconds * 1000 / Double(deliveries))
        }
        return "\(engineLabel) \(text(engine)), \(sinkLabel) \(text(sink)), PostgreSQL backends \(text(postgres))"
    }
}
