import AgentPlannerCore

/// GitHub (ROUTES.md §4.12). v1 answered 500 `logger.github is not a function` on every route; v2 serves the
/// intended answers. A user who never signed in with GitHub is "not connected".
enum GitHubContracts {
    static let area = "github"
    static func source(_ route: String) -> V1Source { V1Source(route: route, file: "src/controllers/github.controller.js") }
    static let notConnected = JSONMatcher.keys([
        "error": .equals("GitHub not connected"), "message": .string, "code": .equals("GITHUB_NOT_CONNECTED"),
    ])
    static let defect = "every /github route answered 500 `logger.github is not a function` (ROUTES.md §8.2)"

    static var all: [Contract] {
        [
            Contract(
                id: "github.not-connected", area: area,
                summary: "status says not connected; every GitHub call answers 400 GITHUB_NOT_CONNECTED",
                source: source("GET /github/status, /github/repos, /github/repos/:owner/:name(/content), POST …/issues(/bulk)"),
                classification: .v1Defect(defect), mutates: false, needs: [.owner],
                steps: [
                    Step("status", .get("/github/status", as: .owner)).expect(status: 200)
                        .expect(body: .keys(["connected": .equals(false), "github_username": .null, "github_avatar_url": .null])).golden(),
                    Step("repos", .get("/github/repos", as: .owner)).expect(status: 400).expect(body: notConnected).golden(),
                    Step("repo", .get("/github/repos/octocat/hello", as: .owner)).expect(status: 400).expect(body: notConnected),
                    Step("content", .get("/github/repos/octocat/hello/content", as: .owner)).expect(status: 400).expect(body: notConnected),
                    Step("issue", RequestSpec("POST", "/github/repos/octocat/hello/issues", as: .owner, body: .json(["title": "Bug"])))
                        .expect(status: 400).expect(body: notConnected),
                    Step(
                        "bulk",
                        RequestSpec(
                            "POST", "/github/repos/octocat/hello/issues/bulk", as: .owner, body: .json(["tasks": [["id": "1", "title": "T"]]]))
                    )
                    .expect(status: 400).expect(body: notConnected),
                    Step("anonymous", .get("/github/status")).expect(status: 401).expect(body: .error("Authentication required")),
                ]),
            Contract(
                id: "github.search-needs-connection", area: area,
                summary: "repository search acts for the connected user only; without a GitHub sign-in it is GITHUB_NOT_CONNECTED",
                source: source("GET /github/search"),
                classification: .v2Change(
                    "v1 searched GitHub anonymously for users without a token, spending the server's shared IP rate limit; v2 calls GitHub only on a user's behalf"
                ),
                mutates: false, needs: [.owner],
                steps: [Step("search", .get("/github/search?q=hello", as: .owner)).expect(status: 400).expect(body: notConnected)]),
            Contract(
                id: "github.search-query", area: area, summary: "a search query under 2 characters is a 400 before anything else",
                source: source("GET /github/search"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("short", .get("/github/search?q=a", as: .owner)).expect(status: 400).expect(
                        body: .error("Query must be at least 2 characters")),
                    Step("missing", .get("/github/search", as: .owner)).expect(status: 400).expect(
                        body: .error("Query must be at least 2 characters")),
                ]),
        ]
    }
}
