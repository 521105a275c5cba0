import Foundation
import Logging
import PostgresNIO

/// PostgreSQL's LISTEN/NOTIFY on the store's pool: how several server processes sharing one database tell
/// each other that something happened. Not available on SQLite (one process owns the file).
public struct PostgresNotifications: Sendable {
    /// NOTIFY payloads must stay under 8,000 bytes.
    public static let maximumPayloadBytes = 7_900

    let client: PostgresClient
    private static let logger = Logger(label: "agentplanner.notify")

    /// Nil when the store is not PostgreSQL.
    public init?(_ store: any DatabaseStore) {
        guard let postgres = store as? PostgresStore else { return nil }
        self.client = postgres.client
    }

    public func notify(channel: String, payload: String) async throws {
        try await client.withConnection { connection in
            try await ConnectionLossGuard.run(on: connection) {
                _ = try await connection.query("SELECT pg_notify(\(channel), \(payload))", logger: Self.logger)
            }
        }
    }

    /// Listens on one pooled connection until cancelled; `ready` runs once LISTEN is in place.
    public func listen(
        channel: String, ready: @Sendable () async -> Void = {}, _ handle: @Sendable (String) async -> Void
    ) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                await ready()
                for try await notification in notifications {
                    await handle(notification.payload)
                }
            }
        }
    }
}

extension PostgresStore {
    /// Listens on `channel` on one pooled connection and calls `onNotification` with each notification's
    /// payload, until the task is cancelled or the connection fails (then it throws and the caller reconnects).
    public func listen(
        channel: String, onListening: @Sendable () -> Void = {}, onNotification: @Sendable (String) -> Void
    ) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                onListening()
                for try await notification in notifications { onNotification(notification.payload) }
            }
        }
    }
}
