import AgentPlannerCore
import Foundation
import Persistence

/// The seven `/github` routes (ROUTES.md §4.12) as v1 intended them (v1 answered 500 on all, DECISIONS.md §D1):
/// repositories, content and issues through the token the user granted at GitHub sign-in. No HTTP server
/// types here; GitHub is reached through `GitHubREST`.
struct GitHubRepoService: Sendable {
    let store: any DatabaseStore
    let vault: GitHubTokenVault
    let github: GitHubREST

    struct Status: Sendable {
        let connected: Bool
        let username: String?
        let avatarURL: String?
    }

    /// The caller and the token to act with.
    struct Grant: Sendable {
        let token: String
        let username: String?
    }

    static func notConnected(_ purpose: String) -> ServiceError {
        .badRequest(
            "GitHub not connected",
            extra: ["message": .string("Please sign in with GitHub to \(purpose)"), "code": "GITHUB_NOT_CONNECTED"])
    }

    /// v1's rule: connected when the account is linked to a GitHub id and login.
    func status(userID: UUID) async throws -> Status {
        let user = try await store.withSession { session in try await session.users.find(id: userID) }
        return Status(
            connected: user?.githubID != nil && user?.githubUsername != nil, username: user?.githubUsername,
            avatarURL: user?.githubAvatarURL)
    }

    func grant(userID: UUID, purpose: String) async throws -> Grant {
        // A token this server cannot open (the secrets key changed) is as good as none: sign in again.
        guard let token = try await vault.token(for: userID) else { throw Self.notConnected(purpose) }
        let username = try await store.withSession { session in try await session.users.find(id: userID)?.githubUsername }
        return Grant(token: token, username: username)
    }

    func repos(userID: UUID) async throws -> GitHubRepoOutput.Repos {
        let grant = try await grant(userID: userID, purpose: "access this feature")
        let answer = try await call("GET", "/user/repos?sort=updated&per_page=100", grant)
        guard case .array(let items) = answer.body else { throw Self.failed }
        return GitHubRepoOutput.Repos(items: items)
    }

    func repo(userID: UUID, owner: String, name: String) async throws -> GitHubRepoOutput.Repo {
        let grant = try await grant(userID: userID, purpose: "access this feature")
        let answer = try await call("GET", "/repos/\(owner)/\(name)", grant)
        if answer.status == 404 { throw ServiceError.notFound("Repository not found") }
        return GitHubRepoOutput.Repo(repo: answer.body)
    }

    /// README (decoded), top-level files and languages; each part is optional, as in v1.
    func content(userID: UUID, owner: String, name: String) async throws -> GitHubRepoOutput.Content {
        let grant = try await grant(userID: userID, purpose: "access this feature")
        let repo = try await call("GET", "/repos/\(owner)/\(name)", grant)
        if repo.status == 404 { throw ServiceError.notFound("Repository not found") }
        let readme = try await call("GET", "/repos/\(owner)/\(name)/readme", grant)
        let contents = try await call("GET", "/repos/\(owner)/\(name)/contents", grant)
        let languages = try await call("GET", "/repos/\(owner)/\(name)/languages", grant)
        return GitHubRepoOutput.Content(
            readme: readme.status == 200 ? readme.body : nil, contents: contents.status == 200 ? contents.body : nil,
            languages: languages.status == 200 ? languages.body : nil)
    }

    func createIssue(userID: UUID, owner: String, name: String, title: String?, body: String?, labels: [String])
        async throws -> GitHubRepoOutput.Issue
    {
        let grant = try await grant(userID: userID, purpose: "create issues")
        guard let title, !title.isEmpty else { throw ServiceError.badRequest("Issue title is required") }
        let answer = try await call(
            "POST", "/repos/\(owner)/\(name)/issues", grant,
            body: ["title": .string(title), "body": .string(body ?? ""), "labels": .array(labels.map(JSONValue.string))])
        switch answer.status {
        case 404: throw ServiceError.notFound("Repository not found or you do not have permission to create issues")
        case 403: throw ServiceError.forbidden("You do not have permission to create issues in this repository")
        default: return GitHubRepoOutput.Issue(issue: answer.body)
        }
    }

    struct BulkTask: Sendable {
        let id: JSONValue
        let title: String
        let description: String?
        let context: String?
        let nodeType: String?
        let status: String?
    }

    /// One issue per task, in order; a failed task is reported and the rest go on.
    func createIssues(userID: UUID, owner: String, name: String, tasks: [BulkTask]?, planTitle: String, planURL: String)
        async throws -> GitHubRepoOutput.Bulk
    {
        let grant = try await grant(userID: userID, purpose: "create issues")
        guard let tasks, !tasks.isEmpty else { throw ServiceError.badRequest("Tasks array is required") }
        var results: [GitHubRepoOutput.Bulk.Result] = []
        for task in tasks {
            var text = ""
            if let description = task.description, !description.isEmpty { text += "## Description\n\(description)\n\n" }
            if let context = task.context, !context.isEmpty { text += "## Context\n\(context)\n\n" }
            text += "---\n*Created from [\(planTitle)](\(planURL)) via [AgentPlanner.io](https://agentplanner.io)*"
            var labels: [String] = []
            if let type = task.nodeType { labels.append(type) }
            if let status = task.status, status != "not_started" { labels.append(status) }
            let answer = try await call(
                "POST", "/repos/\(owner)/\(name)/issues", grant,
                body: ["title": .string(task.title), "body": .string(text), "labels": .array(labels.map(JSONValue.string))])
            // `JSONValue?.none`: a bare `nil` would be JSON null, a created issue.
            let issue = (200..<300).contains(answer.status) ? answer.body : JSONValue?.none
            results.append(.init(task: task, issue: issue, status: answer.status))
        }
        return GitHubRepoOutput.Bulk(results: results)
    }

    /// Repositories matching `q` among the user's own (v1 meant `user:<login>`; it used the email's local part).
    func search(userID: UUID, query: String) async throws -> GitHubRepoOutput.Repos {
        let grant = try await grant(userID: userID, purpose: "search repositories")
        let scoped = grant.username.map { "\(query) user:\($0)" } ?? query
        let answer = try await call("GET", "/search/repositories?q=\(GitHubREST.queryValue(scoped))&sort=updated&per_page=20", grant)
        guard case .array(let items)? = answer.body["items"] else { throw Self.failed }
        return GitHubRepoOutput.Repos(items: items, brief: true)
    }

    static let failed = ServiceError.badGateway("GitHub answered unexpectedly")

    /// One call; a token GitHub no longer accepts means the user must sign in with GitHub again.
    private func call(_ method: String, _ path: String, _ grant: Grant, body: JSONValue? = nil) async throws -> GitHubREST.Answer {
        let answer: GitHubREST.Answer
        do {
            answer = try await github.call(method, path, token: grant.token, body: body)
        } catch is GitHubREST.GitHubUnavailable {
            throw ServiceError.badGateway("GitHub could not be reached")
        }
        if answer.status == 401 { throw Self.notConnected("access this feature") }
        if answer.status >= 500 { throw Self.failed }
        return answer
    }
}
