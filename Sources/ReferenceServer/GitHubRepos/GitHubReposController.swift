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
        let body = try await RequestJSON.read(request, context: context)
        let labels = body.fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let issue = try await FeatureHTTP.run {
            try await service.createIssue(
                userID: identity.id, owner: owner, name: name, title: body.fields["title"]?.stringValue,
                body: body.fields["body"]?.stringValue, labels: labels)
        }
        return issue.response(.created)
    }

    @Sendable func createIssues(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        let body = try await RequestJSON.read(request, context: context)
        let tasks: [GitHubRepoService.BulkTask]? = body.fields["tasks"]?.arrayValue?.map { task in
            GitHubRepoService.BulkTask(
                id: task["id"] ?? .null, title: task["title"]?.stringValue ?? "", description: task["description"]?.stringValue,
                context: task["context"]?.stringValue, nodeType: task["node_type"]?.stringValue, status: task["status"]?.stringValue)
        }
        let result = try await FeatureHTTP.run {
            try await service.createIssues(
                userID: identity.id, owner: owner, name: name, tasks: tasks,
                planTitle: body.fields["planTitle"]?.stringValue ?? "", planURL: body.fields["planUrl"]?.stringValue ?? "")
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
