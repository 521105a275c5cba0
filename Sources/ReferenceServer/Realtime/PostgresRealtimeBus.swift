import AgentPlannerCore
import Foundation
import Logging
import Persistence
import ServiceLifecycle
import Synchronization

/// Realtime events across server instances sharing one PostgreSQL: each event is delivered to this
/// instance's connections at once and sent with NOTIFY; every instance LISTENs and delivers the others'.
/// An event whose JSON exceeds NOTIFY's payload limit reaches only this instance's clients (logged).
final class PostgresRealtimeBus: RealtimeBus, Service {
    static let channel = "agentplanner_realtime"

    let hub: RealtimeHub
    let notifications: PostgresNotifications
    let logger: Logger
    let instance = UUID().uuidString.lowercased()
    private let listening = Mutex(false)

    init(hub: RealtimeHub, notifications: PostgresNotifications, logger: Logger) {
        self.hub = hub
        self.notifications = notifications
        self.logger = logger
    }

    func publish(_ event: RealtimeEvent) async {
        await hub.deliver(event)
        let text = JSONValue.object(["origin": .string(instance), "event": event.wire]).jsonText
        guard text.utf8.count <= PostgresNotifications.maximumPayloadBytes else {
            logger.warning(
                "realtime event too large for other instances", metadata: ["type": "\(event.type)", "bytes": "\(text.utf8.count)"])
            return
        }
        do {
            try await notifications.notify(channel: Self.channel, payload: text)
        } catch {
            logger.warning("realtime NOTIFY failed", metadata: ["error": "\(DatabaseErrorDescription.describe(error))"])
        }
    }

    /// Listens until shutdown, reconnecting after a lost connection.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.notifications.listen(
                        channel: Self.channel, ready: { self.listening.withLock { $0 = true } }
                    ) { payload in
                        await self.receive(payload)
                    }
                    self.listening.withLock { $0 = false }
                } catch {
                    self.listening.withLock { $0 = false }
                    if Task.isCancelled { return }
                    self.logger.warning(
                        "realtime LISTEN lost; retrying", metadata: ["error": "\(DatabaseErrorDescription.describe(error))"])
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        }
    }

    /// Waits (at most `timeout`) until LISTEN is in place, so a server that says it is running also hears
    /// the other instances from its first request.
    func waitUntilListening(timeout: Duration = .seconds(10)) async {
        let deadline = ContinuousClock.now + timeout
        while !listening.withLock({ $0 }), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        if !listening.withLock({ $0 }) { logger.warning("realtime LISTEN is not in place yet; starting anyway") }
    }

    private func receive(_ payload: String) async {
        guard let message = try? JSONValue(jsonText: payload), message["origin"]?.stringValue != instance,
            let wire = message["event"], let event = RealtimeEvent(wire: wire)
        else { return }
        await hub.deliver(event)
    }
}
