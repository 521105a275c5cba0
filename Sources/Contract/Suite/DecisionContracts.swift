import AgentPlannerCore

/// Decision requests (ROUTES.md §4.5, §5.3).
enum DecisionContracts {
    static let area = "decisions"
    static func source(_ route: String) -> V1Source {
        V1Source(route: route, file: "src/controllers/decision.controller.js")
    }

    /// Every column of `decision_requests`.
    static let row = JSONMatcher.keys([
        "id": .uuid, "plan_id": .uuid, "node_id": .nullable(.uuid), "requested_by_user_id": .uuid,
        "requested_by_agent_name": .nullable(.string), "title": .string, "context": .string, "options": .array(.any),
        "urgency": .oneOf(["blocking", "can_continue", "informational"]), "expires_at": .nullable(.timestamp),
        "status": .oneOf(["pending", "decided", "expired", "cancelled"]), "decided_by_user_id": .nullable(.uuid),
        "decision": .nullable(.string), "rationale": .nullable(.string), "decided_at": .nullable(.timestamp),
        "metadata": .any, "created_at": .timestamp, "updated_at": .timestamp,
    ])

    static let validationFailed = JSONMatcher.object(
        [
            "error": .equals("Validation failed"), "message": .string,
            "details": .array(.keys(["field": .string, "message": .string, "code": .string])),
        ],
        exact: true)

    /// A validation answer whose first issue is exactly this one.
    static func invalid(_ field: String, _ message: String, code: String) -> JSONMatcher {
        .object(
            [
                "error": .equals("Validation failed"),
                "details": .firstElement(
                    .keys(["field": .equals(.string(field)), "message": .equals(.string(message)), "code": .equals(.string(code))])),
            ],
            exact: false)
    }

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static func create(_ name: String, on plan: String = "{planId}", as actor: ActorRole = .owner, _ body: JSONValue, capture: String)
        -> Step
    {
        Step(name, post("/plans/\(plan)/decisions", as: actor, body)).expect(status: 201).expect(body: row)
            .capture(capture, at: "$.id")
    }

    static let newPlan = Step("plan", post("/plans", as: .owner, ["title": "Decisions {run}"]))
        .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] { DecisionContracts.lifecycle + DecisionChecks.all }

    static let lifecycle: [Contract] = [
        Contract(
            id: "decisions.create-and-get", area: area,
            summary: "an agent-named, blocking decision with structured options is created pending (201) and read back",
            source: source("POST /plans/:id/decisions, GET /plans/:id/decisions/:decisionId"),
            classification: .compatible, mutates: true,
            steps: [
                newPlan,
                Step(
                    "create",
                    post(
                        "/plans/{planId}/decisions", as: .owner,
                        [
                            "title": "Pick a database", "context": "We need one for {run}", "urgency": "blocking",
                            "requested_by_agent_name": "planner-bot",
                            "options": [["option": "PostgreSQL", "pros": ["mature"], "cons": [], "recommendation": true], ["option": "SQLite"]],
                        ])
                )
                .expect(status: 201).expect(body: row)
                .expect(
                    body: .object(
                        [
                            "status": .equals("pending"), "urgency": .equals("blocking"), "requested_by_user_id": .variable("owner.id"),
                            "plan_id": .variable("planId"), "node_id": .null, "decision": .null, "metadata": .equals([:]),
                            "options": .equals([
                                ["option": "PostgreSQL", "pros": ["mature"], "cons": [], "recommendation": true], ["option": "SQLite"],
                            ]),
                        ], exact: false)
                )
                .capture("decisionId", at: "$.id").golden(),
                Step("get", .get("/plans/{planId}/decisions/{decisionId}", as: .owner)).expect(status: 200).expect(body: row)
                    .expect(body: .object(["id": .variable("decisionId"), "requested_by_agent_name": .equals("planner-bot")], exact: false)),
                Step("default-urgency", post("/plans/{planId}/decisions", as: .owner, ["title": "Small one", "context": "c"]))
                    .expect(status: 201).expect(body: .object(["urgency": .equals("can_continue"), "options": .equals([])], exact: false)),
                dropPlan,
            ]),
        Contract(
            id: "decisions.list-and-pending-count", area: area,
            summary:
                "the list is newest first with {data, pagination:{total,limit,offset,has_more}}, filters by status; pending-count counts pending",
            source: source("GET /plans/:id/decisions, GET /plans/:id/decisions/pending-count"),
            classification: .compatible, mutates: true,
            steps: [
                newPlan,
                create("first", ["title": "First", "context": "c"], capture: "first"),
                create("second", ["title": "Second", "context": "c", "urgency": "informational"], capture: "second"),
                create("third", ["title": "Third", "context": "c"], capture: "third"),
                Step("cancel-first", post("/plans/{planId}/decisions/{first}/cancel", as: .owner, [:])).expect(status: 200).expect(body: row),
                Step("page", .get("/plans/{planId}/decisions?limit=2", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "data": .arrayCount(2, of: row),
                            "pagination": .keys(["total": .equals(3), "limit": .equals(2), "offset": .equals(0), "has_more": .equals(true)]),
                        ])
                    )
                    .expect(body: .object(["data": .firstElement(.object(["id": .variable("third")], exact: false))], exact: false)),
                Step("last-page", .get("/plans/{planId}/decisions?limit=2&offset=2", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "data": .arrayCount(1, of: .object(["id": .variable("first")], exact: false)),
                            "pagination": .keys(["total": .equals(3), "limit": .equals(2), "offset": .equals(2), "has_more": .equals(false)]),
                        ])),
                Step("pending", .get("/plans/{planId}/decisions?status=pending&urgency=can_continue", as: .owner)).expect(status: 200)
                    .expect(
                        body: .object(
                            [
                                "data": .arrayCount(1, of: .object(["id": .variable("third")], exact: false)),
                                "pagination": .object(["total": .equals(1)], exact: false),
                            ], exact: true)),
                Step("count", .get("/plans/{planId}/decisions/pending-count", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["pending_count": .equals(2)])).golden(),
                dropPlan,
            ]),
        Contract(
            id: "decisions.update", area: area,
            summary: "a pending decision can be refined (expires_at may be cleared with null); a decided one cannot",
            source: source("PUT /plans/:id/decisions/:decisionId"), classification: .compatible, mutates: true,
            steps: [
                newPlan,
                create("create", ["title": "Before", "context": "c", "expires_at": "2999-01-01T00:00:00Z"], capture: "d"),
                Step(
                    "update",
                    RequestSpec(
                        "PUT", "/plans/{planId}/decisions/{d}", as: .owner, body: .json(["title": "After", "expires_at": nil, "urgency": "blocking"]))
                )
                .expect(status: 200).expect(body: row)
                .expect(
                    body: .object(
                        ["title": .equals("After"), "expires_at": .null, "urgency": .equals("blocking"), "context": .equals("c")], exact: false)),
                Step("bad-key", RequestSpec("PUT", "/plans/{planId}/decisions/{d}", as: .owner, body: .json(["status": "decided"])))
                    .expect(status: 400).expect(body: invalid("root", "Unrecognized key: \"status\"", code: "unrecognized_keys")),
                Step("resolve", post("/plans/{planId}/decisions/{d}/resolve", as: .owner, ["decision": "Go"])).expect(status: 200).expect(body: row),
                Step("too-late", RequestSpec("PUT", "/plans/{planId}/decisions/{d}", as: .owner, body: .json(["title": "Again"])))
                    .expect(status: 400).expect(body: .error("Cannot update a decision request that has already been resolved")),
                Step("missing", RequestSpec("PUT", "/plans/{planId}/decisions/{owner.id}", as: .owner, body: .json(["title": "x"])))
                    .expect(status: 404).expect(body: .error("Decision request not found")),
                dropPlan,
            ]),
        Contract(
            id: "decisions.resolve", area: area,
            summary: "resolving sets decided, the decider, the time and rationale (null when absent); a second resolve is refused",
            source: source("POST /plans/:id/decisions/:decisionId/resolve"), classification: .compatible, mutates: true,
            needs: [.owner, .editor],
            steps: [
                create("create", on: "{plan.id}", ["title": "Resolve {run}", "context": "c"], capture: "d"),
                Step("resolve", post("/plans/{plan.id}/decisions/{d}/resolve", as: .editor, ["decision": "Use PostgreSQL"]))
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "status": .equals("decided"), "decision": .equals("Use PostgreSQL"), "rationale": .null,
                                "decided_by_user_id": .variable("editor.id"), "decided_at": .timestamp,
                            ], exact: false)
                    ).golden(),
                Step("again", post("/plans/{plan.id}/decisions/{d}/resolve", as: .owner, ["decision": "SQLite", "rationale": "smaller"]))
                    .expect(status: 400).expect(body: .error("Decision request has already been resolved")),
                Step("cancel-decided", post("/plans/{plan.id}/decisions/{d}/cancel", as: .owner, [:]))
                    .expect(status: 400).expect(body: .error("Cannot cancel a decision request that has already been resolved")),
                Step("read", .get("/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 200)
                    .expect(body: .object(["decision": .equals("Use PostgreSQL"), "decided_by_user_id": .variable("editor.id")], exact: false)),
            ]),
        Contract(
            id: "decisions.cancel", area: area,
            summary: "cancelling keeps the old metadata and adds cancellation_reason; an empty body is fine",
            source: source("POST /plans/:id/decisions/:decisionId/cancel"),
            classification: .v1Defect("v1 answered 500 to any non-empty metadata, so metadata to keep could not be created"),
            mutates: true,
            steps: [
                newPlan,
                create("create", ["title": "Cancel me", "context": "c", "metadata": ["source": "agent"]], capture: "d"),
                Step("cancel", post("/plans/{planId}/decisions/{d}/cancel", as: .owner, ["reason": "No longer needed"]))
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "status": .equals("cancelled"), "metadata": .equals(["source": "agent", "cancellation_reason": "No longer needed"]),
                            ], exact: false)),
                create("other", ["title": "Cancel quietly", "context": "c"], capture: "e"),
                Step("no-body", RequestSpec("POST", "/plans/{planId}/decisions/{e}/cancel", as: .owner))
                    .expect(status: 200).expect(body: .object(["status": .equals("cancelled"), "metadata": .equals([:])], exact: false)),
                Step("resolve-cancelled", post("/plans/{planId}/decisions/{e}/resolve", as: .owner, ["decision": "x"]))
                    .expect(status: 400).expect(body: .error("Decision request has already been resolved")),
                dropPlan,
            ]),
        Contract(
            id: "decisions.expired", area: area,
            summary: "a decision past expires_at cannot be resolved and is shown as expired; it no longer counts as pending",
            source: source("POST /plans/:id/decisions/:decisionId/resolve"),
            classification: .v1Defect("v1 refused to resolve an expired decision but never marked it: it stayed `pending` forever"),
            mutates: true,
            steps: [
                newPlan,
                create("create", ["title": "Too late", "context": "c", "expires_at": "2020-01-01T00:00:00Z"], capture: "d"),
                Step("read", .get("/plans/{planId}/decisions/{d}", as: .owner)).expect(status: 200).expect(body: row)
                    .expect(body: .object(["status": .equals("expired"), "decided_at": .null], exact: false)),
                Step("resolve", post("/plans/{planId}/decisions/{d}/resolve", as: .owner, ["decision": "Anyway"]))
                    .expect(status: 400).expect(body: .error("Decision request has expired")),
                Step("count", .get("/plans/{planId}/decisions/pending-count", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["pending_count": .equals(0)])),
                Step("listed", .get("/plans/{planId}/decisions?status=expired", as: .owner)).expect(status: 200)
                    .expect(body: .object(["data": .arrayCount(1, of: .object(["id": .variable("d")], exact: false))], exact: false)),
                dropPlan,
            ]),
    ]
}
