import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

extension FakeGitHub {
    /// GitHub's REST answers the `/github/*` routes use. Repository `missing` does not exist, `locked` refuses
    /// issues (403), and an issue titled `fail` is refused (422).
    static func repo(_ owner: String, _ name: String) -> JSONValue {
        [
            "id": 42, "name": .string(name), "full_name": .string("\(owner)/\(name)"), "owner": ["login": .string(owner)],
            "description": "A repo", "html_url": .string("https://github.example/\(owner)/\(name)"), "private": false,
            "language": "Swift", "stargazers_count": 3, "forks_count": 1, "open_issues_count": 2, "topics": ["planning"],
            "updated_at": "2026-01-01T00:00:00Z", "default_branch": "main", "node_id": "ignored",
        ]
    }

    static func guarded(_ request: Request, _ body: (Account) -> Response) -> Response {
        guard let account = account(request) else { return json(["message": "Bad credentials"], status: .unauthorized) }
        return body(account)
    }

    static func addRepositoryRoutes(to router: Router<BasicRequestContext>) {
        router.get("/user/repos") { request, _ in guarded(request) { json([repo($0.login, "hello")]) } }
        router.get("/repos/:owner/:name") { request, context in
            guarded(request) { _ in
                let name = context.parameters.get("name") ?? ""
                if name == "missing" { return json(["message": "Not Found"], status: .notFound) }
                return json(repo(context.parameters.get("owner") ?? "", name))
            }
        }
        router.get("/repos/:owner/:name/readme") { request, _ in
            guarded(request) { _ in json(["content": .string(Data("# Hello\n".utf8).base64EncodedString()), "encoding": "base64"]) }
        }
        router.get("/repos/:owner/:name/contents") { request, _ in
            guarded(request) { _ in
                json([
                    ["name": "README.md", "type": "file", "path": "README.md", "size": 8, "sha": "x"],
                    ["name": "Sources", "type": "dir", "path": "Sources", "size": 0, "sha": "y"],
                ])
            }
        }
        router.get("/repos/:owner/:name/languages") { request, _ in guarded(request) { _ in json(["Swift": 1234]) } }
        router.post("/repos/:owner/:name/issues") { request, context -> Response in
            let text = String(buffer: try await request.body.collect(upTo: 100_000))
            let body = (try? JSONValue(jsonText: text)) ?? .null
            return guarded(request) { _ in
                if context.parameters.get("name") == "locked" { return json(["message": "Forbidden"], status: .forbidden) }
                if body["title"] == "fail" { return json(["message": "Validation Failed"], status: .unprocessableContent) }
                return json(
                    [
                        "id": 7, "number": 12, "title": body["title"] ?? .null, "body": body["body"] ?? .null,
                        "labels": body["labels"] ?? .null, "html_url": "https://github.example/issues/12", "state": "open",
                        "created_at": "2026-01-02T00:00:00Z",
                    ], status: .created)
            }
        }
        router.get("/search/repositories") { request, _ in
            guarded(request) { account in
                var found = repo(account.login, "hello")
                if case .object(var object) = found {
                    object["description"] = .string(request.uri.queryParameters["q"].map(String.init) ?? "")
                    found = .object(object)
                }
                return json(["total_count": 1, "items": [found]])
            }
        }
    }
}

@Suite("GitHub repositories")
struct GitHubReposTests {
    @Test("a GitHub-signed-in user lists repositories, reads one, creates issues and searches; the token is stored sealed")
    func connectedUser() async throws {
        try await GitHubAuthTests.run { harness in
            let signIn = try await GitHubAuthTests.callback(harness, "code=octo&state=\(try await GitHubAuthTests.state(harness))")
            let token = "Bearer " + (try #require(signIn.json["session"]?["access_token"]?.stringValue))
            func get(_ path: String) async throws -> AuthHarness.Answer { try await harness.send(.get, path, authorization: token) }

            let status = try await get("/github/status")
            #expect(status.json == ["connected": true, "github_username": "octocat", "github_avatar_url": "https://avatars.example/1002"])

            let repos = try await get("/github/repos")
            #expect(repos.status == .ok)
            let first = try #require(repos.json["repos"]?.arrayValueForTests.first)
            #expect(first["owner"] == "octocat" && first["full_name"] == "octocat/hello" && first["node_id"] == nil)
            #expect(first["topics"] == nil, "the list has v1's short shape")

            let repo = try await get("/github/repos/octocat/hello")
            #expect(repo.json["open_issues_count"] == 2 && repo.json["topics"] == ["planning"])
            #expect(try await get("/github/repos/octocat/missing").json == ["error": "Repository not found"])

            let content = try await get("/github/repos/octocat/hello/content")
            #expect(content.json["readme"] == "# Hello\n")
            #expect(
                content.json["file_structure"] == [
                    ["name": "README.md", "type": "file", "path": "README.md", "size": 8],
                    ["name": "Sources", "type": "dir", "path": "Sources", "size": 0],
                ])
            #expect(content.json["languages"] == ["Swift": 1234])

            let issue = try await harness.send(
                .post, "/github/repos/octocat/hello/issues", json: ["title": "Bug", "labels": ["x"]], authorization: token)
            #expect(issue.status == .created)
            #expect(
                issue.json == [
                    "id": 7, "number": 12, "title": "Bug", "html_url": "https://github.example/issues/12", "state": "open",
                    "created_at": "2026-01-02T00:00:00Z",
                ])
            let untitled = try await harness.send(.post, "/github/repos/octocat/hello/issues", json: [:], authorization: token)
            #expect(untitled.status == .badRequest && untitled.json["error"] == "Issue title is required")
            let locked = try await harness.send(.post, "/github/repos/octocat/locked/issues", json: ["title": "Bug"], authorization: token)
            #expect(locked.status == .forbidden)

            let bulk = try await harness.send(
                .post, "/github/repos/octocat/hello/issues/bulk",
                json: [
                    "tasks": [["id": "a", "title": "One", "description": "d", "node_type": "task"], ["id": "b", "title": "fail"]],
                    "planTitle": "Plan", "planUrl": "https://app.example/plans/1",
                ],
                authorization: token)
            #expect(bulk.status == .created)
            #expect(bulk.json["created"] == 1 && bulk.json["failed"] == 1)
            #expect(bulk.json["results"]?.arrayValueForTests.first?["issue_number"] == 12)
            #expect(bulk.json["errors"]?.arrayValueForTests.first?["task_id"] == "b")
            let empty = try await harness.send(.post, "/github/repos/octocat/hello/issues/bulk", json: ["tasks": []], authorization: token)
            #expect(empty.json["error"] == "Tasks array is required")

            let search = try await get("/github/search?q=hel+lo")
            #expect(search.json["repos"]?.arrayValueForTests.first?["description"] == "hel lo user:octocat")

            let stored = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.sql.select().column("access_token").from("github_connections").all()
                        .map { try $0.decode(column: "access_token", as: String.self) }
                }
            }
            #expect(stored.count == 1)
            #expect(stored.allSatisfy { $0.hasPrefix("v2:") && !$0.contains("gho_") }, "sealed, never in clear")
        }
    }
}
