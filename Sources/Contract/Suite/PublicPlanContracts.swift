import AgentPlannerCore

/// Public plans: visibility, the anonymous views, the view counter, the public listing and GitHub links
/// (ROUTES.md §4.2).
enum PublicPlanContracts {
    static let area = PlanContracts.area
    static let missingPlan = "00000000-0000-4000-8000-000000000000"

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: PlanContracts.controller) }

    static func put(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("PUT", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let owner = JSONMatcher.keys([
        "id": .uuid, "name": .nullable(.string), "email": .string, "github_username": .nullable(.string),
        "avatar_url": .nullable(.string),
    ])

    static let summaryFields: [String: JSONMatcher] = [
        "id": .uuid, "title": .string, "description": .nullable(.string), "status": .string, "view_count": .integer,
        "created_at": .timestamp, "updated_at": .timestamp, "github_repo_owner": .nullable(.string),
        "github_repo_name": .nullable(.string),
    ]

    static var listedPlan: JSONMatcher {
        var fields = summaryFields
        fields["owner"] = owner
        for key in ["task_count", "completed_count", "completion_percentage", "star_count"] { fields[key] = .integer }
        return .keys(fields)
    }

    static func listing(_ plans: JSONMatcher) -> JSONMatcher {
        .keys(["plans": plans, "total": .integer, "limit": .integer, "page": .integer, "total_pages": .integer])
    }

    static var publicPlan: JSONMatcher {
        var fields = summaryFields
        fields["github_repo_url"] = .nullable(.string)
        fields["github_repo_full_name"] = .nullable(.string)
        fields["metadata"] = .any
        fields["owner"] = owner
        fields["progress"] = .integer
        fields["root_node"] = .keys([
            "id": .uuid, "node_type": .equals("root"), "title": .string, "description": .nullable(.string),
            "status": .string, "created_at": .timestamp, "updated_at": .timestamp, "context": .nullable(.string),
            "agent_instructions": .nullable(.string),
        ])
        return .keys(fields)
    }

    static let newPlan = Step(
        "plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Public {run}", "description": "Shown to everyone"]))
    )
    .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] { visibility + listing + github }

    static let visibility: [Contract] = [
        Contract(
            id: "plans.public-views", area: area,
            summary: "a private plan is hidden (403 here, 404 there); once public anyone reads it and each view counts",
            source: source("PUT /plans/:id/visibility, GET /plans/:id/public, GET /plans/public/:id, POST /plans/:id/view"),
            classification: .compatible, mutates: true,
            steps: [
                newPlan,
                Step("task", RequestSpec("POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Visible task"])))
                    .expect(status: 201).expect(body: NodeContracts.row),
                Step("private-flat", .get("/plans/{planId}/public")).expect(status: 403).expect(body: .error("This plan is not public")),
                Step("private-structure", .get("/plans/public/{planId}")).expect(status: 404).expect(body: .error("Plan not found")),
                Step("private-view", RequestSpec("POST", "/plans/{planId}/view")).expect(status: 403).expect(body: .error("This plan is not public")),
                Step(
                    "publish",
                    put("/plans/{planId}/visibility", as: .owner, ["visibility": "public", "github_repo_owner": "", "github_repo_name": "planner"])
                )
                .expect(status: 200)
                .expect(
                    body: .keys([
                        "id": .variable("planId"), "visibility": .equals("public"), "is_public": .equals(true),
                        "github_repo_owner": .null, "github_repo_name": .equals("planner"),
                    ])),
                Step("flat", .get("/plans/{planId}/public")).expect(status: 200).expect(body: publicPlan).golden(),
                Step("structure", .get("/plans/public/{planId}")).expect(status: 200)
                    .expect(
                        body: .keys([
                            "plan": .object(["owner": owner, "progress": .integer, "metadata": .any], exact: false),
                            "structure": .object(
                                [
                                    "node_type": .equals("root"), "created_at": .timestamp,
                                    "children": .arrayCount(
                                        1, of: .object(["title": .equals("Visible task"), "children": .array(.any)], exact: false)),
                                ], exact: false),
                        ])
                    )
                    .golden(),
                Step("view", RequestSpec("POST", "/plans/{planId}/view")).expect(status: 200).expect(body: .keys(["view_count": .equals(1)])),
                Step("view-again", RequestSpec("POST", "/plans/{planId}/view")).expect(status: 200).expect(body: .keys(["view_count": .equals(2)])),
                Step("legacy-flag", put("/plans/{planId}/visibility", as: .owner, ["is_public": false]))
                    .expect(status: 200).expect(
                        body: .object(
                            ["visibility": .equals("private"), "is_public": .equals(false), "github_repo_name": .equals("planner")], exact: false)),
                Step("hidden-again", .get("/plans/{planId}/public")).expect(status: 403).expect(body: .error("This plan is not public")),
                dropPlan,
            ]),
        Contract(
            id: "plans.visibility-refused", area: area,
            summary: "only the owner sets visibility; the body must name it; malformed and missing ids are told",
            source: source("PUT /plans/:id/visibility"), classification: .compatible, mutates: false,
            needs: [.owner, .admin],
            steps: [
                Step("admin", put("/plans/{plan.id}/visibility", as: .admin, ["visibility": "public"]))
                    .expect(status: 403).expect(body: .error("Only the plan owner can change visibility settings")),
                Step("empty", put("/plans/{plan.id}/visibility", as: .owner, ["github_repo_name": "x"]))
                    .expect(status: 400)
                    .expect(
                        body: .object(
                            [
                                "error": .equals("Validation failed"),
                                "details": .arrayCount(
                                    1,
                                    of: .object(
                                        ["field": .equals("root"), "message": .equals("Either visibility or is_public must be provided")],
                                        exact: false)),
                            ], exact: false)),
                Step("bad-value", put("/plans/{plan.id}/visibility", as: .owner, ["visibility": "friends"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                Step("bad-id", put("/plans/not-a-uuid/visibility", as: .owner, ["visibility": "public"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                Step("missing", put("/plans/\(missingPlan)/visibility", as: .owner, ["visibility": "public"]))
                    .expect(status: 404).expect(body: .error("Plan not found")),
                Step("missing-public", .get("/plans/\(missingPlan)/public")).expect(status: 404).expect(body: .error("Plan not found")),
                Step("missing-view", RequestSpec("POST", "/plans/\(missingPlan)/view")).expect(status: 404).expect(body: .error("Plan not found")),
            ]),
    ]

    static let listing: [Contract] = [
        Contract(
            id: "plans.public-list", area: area,
            summary: "the public listing: owner block, task counts without the root, v1's pagination keys and filters",
            source: source("GET /plans/public"), classification: .compatible, mutates: true,
            steps: [
                newPlan,
                Step(
                    "task",
                    RequestSpec(
                        "POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Done", "status": "completed"]))
                )
                .expect(status: 201).expect(body: NodeContracts.row),
                Step("task-2", RequestSpec("POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Open"])))
                    .expect(status: 201).expect(body: NodeContracts.row),
                Step("publish", put("/plans/{planId}/visibility", as: .owner, ["visibility": "public"])).expect(status: 200)
                    .expect(body: .object(["visibility": .equals("public")], exact: false)),
                Step("default", .get("/plans/public")).expect(status: 200)
                    .expect(body: listing(.array(listedPlan)))
                    .expect(body: .object(["limit": .equals(12), "page": .equals(1)], exact: false)),
                Step("found", .get("/plans/public?search=public%20{run}&sortBy=completion&hasGithubLink=false&status=draft&owner={owner.id}"))
                    .expect(status: 200)
                    .expect(body: listing(.arrayCount(1, of: listedPlan)))
                    .expect(
                        body: .object(
                            [
                                "total": .equals(1), "total_pages": .equals(1),
                                "plans": .firstElement(
                                    .object(
                                        [
                                            "id": .variable("planId"), "task_count": .equals(2), "completed_count": .equals(1),
                                            "completion_percentage": .equals(50), "star_count": .equals(0),
                                            "owner": .object(["id": .variable("owner.id")], exact: false),
                                        ], exact: false)),
                            ], exact: false)),
                Step("filtered-out", .get("/plans/public?search=public%20{run}&hasGithubLink=true"))
                    .expect(status: 200).expect(body: listing(.arrayCount(0, of: .any)))
                    .expect(body: .object(["total": .equals(0), "total_pages": .equals(0)], exact: false)),
                Step("after", .get("/plans/public?search=public%20{run}&updatedAfter=2999-01-01"))
                    .expect(status: 200).expect(body: .object(["total": .equals(0)], exact: false)),
                dropPlan,
            ]),
        Contract(
            id: "plans.public-list-search-pages", area: area,
            summary: "search is applied before paging: two matches at limit 1 give total 2 and two pages",
            source: source("GET /plans/public"),
            classification: .v1Defect("v1 filtered by `search` after paging in the database, so pages came back short or empty"),
            mutates: true,
            steps: [
                newPlan,
                Step("publish", put("/plans/{planId}/visibility", as: .owner, ["visibility": "public"])).expect(status: 200)
                    .expect(body: .object(["visibility": .equals("public")], exact: false)),
                Step("plan-2", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Public {run} too"])))
                    .expect(status: 201).expect(body: PlanContracts.created).capture("secondId", at: "$.id"),
                Step("publish-2", put("/plans/{secondId}/visibility", as: .owner, ["visibility": "public"])).expect(status: 200)
                    .expect(body: .object(["visibility": .equals("public")], exact: false)),
                Step("page-1", .get("/plans/public?search=public%20{run}&limit=1&sortBy=alphabetical"))
                    .expect(status: 200).expect(body: listing(.arrayCount(1, of: listedPlan)))
                    .expect(
                        body: .object(
                            [
                                "total": .equals(2), "total_pages": .equals(2),
                                "plans": .firstElement(.object(["id": .variable("planId")], exact: false)),
                            ], exact: false)),
                Step("page-2", .get("/plans/public?search=public%20{run}&limit=1&page=2&sortBy=alphabetical"))
                    .expect(status: 200).expect(
                        body: .object(["plans": .firstElement(.object(["id": .variable("secondId")], exact: false))], exact: false)),
                Step("drop-2", RequestSpec("DELETE", "/plans/{secondId}", as: .owner)).expect(status: 204),
                dropPlan,
            ]),
        Contract(
            id: "plans.public-list-validation", area: area, summary: "bad sortBy, status, hasGithubLink and dates are 400s with v1's texts",
            source: source("GET /plans/public"), classification: .compatible, mutates: false,
            steps: [
                Step("sort", .get("/plans/public?sortBy=stars")).expect(status: 400)
                    .expect(body: .error("Invalid sortBy value. Must be one of: recent, alphabetical, completion")),
                Step("status", .get("/plans/public?status=done")).expect(status: 400)
                    .expect(body: .error("Invalid status value. Must be one of: active, completed, draft, archived")),
                Step("link", .get("/plans/public?hasGithubLink=yes")).expect(status: 400)
                    .expect(body: .error("Invalid hasGithubLink value. Must be \"true\" or \"false\"")),
                Step("after", .get("/plans/public?updatedAfter=yesterday")).expect(status: 400)
                    .expect(body: .error("Invalid updatedAfter value. Must be a valid ISO date string")),
                Step("before", .get("/plans/public?updatedBefore=13/45/2020")).expect(status: 400)
                    .expect(body: .error("Invalid updatedBefore value. Must be a valid ISO date string")),
            ]),
    ]

    static let github: [Contract] = [
        Contract(
            id: "plans.github-link", area: area,
            summary: "the owner links a repository: full name and URL are derived; bad names, other roles and missing plans refused",
            source: source("PUT /plans/:id/github"), classification: .compatible, mutates: true, needs: [.owner, .admin],
            steps: [
                newPlan,
                Step("link", put("/plans/{planId}/github", as: .owner, ["github_repo_owner": "TAgents", "github_repo_name": "agent-planner"]))
                    .expect(status: 200)
                    .expect(
                        body: .keys([
                            "message": .equals("GitHub repository linked successfully"),
                            "plan": .keys(
                                PlanContracts.planRow.merging(["view_count": .integer, "last_viewed_at": .nullable(.timestamp)]) { a, _ in a }),
                        ])
                    )
                    .expect(
                        body: .object(
                            [
                                "plan": .object(
                                    [
                                        "github_repo_full_name": .equals("TAgents/agent-planner"),
                                        "github_repo_url": .equals("https://github.com/TAgents/agent-planner"),
                                    ], exact: false)
                            ], exact: false)),
                Step("missing-field", put("/plans/{planId}/github", as: .owner, ["github_repo_owner": "TAgents"]))
                    .expect(status: 400).expect(body: .error("github_repo_owner and github_repo_name are required")),
                Step("bad-format", put("/plans/{planId}/github", as: .owner, ["github_repo_owner": "T Agents", "github_repo_name": "x;y"]))
                    .expect(status: 400).expect(body: .error("Invalid repository owner or name format")),
                Step("admin", put("/plans/{plan.id}/github", as: .admin, ["github_repo_owner": "a", "github_repo_name": "b"]))
                    .expect(status: 403).expect(body: .error("Only plan owner can link repository")),
                Step("missing", put("/plans/\(missingPlan)/github", as: .owner, ["github_repo_owner": "a", "github_repo_name": "b"]))
                    .expect(status: 404).expect(body: .error("Plan not found")),
                dropPlan,
            ])
    ]
}
