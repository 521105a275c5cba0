import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence

/// The caller's messaging integrations (DECISIONS.md §D4): each adapter checks its own config and secret, secrets
/// are sealed on the way in and never returned, and a test send goes out now, outside the queue. No HTTP here.
struct IntegrationService: Sendable {
    let store: any DatabaseStore
    let secrets: SecretBox
    let adapters: AdapterRegistry

    /// An integration to create, as read from the request.
    struct NewIntegration: Sendable {
        var adapter: MessagingAdapterKind
        var name: String
        var config: JSONValue
        var secret: String?
        var events: [String]
        var isActive: Bool
    }

    func list(for caller: AuthenticatedUser) async throws -> [MessagingIntegration] {
        try await store.withSession { try await $0.messagingIntegrations.list(userID: caller.id) }
    }

    func create(_ input: NewIntegration, by caller: AuthenticatedUser) async throws -> MessagingIntegration {
        guard let adapter = adapters[input.adapter] else { throw APIError(.badRequest, "Unknown adapter") }
        if let problem = adapter.validate(config: input.config, secret: input.secret) { throw APIError(.badRequest, problem) }
        let integration = MessagingIntegration(
            userID: caller.id, adapter: input.adapter, name: input.name, config: input.config,
            secret: try input.secret.map { try secrets.seal($0) }, events: input.events, isActive: input.isActive)
        return try await store.withSession { try await $0.messagingIntegrations.create(integration) }
    }

    /// A new config is checked with the new secret, or the stored one when none is sent.
    func update(
        _ existing: MessagingIntegration, changes: IntegrationChanges, newSecret: String?, by caller: AuthenticatedUser
    ) async throws -> MessagingIntegration {
        var changes = changes
        if changes.config != nil || newSecret != nil {
            let secret = try newSecret ?? existing.secret.map(open)
            if let problem = adapters[existing.adapter]?.validate(config: changes.config ?? existing.config, secret: secret) {
                throw APIError(.badRequest, problem)
            }
            changes.secret = try newSecret.map { try secrets.seal($0) }
        }
        guard
            let updated = try await store.withSession({ [changes] in
                try await $0.messagingIntegrations.update(id: existing.id, userID: caller.id, changes)
            })
        else { throw APIError(.notFound, "Integration not found") }
        return updated
    }

    func delete(_ integration: MessagingIntegration) async throws {
        _ = try await store.withSession { try await $0.messagingIntegrations.delete(id: integration.id, userID: integration.userID) }
    }

    /// Sends `integration.test` now and returns the receiver's status; a failed send is a 502 naming why.
    func test(_ integration: MessagingIntegration, by caller: AuthenticatedUser) async throws -> Int {
        guard let adapter = adapters[integration.adapter] else { throw APIError(.badRequest, "Unknown adapter") }
        let secret = try integration.secret.map(open)
        let key = "test:" + UUID().uuidString.lowercased()
        let payload: JSONValue = [
            "event": "integration.test", "timestamp": .string(TimestampFormat.javaScript(Date())),
            "idempotency_key": .string(key), "message": "✅ AgentPlanner test message",
            "actor": ["name": .string(caller.name ?? "AgentPlanner"), "type": "user"],
        ]
        let result = await adapter.send(
            OutboundMessage(deliveryID: UUID(), eventType: "integration.test", payload: payload, idempotencyKey: key, attempt: 1),
            to: IntegrationTarget(integration: integration, secret: secret))
        switch result {
        case .delivered(let status):
            return status
        case .retryable(let message, let status, _), .permanent(let message, let status):
            throw APIError(
                .badGateway, "Test send failed: \(message)", extra: ["response_status": status.map { .number(Double($0)) } ?? .null])
        }
    }

    /// The caller's integration; nil `id` is a malformed one (400), someone else's answers as missing (404).
    func owned(_ id: UUID?, by caller: AuthenticatedUser) async throws -> MessagingIntegration {
        guard let id else { throw APIError(.badRequest, "Invalid integration ID format") }
        guard let integration = try await store.withSession({ try await $0.messagingIntegrations.find(id: id) }),
            integration.userID == caller.id
        else { throw APIError(.notFound, "Integration not found") }
        return integration
    }

    private func open(_ sealed: String) throws -> String {
        do { return try secrets.open(sealed) } catch {
            throw APIError(.badRequest, "The stored secret cannot be decrypted; send a new secret")
        }
    }
}
