import Synchronization

/// Wakes one waiting loop early; a signal with nobody waiting is kept for the next wait.
public final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func signal() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns on a signal, after `timeout`, or when the task is cancelled.
    public func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                    return
                }
                Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.resume(id)
                }
            }
        } onCancel: {
            resume(id)
        }
    }

    private func resume(_ id: UInt64) {
        state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
    }
}

/// What a loop waits for: new events (fan-out) or new deliveries (workers).
public enum WakeRole: Sendable {
    case fanout
    case worker
}

/// Every loop of a process that wants to hear about new work.
public final class WakeHub: Sendable {
    private let signals = Mutex<[(role: WakeRole, signal: WakeSignal)]>([])

    public init() {}

    public func register(_ role: WakeRole = .worker) -> WakeSignal {
        let signal = WakeSignal()
        signals.withLock { $0.append((role, signal)) }
        return signal
    }

    public func wakeAll() {
        for entry in signals.withLock({ $0 }) { entry.signal.signal() }
    }

    /// Wakes the loops of one role only: a new event needs fan-out, not a claim query in every worker.
    public func wake(_ role: WakeRole) {
        for entry in signals.withLock({ $0 }) where entry.role == role { entry.signal.signal() }
    }

    /// Wakes whom a notification on the dispatch channel concerns (payload `event` or `deliveries`).
    public func wake(forNotification payload: String) {
        switch payload {
        case "event": wake(.fanout)
        case "deliveries": wake(.worker)
        default: wakeAll()
        }
    }
}
