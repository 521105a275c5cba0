import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `/github/*` (ROUTES.md §4.12): path, query and body in, `GitHubRepoService` call, v1's shapes out.
struct GitHubReposController: Sendable {
    let service: GitHubRepoService

    /// A repository's owner and name from the path; anything GitHub could not name is a missing repository.
    static func repository(_ context: AppRequestContext) throws -> (String, String) {
        func valid(_ text: String?) -> String? {
            guard let text, !text.isEmpty, text != ".", text != "..",
                text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
            else { return nil }
            return text
        }
        guard let owner = valid(context.parameters.get("owner")), let name = valid(context.parameters.get("name")) else {
            throw APIError(.notFound, "Repository not found")
        }
        return (owner, name)
    }

    /// `POST …/issues`: `{title, body?, labels?}` read loosely, as v1 did (a value of another type is none); the
    /// service answers a missing title after checking the GitHub connection.
    struct IssueInput: APIInput {
        let title: String?
        let body: String?
        let labels: [String]

        init(validating body: inout BodyValidator) {
            body.describe("title", JSONSchema.string(minimum: 1), required: true)
            body.describe("body", JSONSchema.type("string"))
            body.describe("labels", JSONSchema.array(JSONSchema.type("string")))
            title = body.fields["title"]?.stringValue
            self.body = body.fields["body"]?.stringValue
            labels = body.fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        }
    }

    /// `POST …/issues/bulk`: `{tasks, planTitle?, planUrl?}`, read loosely as v1 did.
    struct BulkInput: APIInput {
        let tasks: [GitHubRepoService.BulkTask]?
        let planTitle: String
        let planURL: String

        init(validating body: inout BodyValidator) {
            let text = JSONSchema.type("string")
            let task = JSONSchema.object(
                [
                    "id": JSONSchema.freeForm("echoed in the answer"), "title": text, "description": text, "context": text,
                    "node_type": text, "status": text,
                ], required: ["title"])
            body.describe("tasks", ["type": "array", "items": task, "minItems": 1], required: true)
            body.describe("planTitle", text)
            body.describe("planUrl", text)
            tasks = body.fields["tasks"]?.arrayValue?.map { task in
                GitHubRepoService.BulkTask(
                    id: task["id"] ?? .null, title: task["title"]?.stringValue ?? "", description: task["description"]?.stringValue,
                    context: task["context"]?.stringValue, nodeType: task["node_type"]?.stringValue, status: task["status"]?.stringValue)
            }
            planTitle = body.fields["planTitle"]?.stringValue ?? ""
            planURL = body.fields["planUrl"]?.stringValue ?? ""
        }
    }

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let status = try await service.status(userID: identity.id)
        return GitHubRepoOutput.Status(status: status).response()
    }

    @Sendable func repos(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return try await FeatureHTTP.run { try await service.repos(userID: identity.id) }.response()
    }

    @Sendable func repo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        return try await FeatureHTTP.run { try await service.repo(userID: identity.id, owner: owner, name: name) }.response()
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        return try await FeatureHTTP.run { try await service.content(userID: identity.id, owner: owner, name: name) }.response()
    }

    @Sendable func createIssue(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        let input = try await IssueInput.read(request, context)
        let issue = try await FeatureHTTP.run {
            try await service.createIssue(
                userID: identity.id, owner: owner, name: name, title: input.title, body: input.body, labels: input.labels)
        }
        return issue.response(.created)
    }

    @Sendable func createIssues(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        let input = try await BulkInput.read(request, context)
        let result = try await FeatureHTTP.run {
            try await service.createIssues(
                userID: identity.id, owner: owner, name: name, tasks: input.tasks, planTitle: input.planTitle, planURL: input.planURL)
        }
        return result.response(.created)
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        guard query.count >= 2 else { throw APIError(.badRequest, "Query must be at least 2 characters") }
        return try await FeatureHTTP.run { try await service.search(userID: identity.id, query: query) }.response()
    }
}
