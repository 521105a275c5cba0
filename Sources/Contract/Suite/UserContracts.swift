import AgentPlannerCore

/// The user directory, capability tags and my-tasks (ROUTES.md §4.7).
enum UserContracts {
    static let area = "users"
    static func source(_ route: String) -> V1Source {
        V1Source(route: route, file: "src/controllers/user.controller.js")
    }

    static let userFields: [String: JSONMatcher] = [
        "id": .uuid, "email": .string, "name": .string, "organization": .optional(.any), "avatar_url": .optional(.string),
        "github_id": .nullable(.string), "github_username": .nullable(.string), "github_avatar_url": .nullable(.string),
        "github_profile_url": .nullable(.string),
    ]
    static var listedUser: JSONMatcher { .keys(userFields.merging(["created_at": .timestamp]) { a, _ in a }) }
    static var foundUser: JSONMatcher { .keys(userFields) }

    static let capabilityResult = JSONMatcher.keys([
        "id": .uuid, "email": .string, "name": .nullable(.string), "avatar_url": .nullable(.string),
        "capability_tags": .array(.string),
    ])

    static func put(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("PUT", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static var all: [Contract] { directory + capabilities + MyTasksContracts.all }

    static let directory: [Contract] = [
        Contract(
            id: "users.list-visible", area: area,
            summary: "GET /users lists the caller and the people who share a plan with them, in v1's page shape",
            source: source("GET /users"),
            classification: .v1Defect("v1 listed every account (emails included) to every signed-in caller"),
            mutates: false, needs: [.owner, .viewer, .editor],
            steps: [
                Step("stranger", .get("/users", as: .stranger)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "users": .arrayCount(1, of: listedUser), "total": .equals(1), "page": .equals(1), "limit": .equals(50),
                            "total_pages": .equals(1),
                        ])
                    )
                    .expect(body: .object(["users": .firstElement(.object(["id": .variable("stranger.id")], exact: false))], exact: false))
                    .golden(),
                Step("viewer", .get("/users", as: .viewer)).expect(status: 200)
                    .expect(body: .object(["users": .array(listedUser), "total": .integer], exact: false))
                    .expect(body: .object(["users": .firstElement(.object(["id": .variable("owner.id")], exact: false))], exact: false)),
                Step("echo", .get("/users?page=1&limit=1", as: .viewer)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "users": .arrayCount(1, of: listedUser), "total": .integer, "page": .equals("1"), "limit": .equals("1"),
                            "total_pages": .integer,
                        ])),
                Step("bad-page", .get("/users?page=0", as: .viewer)).expect(status: 400)
                    .expect(body: .error("Page must be a positive number")),
            ]),
        Contract(
            id: "users.search", area: area,
            summary: "search needs 2+ characters and matches email or name among visible users, or one exact email",
            source: source("GET /users/search"),
            classification: .v1Defect("v1 searched every account, so two letters listed strangers' emails"),
            mutates: false, needs: [.owner, .viewer],
            steps: [
                Step("short", .get("/users/search?query=a", as: .owner)).expect(status: 400)
                    .expect(body: .error("Search query must be at least 2 characters")),
                Step("viewer-by-owner", .get("/users/search?query=viewer%2B{run}", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["query": .equals("viewer+{run}"), "results": .arrayCount(1, of: foundUser), "count": .equals(1)]))
                    .golden(),
                Step("stranger-sees-self-only", .get("/users/search?query={run}", as: .stranger)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "query": .string, "results": .arrayCount(1, of: .object(["id": .variable("stranger.id")], exact: false)),
                            "count": .equals(1),
                        ])),
                Step("exact-email", .get("/users/search?query=OWNER%2B{run}%40contract.agentplanner.test", as: .stranger)).expect(status: 200)
                    .expect(body: .object(["results": .arrayCount(1, of: .object(["id": .variable("owner.id")], exact: false))], exact: false)),
            ]),
    ]

    static let capabilities: [Contract] = [
        Contract(
            id: "users.capabilities", area: area,
            summary: "PUT normalises tags (lowercase, trimmed, no empties or duplicates); GET returns them; bad bodies 400",
            source: source("PUT /users/capabilities, GET /users/capabilities"), classification: .compatible, mutates: true,
            needs: [.agent],
            steps: [
                Step("empty", .get("/users/capabilities", as: .agent)).expect(status: 200)
                    .expect(body: .keys(["capability_tags": .array(.string)])),
                Step("put", put("/users/capabilities", as: .agent, ["capability_tags": [" Swift ", "swift", "", "Postgres", "agent-{run}"]]))
                    .expect(status: 200).expect(body: .keys(["capability_tags": .equals(["swift", "postgres", "agent-{run}"])])).golden(),
                Step("get", .get("/users/capabilities", as: .agent)).expect(status: 200)
                    .expect(body: .keys(["capability_tags": .equals(["swift", "postgres", "agent-{run}"])])),
                Step("not-array", put("/users/capabilities", as: .agent, ["capability_tags": "swift"])).expect(status: 400)
                    .expect(body: .error("capability_tags must be an array of strings")),
                Step("too-many", put("/users/capabilities", as: .agent, ["capability_tags": .array((1...51).map { .string("t\($0)") })]))
                    .expect(status: 400).expect(body: .error("Maximum 50 capability tags allowed")),
            ]),
        Contract(
            id: "users.capabilities-search", area: area,
            summary: "search by tags (any, or all with match=all) among the people the caller works with",
            source: source("GET /users/capabilities/search"),
            classification: .v1Defect("v1 searched every account with tags and showed their emails to anyone"),
            mutates: true, needs: [.owner, .editor],
            steps: [
                Step("tag", put("/users/capabilities", as: .editor, ["capability_tags": ["reviewer-{run}", "swift"]])).expect(status: 200)
                    .expect(body: .keys(["capability_tags": .array(.string)])),
                Step("any", .get("/users/capabilities/search?tags=Reviewer-{run},nothing-{run}", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "results": .arrayCount(1, of: capabilityResult), "count": .equals(1),
                            "tags": .equals(["reviewer-{run}", "nothing-{run}"]), "match": .equals("any"),
                        ])
                    )
                    .expect(body: .object(["results": .firstElement(.object(["id": .variable("editor.id")], exact: false))], exact: false)),
                Step("all", .get("/users/capabilities/search?tags=reviewer-{run},nothing-{run}&match=all", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "results": .arrayCount(0, of: capabilityResult), "count": .equals(0), "tags": .array(.string), "match": .equals("all"),
                        ])),
                Step("stranger", .get("/users/capabilities/search?tags=reviewer-{run}", as: .stranger)).expect(status: 200)
                    .expect(body: .object(["results": .arrayCount(0, of: capabilityResult), "count": .equals(0)], exact: false)),
                Step("no-tags", .get("/users/capabilities/search", as: .owner)).expect(status: 400)
                    .expect(body: .error("tags query parameter is required")),
                Step("empty-tags", .get("/users/capabilities/search?tags=,%20,", as: .owner)).expect(status: 400)
                    .expect(body: .error("At least one tag is required")),
            ]),
        Contract(
            id: "users.capabilities-of-others", area: area,
            summary: "another user's tags are readable by the people who share a plan with them, not by strangers",
            source: source("GET /users/:userId/capabilities"),
            classification: .v1Defect("v1 let any user read any user's tags (no access check)"),
            mutates: false, needs: [.owner, .editor],
            steps: [
                Step("owner-reads-editor", .get("/users/{editor.id}/capabilities", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["capability_tags": .array(.string)])),
                Step("stranger-reads-owner", .get("/users/{owner.id}/capabilities", as: .stranger)).expect(status: 404)
                    .expect(body: .error("User not found")),
            ]),
    ]
}
