import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Capability tags (ROUTES.md §4.7, §5.4): an agent declares its skills, people find agents by them.
///
/// v1 let anyone read anyone's tags and search every account; v2 limits both to the people who share a plan
/// with the caller (`UserDirectoryRepository`).
struct CapabilitiesController {
    let store: any DatabaseStore

    static let maximumTags = 50

    static func tags(_ tags: [String]) -> JSONValue {
        .object(["capability_tags": .array(tags.map(JSONValue.string))])
    }

    /// Lowercased, trimmed, empty ones dropped, duplicates removed (first kept).
    static func normalise(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        return raw.map { $0.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let user = try await store.withSession { session in try await session.users.find(id: identity.id) }
        return JSONResponse.make(Self.tags(user?.capabilityTags ?? []))
    }

    @Sendable func theirs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let notFound = APIError(.notFound, "User not found")
        guard let text = context.parameters.get("userId"), UUIDFormat.isValid(text), let userID = UUID(uuidString: text)
        else { throw notFound }
        let user = try await store.withSession { session -> User? in
            guard try await session.userDirectory.isVisible(userID, to: identity.id) else { return nil }
            return try await session.users.find(id: userID)
        }
        guard let user else { throw notFound }
        return JSONResponse.make(Self.tags(user.capabilityTags))
    }

    /// Strings, and numbers or booleans stringified as v1's `String(t)` did; anything else is refused.
    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        let refused = APIError(.badRequest, "capability_tags must be an array of strings")
        guard case .array(let items)? = body.fields["capability_tags"] else { throw refused }
        let raw = try items.map { item -> String in
            switch item {
            case .string(let text): return text
            case .bool(let flag): return flag ? "true" : "false"
            case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            default: throw refused
            }
        }
        let tags = Self.normalise(raw)
        guard tags.count <= Self.maximumTags else { throw APIError(.badRequest, "Maximum 50 capability tags allowed") }
        let stored = try await store.transaction { session in
            try await session.userDirectory.setCapabilityTags(userID: identity.id, tags: tags)
        }
        return JSONResponse.make(Self.tags(stored))
    }

    /// `match=all`: every tag; anything else: any tag (v1 echoed `match` as given).
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        guard let tagText = query["tags"].map(String.init), !tagText.isEmpty else {
            throw APIError(.badRequest, "tags query parameter is required")
        }
        let wanted = Self.normalise(tagText.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
        guard !wanted.isEmpty else { throw APIError(.badRequest, "At least one tag is required") }
        let match = query["match"].map(String.init) ?? "any"
        let parsed = query["limit"].flatMap { Int($0) } ?? 0
        let limit = parsed > 0 ? min(parsed, 1000) : 20
        let users = try await store.withSession { session in
            try await session.userDirectory.visibleUsers(to: identity.id)
        }
        let matching = users.filter { user in
            let tags = Set(user.capabilityTags)
            return match == "all" ? wanted.allSatisfy(tags.contains) : wanted.contains(where: tags.contains)
        }.prefix(limit)
        let results: [JSONValue] = matching.map { user in
            [
                "id": .string(user.id.lowercased), "email": .string(user.email), "name": PlanJSON.text(user.name),
                "avatar_url": PlanJSON.text(user.avatarURL),
                "capability_tags": .array(user.capabilityTags.map(JSONValue.string)),
            ]
        }
        return JSONResponse.make(
            JSONValue.object([
                "results": .array(results), "count": .number(Double(results.count)),
                "tags": .array(wanted.map(JSONValue.string)), "match": .string(match),
            ]))
    }
}
