import Foundation
import Persistence
import Synchronization

/// A worker's short-lived copy of the integrations it sends to, so a claimed batch rarely needs a second query.
/// Entries live a few seconds, so an edited or deactivated integration takes effect almost at once; an
/// integration whose send failed is dropped at once, so a retry or a replay after a fix uses the fix.
final class IntegrationCache: Sendable {
    private let entries = Mutex<[UUID: (integration: MessagingIntegration, loaded: Date)]>([:])
    let lifetime: TimeInterval

    init(lifetime: TimeInterval = 5) {
        self.lifetime = lifetime
    }

    func evict(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }

    func resolve(_ deliveries: [MessageDelivery], session: DataSession) async throws -> [UUID: MessagingIntegration] {
        let now = Date()
        let wanted = Set(deliveries.map(\.integrationID))
        var found: [UUID: MessagingIntegration] = [:]
        entries.withLock { entries in
            for id in wanted {
                if let entry = entries[id], now.timeIntervalSince(entry.loaded) < lifetime { found[id] = entry.integration }
            }
        }
        let missing = wanted.subtracting(found.keys)
        guard !missing.isEmpty else { return found }
        let loaded = try await session.messagingIntegrations.find(ids: Array(missing))
        entries.withLock { entries in
            for (id, integration) in loaded { entries[id] = (integration, now) }
        }
        return found.merging(loaded) { $1 }
    }
}
