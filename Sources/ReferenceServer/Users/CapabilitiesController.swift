import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Capability tags (ROUTES.md §4.7, §5.4): an agent declares its skills, people find agents by them; visibility
/// rules in `UserDirectoryService`.
struct CapabilitiesController {
    let directory: UserDirectoryService

    /// `{capability_tags: [...]}`.
    struct Tags: ShapedOutput {
        let tags: [String]
        static let shape = ObjectShape<Tags>([.strings("capability_tags") { $0.tags }])
    }

    /// `GET /users/capabilities/search`: the agents with the tags, and the query as read.
    struct Matches: ShapedOutput {
        let users: [User]
        let tags: [String]
        let match: String
        static let shape = ObjectShape<Matches>([
            .list("results") { $0.users.map(AgentCard.init) }, .integer("count") { $0.users.count }, .strings("tags") { $0.tags },
            .text("match") { $0.match },
        ])
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return Tags(tags: try await directory.tags(of: identity)).response()
    }

    @Sendable func theirs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let text = context.parameters.get("userId"), UUIDFormat.isValid(text), let userID = UUID(uuidString: text)
        else { throw APIError(.notFound, "User not found") }
        return Tags(tags: try await directory.tags(of: userID, caller: identity)).response()
    }

    /// `PUT /users/capabilities`: `{capability_tags: [...]}`: strings, and numbers or booleans stringified as v1's
    /// `String(t)` did; anything else is refused.
    struct TagsInput: APIInput {
        let tags: [String]

        init(validating body: inout BodyValidator) throws {
            let scalar: JSONValue = ["type": ["string", "number", "boolean"]]
            body.describe("capability_tags", JSONSchema.array(scalar), required: true)
            let refused = APIError(.badRequest, "capability_tags must be an array of strings")
            guard case .array(let items)? = body.fields["capability_tags"] else { throw refused }
            tags = try items.map { item -> String in
                switch item {
                case .string(let text): return text
                case .bool(let flag): return flag ? "true" : "false"
                case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
                default: throw refused
                }
            }
        }
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let raw = try await TagsInput.read(request, context).tags
        let stored = try await directory.replaceTags(raw, of: identity)
        return Tags(tags: stored).response()
    }

    /// `match=all`: every tag; anything else: any tag (v1 echoed `match` as given).
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let tagText = query["tags"].map(String.init), !tagText.isEmpty else {
            throw APIError(.badRequest, "tags query parameter is required")
        }
        let wanted = UserDirectoryService.normalise(tagText.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        guard !wanted.isEmpty else { throw APIError(.badRequest, "At least one tag is required") }
        let match = query["match"].map(String.init) ?? "any"
        let parsed = query["limit"].flatMap { Int($0) } ?? 0
        let limit = parsed > 0 ? min(parsed, 1000) : 20
        let matching = try await directory.users(withTags: wanted, all: match == "all", limit: limit, caller: identity)
        return Matches(users: matching, tags: wanted, match: match).response()
    }
}
