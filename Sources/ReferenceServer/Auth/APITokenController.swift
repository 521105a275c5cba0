import AgentPlannerCore
import Credentials
import Foundation
import Hummingbird
import Persistence

/// `/auth/token`: the caller's API tokens (ROUTES.md §4.1), byte-compatible with v1's; rules in `APITokenService`.
struct APITokenController {
    let tokens: APITokenService

    /// `POST /auth/token`: `{name, permissions?}`.
    struct Input: APIInput {
        let name: String
        let permissions: [String]

        init(validating body: inout BodyValidator) throws {
            let name = try body.text("name")
            body.describe("name", JSONSchema.string(minimum: 1), required: true)
            guard let name else { throw APIError(.badRequest, "Token name is required") }
            self.name = name
            body.describe("permissions", JSONSchema.array(JSONSchema.oneOf(ValueDomains.tokenPermission)))
            permissions = try APITokenController.permissions(body.fields["permissions"])
        }
    }

    /// `GET /auth/token`: one active token (never its secret).
    struct Listed: ShapedOutput {
        let token: APIToken
        static let shape = ObjectShape<Listed>([
            .id("id") { $0.token.id }, .text("name") { $0.token.name }, .time("created_at") { $0.token.createdAt },
            .time("last_used") { $0.token.lastUsed }, .strings("permissions") { $0.token.permissions },
        ])
    }

    /// `POST /auth/token`: the new token with its secret, shown once.
    struct Created: ShapedOutput {
        let token: APIToken
        let raw: String
        static let shape = ObjectShape<Created>([
            .id("id") { $0.token.id }, .text("name") { $0.token.name }, .time("created_at") { $0.token.createdAt },
            .strings("permissions") { $0.token.permissions }, .text("token") { $0.raw },
        ])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let active = try await tokens.active(for: try context.requireIdentity())
        return ListOutput(items: active.map(Listed.init)).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await Input.read(request, context)
        let (token, raw) = try await tokens.create(name: input.name, permissions: input.permissions, for: identity)
        return Created(token: token, raw: raw).response(.created)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let id = context.optionalPathID("id") else { throw APIError(.badRequest, "Invalid token ID format") }
        try await tokens.revoke(id, for: identity)
        return Response(status: .noContent)
    }

    /// v1's rules: default `["read"]`; each of read, write, admin; a string is checked per character (v1
    /// iterated it), so `"read"` fails on `r` exactly as v1 did.
    static func permissions(_ value: JSONValue?) throws -> [String] {
        let items: [String]
        switch value {
        case nil, .null?: return ["read"]
        case .array(let array)?:
            items = try array.map { item in
                guard let text = item.stringValue else {
                    throw APIError(.badRequest, "Invalid permission: \(item.jsonText). Valid values are: read, write, admin")
                }
                return text
            }
        case .string(let text)?: items = text.map(String.init)
        default: throw APIError(.badRequest, "permissions must be an array of read, write, admin")
        }
        for item in items where !ValueDomains.tokenPermission.contains(item) {
            throw APIError(.badRequest, "Invalid permission: \(item). Valid values are: read, write, admin")
        }
        return items
    }
}
