import AgentPlannerCore

/// The two input defects of issue 14: query strings are form-urlencoded (`+` is a space), and a NUL character in
/// any text is refused with v1's validation answer instead of being cut off.
enum InputContracts {
    static let area = "input"

    static func nulRefused(_ field: String) -> JSONMatcher {
        .keys([
            "error": .equals("Validation failed"), "message": .string,
            "details": .arrayCount(
                1,
                of: .keys([
                    "field": .equals(.string(field)), "message": .equals("Text must not contain the NUL character (\\u0000)"),
                    "code": .equals("invalid_format"),
                ])),
        ])
    }

    /// zod's answer to an array where its object schema expects an object: one issue, on the root.
    static let arrayRefused = JSONMatcher.keys([
        "error": .equals("Validation failed"), "message": .equals("Invalid input: expected object, received array"),
        "details": .arrayCount(
            1,
            of: .keys([
                "field": .equals("root"), "message": .equals("Invalid input: expected object, received array"), "code": .equals("invalid_type"),
            ])),
    ])

    static let newPlan = Step(
        "plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Plus {run} Plan", "description": "Form decoding"]))
    )
    .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] {
        [
            Contract(
                id: "input.query-plus-is-space", area: area,
                summary: "`+` in a query string is a space on every search (form decoding, as Express); `%2B` is a plus",
                source: V1Source(
                    route: "GET /search, /search/plan/:id, /search/plans/:id/nodes/search, /plans/public, /users/search",
                    file: "src/index.js (express query parser)"),
                classification: .compatible, mutates: true,
                steps: [
                    newPlan,
                    Step("search", .get("/search?query=plus+{run}+plan", as: .owner)).expect(status: 200)
                        .expect(
                            body: .object(
                                [
                                    "query": .equals("plus {run} plan"),
                                    "counts": .object(["plans": .equals(1)], exact: false),
                                ], exact: false)),
                    Step("plan-search", .get("/search/plan/{planId}?query=plus+{run}", as: .owner)).expect(status: 200)
                        .expect(body: .object(["query": .equals("plus {run}"), "count": .equals(1)], exact: false)),
                    Step("node-search", .get("/search/plans/{planId}/nodes/search?query=plus+{run}+plan", as: .owner)).expect(status: 200)
                        .expect(body: .arrayCount(1, of: .object(["title": .equals("Plus {run} Plan")], exact: false))),
                    Step("publish", RequestSpec("PUT", "/plans/{planId}/visibility", as: .owner, body: .json(["visibility": "public"])))
                        .expect(status: 200).expect(body: .object(["visibility": .equals("public")], exact: false)),
                    Step("public-list", .get("/plans/public?search=plus+{run}+plan")).expect(status: 200)
                        .expect(body: .object(["total": .equals(1)], exact: false)),
                    Step("users-literal-plus", .get("/users/search?query=owner%2B{run}", as: .owner)).expect(status: 200)
                        .expect(body: .object(["query": .equals("owner+{run}"), "count": .equals(1)], exact: false)),
                    // The actors' names are "Contract <role> <run>": only a space finds one, a literal plus finds none.
                    Step("users-space", .get("/users/search?query=Contract+owner+{run}", as: .owner)).expect(status: 200)
                        .expect(body: .object(["query": .equals("Contract owner {run}"), "count": .equals(1)], exact: false)),
                    Step("users-encoded-plus", .get("/users/search?query=Contract%2Bowner", as: .owner)).expect(status: 200)
                        .expect(body: .object(["query": .equals("Contract+owner"), "count": .equals(0)], exact: false)),
                    dropPlan,
                ]),
            Contract(
                id: "input.nul-refused", area: area,
                summary: "a NUL character in a body field or a query value is a 400 validation answer; nothing is stored",
                source: V1Source(route: "POST /plans, POST /plans/:id/nodes, GET /search", file: "src/middleware/validation.middleware.js"),
                classification: .v1Defect(
                    "v1 handed the text to PostgreSQL, which refused it with a raw error; an SQLite-backed v2 cut the text at the NUL"),
                mutates: true,
                steps: [
                    Step("plan-title", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": .string("nul\u{0}byte {run}")])))
                        .expect(status: 400).expect(body: nulRefused("title")).golden(),
                    Step("nothing-stored", .get("/search?query=nul{run}", as: .owner)).expect(status: 200)
                        .expect(body: .object(["counts": .object(["plans": .equals(0)], exact: false)], exact: false)),
                    Step(
                        "node-field",
                        RequestSpec(
                            "POST", "/plans/{plan.id}/nodes", as: .owner,
                            body: .json([
                                "node_type": "task", "title": "Fine {run}", "description": .string("a\u{0}b"),
                            ]))
                    ).expect(status: 400).expect(body: nulRefused("description")),
                    Step(
                        "nested",
                        RequestSpec(
                            "POST", "/plans/{plan.id}/decisions", as: .owner,
                            body: .json([
                                "title": "Pick", "context": "c", "options": [["option": .string("x\u{0}")]],
                            ]))
                    ).expect(status: 400).expect(body: nulRefused("options.0.option")),
                    Step("query", .get("/search?query=abc%00def", as: .owner)).expect(status: 400).expect(body: nulRefused("query")),
                ]),
            Contract(
                id: "input.non-object-bodies", area: area,
                summary: "PUT /plans/:id and PUT …/nodes/:nodeId answer 400 to a `[]` or `null` body and change nothing",
                source: V1Source(
                    route: "PUT /plans/:id, PUT /plans/:id/nodes/:nodeId", file: "src/index.js (express.json), validation.middleware.js"),
                classification: .compatible, mutates: true,
                steps: [
                    Step("plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Bodies {run}", "description": "Kept"])))
                        .expect(status: 201).capture("planId", at: "$.id"),
                    Step("root", .get("/plans/{planId}", as: .owner)).expect(status: 200).capture("rootId", at: "$.root_node.id"),
                    Step("plan-array", RequestSpec("PUT", "/plans/{planId}", as: .owner, body: .raw("[]", contentType: "application/json")))
                        .expect(status: 400).expect(body: arrayRefused),
                    Step("plan-null", RequestSpec("PUT", "/plans/{planId}", as: .owner, body: .raw("null", contentType: "application/json")))
                        .expect(status: 400).expect(body: .anyError),
                    Step(
                        "node-array",
                        RequestSpec("PUT", "/plans/{planId}/nodes/{rootId}", as: .owner, body: .raw("[]", contentType: "application/json"))
                    ).expect(status: 400).expect(body: arrayRefused),
                    Step(
                        "node-null",
                        RequestSpec("PUT", "/plans/{planId}/nodes/{rootId}", as: .owner, body: .raw("null", contentType: "application/json"))
                    ).expect(status: 400).expect(body: .anyError),
                    Step("unchanged", .get("/plans/{planId}", as: .owner)).expect(status: 200)
                        .expect(body: .object(["title": .equals("Bodies {run}"), "description": .equals("Kept")], exact: false)),
                    dropPlan,
                ]),
        ]
    }
}
