import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// The user directory (ROUTES.md §4.7): list and search; visibility rules in `UserDirectoryService`.
struct UsersController {
    let directory: UserDirectoryService

    /// v1's user object; `organization` and `avatar_url` only when the account has them (v1 took them from
    /// Supabase user metadata and left them out when unset); `created_at` in the list only.
    struct Person: ShapedOutput {
        let user: User
        let created: Bool
        static let shape = ObjectShape<Person>([
            .id("id") { $0.user.id }, .text("email") { $0.user.email },
            .text("name") { $0.user.name ?? String($0.user.email.split(separator: "@").first ?? "") },
            .optionalText("github_id") { $0.user.githubID }, .optionalText("github_username") { $0.user.githubUsername },
            .optionalText("github_avatar_url") { $0.user.githubAvatarURL },
            .optionalText("github_profile_url") { $0.user.githubProfileURL },
            .optional("organization", JSONSchema.freeForm("from the account's stored metadata")) { person in
                person.user.metadata["organization"].flatMap { $0 == .null ? JSONValue?.none : $0 }
            },
            .optional("avatar_url", JSONSchema.type("string")) { $0.user.avatarURL.map(JSONValue.string) },
            .optional("created_at", JSONSchema.nullable(JSONSchema.type("string"))) { person in
                person.created ? PlanJSON.time(person.user.createdAt) : JSONValue?.none
            },
        ])
    }

    /// `GET /users`: a page; `page` and `limit` echo the query's text when given (as v1 did), numbers otherwise.
    struct Page: ShapedOutput {
        let users: [User]
        let total: Int
        let page: JSONValue
        let limit: JSONValue
        let pages: Int
        static let echo: JSONValue = ["type": ["integer", "string"]]
        static let shape = ObjectShape<Page>([
            .list("users") { $0.users.map { Person(user: $0, created: true) } }, .integer("total") { $0.total },
            .value("page", echo) { $0.page }, .value("limit", echo) { $0.limit }, .integer("total_pages") { $0.pages },
        ])
    }

    /// `GET /users/search`.
    struct Found: ShapedOutput {
        let query: String
        let results: [User]
        static let shape = ObjectShape<Found>([
            .text("query") { $0.query }, .list("results") { $0.results.map { Person(user: $0, created: false) } },
            .integer("count") { $0.results.count },
        ])
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
        return Page(users: users, total: total, page: pageEcho, limit: limitEcho, pages: (total + limit - 1) / limit).response()
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters["query"].map(String.init) ?? ""
        guard query.count >= 2 else { throw APIError(.badRequest, "Search query must be at least 2 characters") }
        let (limit, _) = try Self.positive(
            request, "limit", default: 10, maximum: 1000, message: "Limit must be between 1 and 1000")
        let results = try await directory.search(query, limit: limit, caller: identity)
        return Found(query: query, results: results).response()
    }
}
