import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Activity views (ROUTES.md §4.8): the caller's feed, a plan's logs and timeline, a node's recent activity,
/// and the detailed log entry; what each is made of comes from `ActivityService`.
struct ActivityController {
    let activity: ActivityService

    /// JavaScript's `parseInt`: leading digits count, anything else is not a number.
    static func parseInt(_ text: Substring?) -> Int? {
        guard let text else { return nil }
        let trimmed = text.drop { $0 == " " }
        var digits = trimmed.prefix { $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }
        if let sign = digits.first, sign == "-" || sign == "+" { digits = digits.dropFirst() }
        let number = digits.prefix { $0.isASCII && $0.isNumber }
        guard !number.isEmpty, let value = Int(number.prefix(18)) else { return nil }
        return trimmed.first == "-" ? -value : value
    }

    /// v1's `page`/`limit` checks (default 1 and 20).
    static func paging(_ request: Request) throws -> (page: Int, limit: Int) {
        let query = request.uri.queryParameters
        let page = query["page"] == nil ? 1 : parseInt(query["page"])
        let limit = query["limit"] == nil ? 20 : parseInt(query["limit"])
        guard let page, page >= 1 else { throw APIError(.badRequest, "Page must be a positive number") }
        guard let limit, (1...100).contains(limit) else { throw APIError(.badRequest, "Limit must be between 1 and 100") }
        return (page, limit)
    }

    /// v1 paged logs and comments separately, merged the two pages and kept `limit`; the total counts both.
    @Sendable func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (page, limit) = try Self.paging(request)
        let feed = try await activity.feed(page: page, limit: limit, caller: identity)
        return ActivityOutput.Feed(paged: .init(page: feed, number: page, limit: limit)).response()
    }

    /// The total ignores the `type` filter, as v1's did.
    @Sendable func planActivity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (page, limit) = try Self.paging(request)
        let type = request.uri.queryParameters["type"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        let planID = try context.planIDOrNoAccess()
        let logs = try await activity.planLogs(planID: planID, type: type, page: page, limit: limit, caller: identity)
        return ActivityOutput.PlanLogs(paged: .init(page: logs, number: page, limit: limit)).response()
    }

    @Sendable func nodeActivity(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        let limit = query["limit"] == nil ? 10 : Self.parseInt(query["limit"])
        guard let limit, (1...100).contains(limit) else { throw APIError(.badRequest, "Limit must be between 1 and 100") }
        let planID = try context.planIDOrNoAccess()
        let (node, recent) = try await activity.nodeActivity(
            planID: planID, nodeID: context.optionalPathID("nodeId"), limit: limit, caller: identity)
        return ActivityOutput.NodeActivity(node: node, recent: recent).response()
    }

    /// v1's order: access, node, then the body (checked here, answered after those).
    @Sendable func detailedLog(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await DetailedLogInput.read(request, context).verdict
        let planID = try context.planIDOrNoAccess()
        let (log, user) = try await activity.addDetailedLog(
            input, planID: planID, nodeID: context.optionalPathID("nodeId"), by: identity)
        return ActivityOutput.DetailedLog(log: log, user: user).response(.created)
    }

    /// `POST …/detailed-log`: the body's verdict, answered after access and the node (v1's order).
    struct DetailedLogInput: APIInput {
        let verdict: Result<ActivityService.DetailedLog, APIError>

        init(validating body: inout BodyValidator) {
            body.describe("content", JSONSchema.string(minimum: 1), required: true)
            body.describe("log_type", JSONSchema.nullable(JSONSchema.oneOf(["", "progress", "reasoning", "challenge", "decision"])))
            body.describe("metadata", JSONSchema.nullable(JSONSchema.type("object")))
            body.describe("tags", JSONSchema.nullable(JSONSchema.array(JSONSchema.type("string"))))
            let fields = RequestJSON(fields: body.fields)
            verdict = Result { () throws(APIError) in try ActivityController.detailedLog(fields) }
        }
    }

    /// Content is required; metadata must be an object and tags an array of strings (v1 passed anything to the
    /// database and answered its error).
    static func detailedLog(_ body: RequestJSON) throws(APIError) -> ActivityService.DetailedLog {
        guard case .string(let content)? = body.fields["content"], !content.isEmpty else {
            throw APIError(.badRequest, "Log content is required")
        }
        let valid = ["progress", "reasoning", "challenge", "decision"]
        let logType: String
        switch body.fields["log_type"] {
        case nil, .null?, .string("")?: logType = "progress"
        case .string(let value)? where valid.contains(value): logType = value
        default: throw APIError(.badRequest, "Invalid log type. Valid values are: progress, reasoning, challenge, decision")
        }
        let metadata: JSONValue
        switch body.fields["metadata"] {
        case nil, .null?: metadata = .emptyObject
        case .object(let object)?: metadata = .object(object)
        default: throw APIError(.badRequest, "metadata must be an object")
        }
        var tags: [String] = []
        switch body.fields["tags"] {
        case nil, .null?: break
        case .array(let items)?:
            for item in items {
                guard case .string(let tag) = item else { throw APIError(.badRequest, "tags must be an array of strings") }
                tags.append(tag)
            }
        default: throw APIError(.badRequest, "tags must be an array of strings")
        }
        return ActivityService.DetailedLog(content: content, logType: logType, metadata: metadata, tags: tags)
    }
}
