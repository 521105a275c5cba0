import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Notifications a transaction asked for, sent once it commits (`DataSession.afterCommit`).
public final class CommitHooks: Sendable {
    private let wanted = Mutex<Set<NotifyCoalescer.Kind>>([])

    public init() {}

    /// Asks for `pg_notify(channel, payload)` after the commit.
    public func notify(channel: String, payload: String) {
        _ = wanted.withLock { $0.insert(NotifyCoalescer.Kind(channel: channel, payload: payload)) }
    }

    func drain() -> Set<NotifyCoalescer.Kind> {
        wanted.withLock { wanted in
            defer { wanted.removeAll() }
            return wanted
        }
    }
}

/// Sends a process's `pg_notify` calls after their transactions commit, coalesced: at most one notification
/// of a kind (channel and payload) in flight, and at most one per `interval`; requests that arrive meanwhile
/// are folded into the next one. A `pg_notify` inside a transaction makes its commit take PostgreSQL's
/// notify-queue lock, which serialises every such commit; sent apart, the API's transactions commit without
/// it, and a listener still hears of the change after it is visible (the request follows the commit).
public final class NotifyCoalescer: Sendable {
    struct Kind: Hashable, Sendable {
        var channel: String
        var payload: String
    }

    private struct Slot {
        var inFlight = false
        var pending = false
    }

    private static let logger = Logger(label: "agentplanner.notify")
    private let client: PostgresClient
    private let interval: Duration
    private let slots = Mutex<[Kind: Slot]>([:])

    init(client: PostgresClient, interval: Duration = .milliseconds(2)) {
        self.client = client
        self.interval = interval
    }

    func request(_ kinds: Set<Kind>) {
        for kind in kinds { request(kind) }
    }

    func request(_ kind: Kind) {
        let start = slots.withLock { slots -> Bool in
            var slot = slots[kind, default: Slot()]
            defer { slots[kind] = slot }
            guard !slot.inFlight else {
                slot.pending = true
                return false
            }
            slot.inFlight = true
            return true
        }
        if start { Task { await self.send(kind) } }
    }

    private func send(_ kind: Kind) async {
        while true {
            let started = ContinuousClock.now
            // A lost notification costs a listener one poll interval; nothing to report here.
            try? await client.withConnection { connection in
                try await ConnectionLossGuard.run(on: connection) {
                    _ = try await connection.query("SELECT pg_notify(\(kind.channel), \(kind.payload))", logger: Self.logger)
                }
            }
            try? await Task.sleep(until: started + interval, clock: .continuous)
            let again = slots.withLock { slots -> Bool in
                var slot = slots[kind, default: Slot()]
                defer { slots[kind] = slot }
                guard slot.pending else {
                    slot.inFlight = false
                    return false
                }
                slot.pending = false
                return true
            }
            guard again else { return }
        }
    }
}
