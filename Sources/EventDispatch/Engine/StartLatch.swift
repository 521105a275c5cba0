import ServiceLifecycle
import Synchronization

/// A one-shot gate: services wait on it until the schema is ready (the server opens it after migrating).
public final class StartLatch: Sendable {
    private struct State {
        var open = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init(open: Bool = false) {
        state.withLock { $0.open = open }
    }

    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once open (cancellation does not end the wait early: `GatedService` checks it afterwards).
    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let isOpen = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if isOpen { continuation.resume() }
        }
    }
}

/// Runs a service once the latch opens; ends at once if shutdown comes first.
public struct GatedService: Service {
    let latch: StartLatch
    let service: any Service

    public init(_ service: any Service, after latch: StartLatch) {
        self.latch = latch
        self.service = service
    }

    public func run() async throws {
        let latch = self.latch
        let opened: Bool = await cancelWhenGracefulShutdown {
            await withTaskCancellationHandler {
                await latch.wait()
            } onCancel: {
                // Opening on cancel releases the waiter; the caller sees the cancellation and returns.
                latch.open()
            }
            return !Task.isCancelled
        }
        guard opened, !Task.isCancelled else { return }
        try await service.run()
    }
}
