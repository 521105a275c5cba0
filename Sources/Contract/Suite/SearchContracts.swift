import AgentPlannerCore

/// Search (ROUTES.md §4.9): global, per-plan node search, and per-plan search.
enum SearchContracts {
    static let area = "search"
    static let controller = "src/controllers/search.controller.js"

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: controller) }

    static let newPlan = Step(
        "plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Search {run}", "description": "Where the herd is counted"]))
    )
    .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id")
    static let task = Step(
        "task",
        RequestSpec(
            "POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Zebra {run}", "description": "Count the herd"]))
    )
    .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id")
    static let note = Step(
        "note",
        RequestSpec(
            "POST", "/plans/{planId}/nodes/{taskId}/log", as: .owner, body: .json(["content": "Spotted zebra {run} at dawn", "log_type": "progress"]))
    )
    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false))
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static let person = ActivityContracts.person
    static let foundNode = JSONMatcher.keys([
        "id": .uuid, "type": .equals("node"), "node_type": .string, "title": .string, "description": .nullable(.string),
        "status": .string, "created_at": .timestamp, "plan_id": .uuid,
    ])
    static let foundEntry = JSONMatcher.keys([
        "id": .uuid, "type": .equals("log"), "content": .string, "created_at": .timestamp, "user": person,
        "node": .keys(["id": .uuid, "plan_id": .uuid, "node_type": .string, "title": .string]),
    ])

    static var all: [Contract] {
        [
            Contract(
                id: "search.global", area: area,
                summary: "global search finds matching plans, nodes and logs of the caller's plans, with counts",
                source: source("GET /search"),
                classification: .v1Defect("v1 answered 500 `planNodeIds is not defined` whenever a node matched"),
                mutates: true,
                steps: [
                    newPlan, task, note,
                    Step("nodes-and-logs", .get("/search?query=ZEBRA%20{run}", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "query": .equals("ZEBRA {run}"),
                                "results": .keys([
                                    "plans": .arrayCount(0, of: .any), "nodes": .arrayCount(1, of: foundNode),
                                    "comments": .arrayCount(0, of: .any), "logs": .arrayCount(2, of: foundEntry),
                                ]),
                                "counts": .keys([
                                    "plans": .equals(0), "nodes": .equals(1), "comments": .equals(0), "logs": .equals(2), "total": .equals(3),
                                ]),
                            ])
                        )
                        .golden(unordered: ["$.results.logs"]),
                    Step("plans", .get("/search?query=search%20{run}", as: .owner)).expect(status: 200)
                        .expect(
                            body: .object(
                                [
                                    "results": .object(
                                        [
                                            "plans": .arrayCount(
                                                1,
                                                of: .keys([
                                                    "id": .variable("planId"), "type": .equals("plan"), "title": .string,
                                                    "description": .nullable(.string),
                                                    "status": .string, "created_at": .timestamp, "updated_at": .timestamp,
                                                ]))
                                        ], exact: false)
                                ], exact: false)),
                    Step("stranger", .get("/search?query=zebra%20{run}", as: .stranger)).expect(status: 200)
                        .expect(body: .object(["counts": .object(["total": .equals(0)], exact: false)], exact: false)),
                    dropPlan,
                ]),
            Contract(
                id: "search.global-short", area: area, summary: "a query under 3 characters (after trimming) is a 400",
                source: source("GET /search"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("short", .get("/search?query=%20ab%20", as: .owner)).expect(status: 400)
                        .expect(body: .error("Search query must be at least 3 characters")),
                    Step("none", .get("/search", as: .owner)).expect(status: 400)
                        .expect(body: .error("Search query must be at least 3 characters")),
                ]),
            Contract(
                id: "search.plan-nodes", area: area,
                summary: "node search in a plan by text, status and type lists; strangers 403",
                source: source("GET /search/plans/:id/nodes/search"), classification: .compatible, mutates: true,
                steps: [
                    newPlan, task,
                    Step("text", .get("/search/plans/{planId}/nodes/search?query=herd&status=not_started,blocked&node_type=task", as: .owner))
                        .expect(status: 200)
                        .expect(
                            body: .arrayCount(
                                1,
                                of: .object(
                                    ["id": .variable("taskId"), "title": .equals("Zebra {run}"), "metadata": .any, "context": .nullable(.string)],
                                    exact: false))),
                    Step("status", .get("/search/plans/{planId}/nodes/search?query=herd&status=completed", as: .owner))
                        .expect(status: 200).expect(body: .arrayCount(0, of: .any)),
                    Step("all", .get("/search/plans/{planId}/nodes/search", as: .owner))
                        .expect(status: 200).expect(
                            body: .arrayCount(2, of: .object(["id": .uuid, "node_type": .oneOf(["root", "task"])], exact: false))),
                    Step("stranger", .get("/search/plans/{planId}/nodes/search?query=herd", as: .stranger))
                        .expect(status: 403).expect(body: .error("You do not have access to this plan")),
                    dropPlan,
                ]),
            Contract(
                id: "search.plan-nodes-bad-date", area: area, summary: "a malformed date filter is a 400",
                source: source("GET /search/plans/:id/nodes/search"),
                classification: .v1Defect("v1 sent the malformed date to the database and answered its 500"),
                mutates: false, needs: [.owner],
                steps: [
                    Step("date", .get("/search/plans/{plan.id}/nodes/search?date_from=soon", as: .owner)).expect(status: 400)
                        .expect(body: .error("date_from must be a valid ISO date"))
                ]),
            Contract(
                id: "search.plan", area: area,
                summary: "everything in one plan that matches: nodes, comments and logs, newest first; the query is checked before access",
                source: source("GET /search/plan/:plan_id"), classification: .compatible, mutates: true,
                steps: [
                    newPlan, task, note,
                    Step("search", .get("/search/plan/{planId}?query=zebra", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "query": .equals("zebra"), "count": .equals(3),
                                "results": .arrayCount(
                                    3,
                                    of: .keys([
                                        "id": .uuid, "type": .oneOf(["node", "log", "comment"]), "title": .string,
                                        "content": .nullable(.string), "created_at": .timestamp, "user_id": .uuid,
                                    ])),
                            ])
                        )
                        .expect(
                            body: .object(
                                ["results": .firstElement(.object(["type": .equals("log"), "title": .equals("Log for Zebra {run}")], exact: false))],
                                exact: false)),
                    Step("short", .get("/search/plan/{planId}?query=z", as: .stranger)).expect(status: 400)
                        .expect(body: .error("Search query must be at least 2 characters")),
                    Step("stranger", .get("/search/plan/{planId}?query=zebra", as: .stranger)).expect(status: 403)
                        .expect(body: .error("You do not have access to this plan")),
                    dropPlan,
                ]),
        ]
    }
}
