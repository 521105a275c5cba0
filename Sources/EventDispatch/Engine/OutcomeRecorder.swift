import Foundation
import Persistence
import Synchronization

/// Writes a worker's delivery outcomes in groups, like a database's group commit: the first outcome to arrive
/// is written at once; outcomes that arrive while a write is in flight wait for it to finish and then go
/// together in the next one. Alone, an outcome costs one statement as before; under load, dozens share one
/// statement and one commit instead of paying a round trip and a commit each.
final class OutcomeRecorder: Sendable {
    private struct Waiting {
        let record: OutcomeRecord
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var writing = false
    }

    private let store: any DatabaseStore
    private let state = Mutex(State())

    init(store: any DatabaseStore) {
        self.store = store
    }

    /// Whether the outcome was recorded: false when `record.owner` no longer held that attempt's lease.
    func record(_ record: OutcomeRecord) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            let leads = state.withLock { state -> Bool in
                state.waiting.append(Waiting(record: record, continuation: continuation))
                guard !state.writing else { return false }
                state.writing = true
                return true
            }
            if leads { Task { await self.writeWhileWaiting() } }
        }
    }

    private func writeWhileWaiting() async {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = state.waiting
                state.waiting = []
                if group.isEmpty { state.writing = false }
                return group
            }
            guard !group.isEmpty else { return }
            do {
                let records = group.map(\.record)
                let recorded = try await store.withSession { session in
                    try await session.deliveries.record(records, at: Date())
                }
                for waiting in group { waiting.continuation.resume(returning: recorded.contains(waiting.record.id)) }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }
}
