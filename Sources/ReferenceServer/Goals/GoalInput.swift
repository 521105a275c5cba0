import AgentPlannerCore
import Foundation
import Persistence

/// The request bodies of the goal routes, read with v1's checks and messages (ROUTES.md §4.14).
/// `organization_id` is accepted and ignored: v2 has no organisations (DECISIONS.md §D2).
enum GoalInput {
    struct Create: Sendable {
        let title: String
        let description: String?
        let successMetrics: JSONValue?
        let timeHorizon: String?
        let githubRepoURL: String?
    }

    static func create(_ body: RequestJSON) throws -> Create {
        guard let title = try body.string("title") else { throw APIError(.badRequest, "title is required") }
        return Create(
            title: title, description: try body.string("description"), successMetrics: try metrics(body, "success_metrics"),
            timeHorizon: try body.string("time_horizon"), githubRepoURL: try body.string("github_repo_url"))
    }

    static func changes(_ body: RequestJSON) throws -> GoalChanges {
        var changes = GoalChanges()
        if body.has("title") {
            guard let title = try body.string("title") else { throw APIError(.badRequest, "title cannot be empty") }
            changes.title = title
        }
        if body.has("description") { changes.description = .some(try body.string("description")) }
        changes.successMetrics = try metrics(body, "success_metrics")
        if body.has("time_horizon") { changes.timeHorizon = .some(try body.string("time_horizon")) }
        if body.has("github_repo_url") { changes.githubRepoURL = .some(try body.string("github_repo_url")) }
        if body.has("status") {
            guard let status = body.fields["status"]?.stringValue, ValueDomains.goalStatus.contains(status) else {
                throw APIError(.badRequest, "Invalid status")
            }
            changes.status = status
        }
        return changes
    }

    /// `PUT /goals/:id/metrics`: `{metrics: [...]}`.
    static func metrics(_ body: RequestJSON) throws -> JSONValue {
        guard case .array? = body.fields["metrics"], let metrics = try metrics(body, "metrics") else {
            throw APIError(.badRequest, "metrics must be an array")
        }
        return metrics
    }

    /// An array when present; nil when absent or null.
    private static func metrics(_ body: RequestJSON, _ key: String) throws -> JSONValue? {
        switch body.fields[key] {
        case nil, .null?: return nil
        case .array(let items)?: return .array(items)
        default: throw APIError(.badRequest, "\(key) must be an array")
        }
    }
}
