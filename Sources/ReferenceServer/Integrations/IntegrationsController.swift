import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Persistence

/// `/integrations`: the caller's messaging integrations and a synchronous test send; rules in `IntegrationService`.
struct IntegrationsController {
    let integrations: IntegrationService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let items = try await integrations.list(for: try context.requireIdentity())
        return IntegrationJSON.Integrations(items: items).response()
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        IntegrationJSON.Integration(integration: try await owned(context)).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let adapterName = try body.string("adapter"), let kind = MessagingAdapterKind(rawValue: adapterName),
            integrations.adapters[kind] != nil
        else {
            throw APIError(.badRequest, "adapter must be one of \(MessagingAdapterKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let name = try body.string("name") ?? kind.rawValue
        guard name.count <= 200 else { throw APIError(.badRequest, "name must be at most 200 characters") }
        let input = IntegrationService.NewIntegration(
            adapter: kind, name: name, config: try Self.config(body.fields["config"]) ?? .emptyObject,
            secret: try body.string("secret"), events: try Self.events(body.fields["events"]) ?? [],
            isActive: try Self.flag(body.fields["is_active"]) ?? true)
        let created = try await integrations.create(input, by: identity)
        return IntegrationJSON.Integration(integration: created).response(.created)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let existing = try await owned(context)
        let input = try await Changes.read(request, context)
        let updated = try await integrations.update(
            existing, changes: input.changes, newSecret: input.secret, by: try context.requireIdentity())
        return IntegrationJSON.Integration(integration: updated).response()
    }

    /// `PATCH`/`PUT /integrations/:id`: only the keys present change; a new `secret` replaces the old one.
    struct Changes: APIInput {
        let changes: IntegrationChanges
        let secret: String?

        init(validating body: inout BodyValidator) throws {
            body.describe("name", JSONSchema.string(minimum: 1, maximum: 200))
            body.describe("config", JSONSchema.nullable(JSONSchema.type("object")))
            body.describe("events", JSONSchema.nullable(JSONSchema.array(JSONSchema.oneOf(IntegrationJSON.subscribableEvents.sorted()))))
            body.describe("is_active", JSONSchema.nullable(JSONSchema.type("boolean")))
            body.describe("secret", JSONSchema.nullable(JSONSchema.type("string")))
            let fields = RequestJSON(fields: body.fields)
            var changes = IntegrationChanges()
            if fields.has("name") {
                guard let name = try fields.string("name"), name.count <= 200 else {
                    throw APIError(.badRequest, "name must be a non-empty string of at most 200 characters")
                }
                changes.name = name
            }
            changes.config = try IntegrationsController.config(fields.fields["config"])
            changes.events = try IntegrationsController.events(fields.fields["events"])
            changes.isActive = try IntegrationsController.flag(fields.fields["is_active"])
            self.changes = changes
            secret = try fields.string("secret")
        }
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await integrations.delete(try await owned(context))
        return IntegrationJSON.Success().response()
    }

    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> Response {
        let integration = try await owned(context)
        let status = try await integrations.test(integration, by: try context.requireIdentity())
        return IntegrationJSON.Tested(status: status).response()
    }

    private func owned(_ context: AppRequestContext) async throws -> MessagingIntegration {
        try await integrations.owned(context.optionalPathID("id"), by: try context.requireIdentity())
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
