import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The user directory (ROUTES.md §4.7): list and search; visibility rules in `UserDirectoryService`.
struct UsersController {
    let directory: UserDirectoryService

    /// v1's user object; `organization` and `avatar_url` only when the account has them (v1 took them from
    /// Supabase user metadata and left them out when unset).
    static func user(_ user: User, created: Bool) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(user.id.lowercased), "email": .string(user.email),
            "name": .string(user.name ?? String(user.email.split(separator: "@").first ?? "")),
            "github_id": PlanJSON.text(user.githubID), "github_username": PlanJSON.text(user.githubUsername),
            "github_avatar_url": PlanJSON.text(user.githubAvatarURL),
            "github_profile_url": PlanJSON.text(user.githubProfileURL),
        ]
        if let organization = user.metadata["organization"], organization != .null { object["organization"] = organization }
        if let avatar = user.avatarURL { object["avatar_url"] = .string(avatar) }
        if created { object["created_at"] = PlanJSON.time(user.createdAt) }
        return .object(object)
    }

    /// A positive integer query value, or v1's default; out of range → 400.
    static func positive(_ request: Request, _ key: String, default value: Int, maximum: Int, message: String) throws
        -> (Int, echo: JSONValue)
    {
        guard let text = request.uri.queryParameters[Substring(key)].map(String.init) else { return (value, .number(Double(value))) }
        guard let number = Int(text), number >= 1, number <= maximum else { throw APIError(.badRequest, message) }
        // v1 echoed supplied values as the strings it received.
        return (number, .string(text))
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (page, pageEcho) = try Self.positive(
            request, "page", default: 1, maximum: 1_000_000, message: "Page must be a positive number")
        let (limit, limitEcho) = try Self.positive(
            request, "limit", default: 50, maximum: 1000, message: "Limit must be between 1 and 1000")
        let (users, total) = try await directory.visibleUsers(to: identity, page: page, limit: limit)
        return JSONResponse.make(
            JSONValue.object([
                "users": .array(users.map { Self.user($0, created: true) }), "total": .number(Double(total)),
                "page": pageEcho, "limit": limitEcho,
                "total_pages": .number(Double((total + limit - 1) / limit)),
            ]))
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters["query"].map(String.init) ?? ""
        guard query.count >= 2 else { throw APIError(.badRequest, "Search query must be at least 2 characters") }
        let (limit, _) = try Self.positive(
            request, "limit", default: 10, maximum: 1000, message: "Limit must be between 1 and 1000")
        let results = try await directory.search(query, limit: limit, caller: identity)
        return JSONResponse.make(
            JSONValue.object([
                "query": .string(query), "results": .array(results.map { Self.user($0, created: false) }),
                "count": .number(Double(results.count)),
            ]))
    }
}
