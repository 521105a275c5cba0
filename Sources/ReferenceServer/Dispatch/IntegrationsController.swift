import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Persistence

/// `/integrations`: the caller's messaging integrations (create per adapter, list, read, update, delete) and a
/// synchronous test send. Secrets are encrypted on the way in and never returned.
struct IntegrationsController {
    let store: any DatabaseStore
    let secrets: SecretBox
    let adapters: AdapterRegistry

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.get(":id", use: show)
        group.patch(":id", use: update)
        group.put(":id", use: update)
        group.delete(":id", use: delete)
        group.post(":id/test", use: test)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let items = try await store.withSession { try await $0.messagingIntegrations.list(userID: identity.id) }
        return JSONResponse.make(["integrations": .array(items.map(IntegrationJSON.integration))] as JSONValue)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let integration = try await owned(context)
        return JSONResponse.make(IntegrationJSON.integration(integration))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let adapterName = try body.string("adapter"), let kind = MessagingAdapterKind(rawValue: adapterName),
            let adapter = adapters[kind]
        else {
            throw APIError(.badRequest, "adapter must be one of \(MessagingAdapterKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try body.string("name") ?? kind.rawValue
        guard name.count <= 200 else { throw APIError(.badRequest, "name must be at most 200 characters") }
        let config = try Self.config(body.fields["config"]) ?? .emptyObject
        let secret = try body.string("secret")
        let events = try Self.events(body.fields["events"]) ?? []
        let active = try Self.flag(body.fields["is_active"]) ?? true
        if let problem = adapter.validate(config: config, secret: secret) { throw APIError(.badRequest, problem) }
        let sealed = try secret.map { try secrets.seal($0) }
        let integration = MessagingIntegration(
            userID: identity.id, adapter: kind, name: name, config: config, secret: sealed, events: events,
            isActive: active)
        let created = try await store.withSession { try await $0.messagingIntegrations.create(integration) }
        return JSONResponse.make(IntegrationJSON.integration(created), status: .created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let existing = try await owned(context)
        let body = try await RequestJSON.read(request, context: context)
        var changes = IntegrationChanges()
        if body.has("name") {
            guard let name = try body.string("name"), name.count <= 200 else {
                throw APIError(.badRequest, "name must be a non-empty string of at most 200 characters")
            }
            changes.name = name
        }
        changes.config = try Self.config(body.fields["config"])
        changes.events = try Self.events(body.fields["events"])
        changes.isActive = try Self.flag(body.fields["is_active"])
        let newSecret = try body.string("secret")
        if changes.config != nil || newSecret != nil {
            var secret = newSecret
            if secret == nil, let stored = existing.secret {
                do { secret = try secrets.open(stored) } catch {
                    throw APIError(.badRequest, "The stored secret cannot be decrypted; send a new secret")
                }
            }
            if let problem = adapters[existing.adapter]?.validate(config: changes.config ?? existing.config, secret: secret) {
                throw APIError(.badRequest, problem)
            }
            changes.secret = try newSecret.map { try secrets.seal($0) }
        }
        let identity = try context.requireIdentity()
        guard let updated = try await store.withSession({ [changes] in
            try await $0.messagingIntegrations.update(id: existing.id, userID: identity.id, changes)
        }) else { throw APIError(.notFound, "Integration not found") }
        return JSONResponse.make(IntegrationJSON.integration(updated))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let existing = try await owned(context)
        _ = try await store.withSession { try await $0.messagingIntegrations.delete(id: existing.id, userID: existing.userID) }
        return JSONResponse.make(["success": true] as JSONValue)
    }

    /// Sends a test message now, outside the queue, and answers with what the service said.
    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> Response {
        let integration = try await owned(context)
        guard let adapter = adapters[integration.adapter] else { throw APIError(.badRequest, "Unknown adapter") }
        var secret: String?
        if let stored = integration.secret {
            do { secret = try secrets.open(stored) } catch {
                throw APIError(.badRequest, "The stored secret cannot be decrypted; send a new secret")
            }
        }
        let key = "test:" + UUID().uuidString.lowercased()
        let payload: JSONValue = [
            "event": "integration.test", "timestamp": .string(TimestampFormat.javaScript(Date())),
            "idempotency_key": .string(key), "message": "✅ AgentPlanner test message",
            "actor": ["name": .string(try context.requireIdentity().name ?? "AgentPlanner"), "type": "user"],
        ]
        let result = await adapter.send(
            OutboundMessage(deliveryID: UUID(), eventType: "integration.test", payload: payload, idempotencyKey: key, attempt: 1),
            to: IntegrationTarget(integration: integration, secret: secret))
        switch result {
        case .delivered(let status):
            return JSONResponse.make(["success": true, "response_status": .number(Double(status))] as JSONValue)
        case .retryable(let message, let status, _), .permanent(let message, let status):
            throw APIError(
                .badGateway, "Test send failed: \(message)",
                extra: ["response_status": status.map { .number(Double($0)) } ?? .null])
        }
    }

    /// The caller's integration named by `:id`, else 400 (malformed id) or 404.
    private func owned(_ context: AppRequestContext) async throws -> MessagingIntegration {
        let identity = try context.requireIdentity()
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw APIError(.badRequest, "Invalid integration ID format")
        }
        guard let integration = try await store.withSession({ try await $0.messagingIntegrations.find(id: id) }),
            integration.userID == identity.id
        else { throw APIError(.notFound, "Integration not found") }
        return integration
    }

    static func config(_ value: JSONValue?) throws -> JSONValue? {
        switch value {
        case nil, .null?: return nil
        case .object?: return value
        default: throw APIError(.badRequest, "config must be an object")
        }
    }

    static func events(_ value: JSONValue?) throws -> [String]? {
        switch value {
        case nil, .null?: return nil
        case .array(let items)?:
            return try items.map { item in
                guard let name = item.stringValue, IntegrationJSON.subscribableEvents.contains(name) else {
                    throw APIError(.badRequest, "Unknown event in events: \(item.stringValue ?? item.jsonText)")
                }
                return name
            }
        default: throw APIError(.badRequest, "events must be an array of event names")
        }
    }

    static func flag(_ value: JSONValue?) throws -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        default: throw APIError(.badRequest, "is_active must be a boolean")
        }
    }
}
