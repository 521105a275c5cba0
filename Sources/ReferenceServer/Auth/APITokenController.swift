import AgentPlannerCore
import Credentials
import Foundation
import Hummingbird
import Persistence

/// `/auth/token`: the caller's API tokens (ROUTES.md §4.1), byte-compatible with v1's; rules in `APITokenService`.
struct APITokenController {
    let tokens: APITokenService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let active = try await tokens.active(for: try context.requireIdentity())
        return JSONResponse.make(
            JSONValue.array(
                active.map { token in
                    [
                        "id": .string(token.id.lowercased), "name": .string(token.name),
                        "created_at": token.createdAt.map { .string(TimestampFormat.api($0)) } ?? .null,
                        "last_used": token.lastUsed.map { .string(TimestampFormat.api($0)) } ?? .null,
                        "permissions": .array(token.permissions.map(JSONValue.string)),
                    ]
                }))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let name = try body.string("name") else { throw APIError(.badRequest, "Token name is required") }
        let (token, raw) = try await tokens.create(name: name, permissions: try Self.permissions(body.fields["permissions"]), for: identity)
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(token.id.lowercased), "name": .string(token.name),
                "created_at": token.createdAt.map { .string(TimestampFormat.api($0)) } ?? .null,
                "permissions": .array(token.permissions.map(JSONValue.string)), "token": .string(raw),
            ]), status: .created)
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
