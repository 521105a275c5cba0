import AgentPlannerCore
import Foundation
import Persistence

/// The request bodies of the goal routes, read with v1's checks and messages (ROUTES.md §4.14).
/// `organization_id` is accepted and ignored: v2 has no organisations (DECISIONS.md §D2).
enum GoalInput {
    struct Create: APIInput {
        let title: String
        let description: String?
        let successMetrics: JSONValue?
        let timeHorizon: String?
        let githubRepoURL: String?

        init(validating body: inout BodyValidator) throws {
            let title = try body.text("title")
            body.describe("title", JSONSchema.string(minimum: 1), required: true)
            guard let title else { throw APIError(.badRequest, "title is required") }
            self.title = title
            description = try body.text("description")
            successMetrics = try body.list("success_metrics")
            timeHorizon = try body.text("time_horizon")
            githubRepoURL = try body.text("github_repo_url")
        }
    }

    struct Changes: APIInput {
        let changes: GoalChanges

        init(validating body: inout BodyValidator) throws {
            var changes = GoalChanges()
            let title = try body.text("title")
            if body.has("title") {
                guard let title else { throw APIError(.badRequest, "title cannot be empty") }
                changes.title = title
            }
            let description = try body.text("description")
            if body.has("description") { changes.description = .some(description) }
            changes.successMetrics = try body.list("success_metrics")
            let horizon = try body.text("time_horizon")
            if body.has("time_horizon") { changes.timeHorizon = .some(horizon) }
            let repo = try body.text("github_repo_url")
            if body.has("github_repo_url") { changes.githubRepoURL = .some(repo) }
            body.describe("status", JSONSchema.oneOf(ValueDomains.goalStatus))
            if body.has("status") {
                guard let status = body.fields["status"]?.stringValue, ValueDomains.goalStatus.contains(status) else {
                    throw APIError(.badRequest, "Invalid status")
                }
                changes.status = status
            }
            self.changes = changes
        }
    }

    /// `PUT /goals/:id/metrics`: `{metrics: [...]}`.
    struct Metrics: APIInput {
        let metrics: JSONValue

        init(validating body: inout BodyValidator) throws {
            let metrics = try body.list("metrics")
            body.describe("metrics", ["type": "array"], required: true)
            guard let metrics else { throw APIError(.badRequest, "metrics must be an array") }
            self.metrics = metrics
        }
    }
}
