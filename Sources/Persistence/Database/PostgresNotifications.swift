import PostgresNIO

extension PostgresStore {
    /// Listens on `channel` on one pooled connection and calls `onNotification` for each notification, until
    /// the task is cancelled or the connection fails (then it throws and the caller reconnects).
    public func listen(channel: String, onListening: @Sendable () -> Void = {}, onNotification: @Sendable () -> Void) async throws {
        try await client.withConnection { connection in
            try await connection.listen(on: channel) { notifications in
                onListening()
                for try await _ in notifications { onNotification() }
            }
        }
    }
}
