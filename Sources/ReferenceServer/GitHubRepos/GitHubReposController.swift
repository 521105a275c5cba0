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
        return FeatureHTTP.ok([
            "connected": .bool(status.connected), "github_username": PlanJSON.text(status.username),
            "github_avatar_url": PlanJSON.text(status.avatarURL),
        ])
    }

    @Sendable func repos(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return FeatureHTTP.ok(try await FeatureHTTP.run { try await service.repos(userID: identity.id) })
    }

    @Sendable func repo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        return FeatureHTTP.ok(try await FeatureHTTP.run { try await service.repo(userID: identity.id, owner: owner, name: name) })
    }

    @Sendable func content(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (owner, name) = try Self.repository(context)
        return FeatureHTTP.ok(try await FeatureHTTP.run { try await service.content(userID: identity.id, owner: owner, name: name) })
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
        return FeatureHTTP.ok(issue, status: .created)
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
        return FeatureHTTP.ok(result, status: .created)
    }

    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters["q"].map(String.init) ?? ""
        guard query.count >= 2 else { throw APIError(.badRequest, "Query must be at least 2 characters") }
        return FeatureHTTP.ok(try await FeatureHTTP.run { try await service.search(userID: identity.id, query: query) })
    }
}

/// v1's simplified GitHub shapes.
enum GitHubRepoOutput {
    static func repo(_ repo: JSONValue, extended: Bool) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for key in [
            "id", "name", "full_name", "description", "html_url", "private", "language", "stargazers_count", "forks_count", "updated_at",
            "default_branch",
        ] {
            object[key] = repo[key] ?? .null
        }
        object["owner"] = repo["owner"]?["login"] ?? .null
        if extended {
            object["open_issues_count"] = repo["open_issues_count"] ?? .null
            object["topics"] = repo["topics"] ?? .array([])
        }
        return .object(object)
    }

    static func searched(_ repo: JSONValue) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for key in ["id", "name", "full_name", "description", "html_url", "private", "language", "stargazers_count"] {
            object[key] = repo[key] ?? .null
        }
        object["owner"] = repo["owner"]?["login"] ?? .null
        return .object(object)
    }

    static func issue(_ issue: JSONValue) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for key in ["id", "number", "title", "html_url", "state", "created_at"] { object[key] = issue[key] ?? .null }
        return .object(object)
    }

    static func content(readme: JSONValue?, contents: JSONValue?, languages: JSONValue?) -> JSONValue {
        var text: JSONValue = .null
        if let encoded = readme?["content"]?.stringValue,
            let data = Data(base64Encoded: encoded.filter { !$0.isWhitespace })
        {
            text = .string(String(decoding: data, as: UTF8.self))
        }
        let files: [JSONValue] =
            contents?.arrayValue?.map { item in
                ["name": item["name"] ?? .null, "type": item["type"] ?? .null, "path": item["path"] ?? .null, "size": item["size"] ?? .null]
            } ?? []
        return ["readme": text, "file_structure": .array(files), "languages": languages ?? .object([:])]
    }
}
