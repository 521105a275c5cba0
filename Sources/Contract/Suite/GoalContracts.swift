import AgentPlannerCore

/// Goals (ROUTES.md §4.14) under DECISIONS.md §D2: owned by their creator, readable by anyone with access to a
/// linked plan; organisations are gone (`organization_id` accepted and ignored, `organization` null).
enum GoalContracts {
    static let area = "goals"
    static func source(_ route: String) -> V1Source { V1Source(route: route, file: "src/routes/goal.routes.js") }
    static let d2 =
        "v2 has no organisations (DECISIONS.md §D2): a goal belongs to its creator and is read-only for anyone with access to a linked plan"

    static let rowFields: [String: JSONMatcher] = [
        "id": .uuid, "organization_id": .null, "owner_id": .uuid, "title": .string, "description": .nullable(.string),
        "success_metrics": .array(.any), "time_horizon": .nullable(.string),
        "status": .oneOf(["active", "achieved", "at_risk", "abandoned"]), "github_repo_url": .nullable(.string),
        "created_by": .uuid, "created_at": .timestamp, "updated_at": .timestamp,
    ]
    static let row = JSONMatcher.keys(rowFields)
    static let person = JSONMatcher.keys(["id": .uuid, "name": .nullable(.string), "email": .nullable(.string)])
    /// `GET /goals/:id`: every column plus the owner and the linked plans.
    static let detail = JSONMatcher.keys(
        rowFields.merging(
            [
                "id": .variable("goalId"), "organization": .null, "created_by_user": person,
                "linked_plans": .array(.keys(["id": .uuid, "title": .string, "status": .string, "progress": .integer, "linked_at": .timestamp])),
            ], uniquingKeysWith: { _, new in new }))
    static let listed = JSONMatcher.object(["organization": .null, "created_by_user": person, "linked_plans_count": .integer], exact: false)

    static func send(_ method: String, _ path: String, as actor: ActorRole, _ body: JSONValue? = nil) -> RequestSpec {
        RequestSpec(method, path, as: actor, body: body.map { .json(JSONValueTemplate($0)) })
    }

    static let create = Step(
        "create",
        send(
            "POST", "/goals", as: .owner,
            [
                "title": "Goal {run}", "description": "Ship it", "organization_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6",
                "success_metrics": [["metric": "users", "target": 10, "current": 5, "unit": "people"]], "time_horizon": "2026-12-31",
            ])
    )
    .expect(status: 201).expect(body: row)
    .expect(
        body: .object(
            [
                "owner_id": .variable("owner.id"), "created_by": .variable("owner.id"), "status": .equals("active"),
                "time_horizon": .equals("2026-12-31"),
            ], exact: false)
    )
    .capture("goalId", at: "$.id")
    static let drop = Step("cleanup", send("DELETE", "/goals/{goalId}", as: .owner)).expect(status: 200)
        .expect(body: .keys(["success": .equals(true), "message": .equals("Goal deleted")]))

    static var all: [Contract] {
        [
            Contract(
                id: "goals.lifecycle", area: area,
                summary: "the owner creates, reads, changes and deletes a goal; organization_id is ignored and organization null",
                source: source("POST /goals, GET /goals, GET/PUT/DELETE /goals/:id, PUT /goals/:id/metrics"),
                classification: .v2Change(d2), mutates: true,
                steps: [
                    create.golden(),
                    Step("list", .get("/goals?status=active", as: .owner)).expect(status: 200)
                        .expect(body: .keys(["goals": .firstElement(listed)]))
                        .expect(
                            body: .object(
                                ["goals": .firstElement(.object(["id": .variable("goalId"), "linked_plans_count": .equals(0)], exact: false))],
                                exact: false)),
                    Step("get", .get("/goals/{goalId}", as: .owner)).expect(status: 200).expect(body: detail),
                    Step(
                        "update",
                        send("PUT", "/goals/{goalId}", as: .owner, ["status": "at_risk", "title": "Goal {run} renamed", "time_horizon": nil])
                    )
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "status": .equals("at_risk"), "title": .equals("Goal {run} renamed"), "time_horizon": .null,
                                "description": .equals("Ship it"),
                            ], exact: false)),
                    Step("bad-status", send("PUT", "/goals/{goalId}", as: .owner, ["status": "done"])).expect(status: 400).expect(
                        body: .error("Invalid status")),
                    Step(
                        "metrics", send("PUT", "/goals/{goalId}/metrics", as: .owner, ["metrics": [["metric": "users", "target": 10, "current": 9]]])
                    )
                    .expect(status: 200).expect(body: row)
                    .expect(body: .object(["success_metrics": .equals([["metric": "users", "target": 10, "current": 9]])], exact: false)),
                    Step("bad-metrics", send("PUT", "/goals/{goalId}/metrics", as: .owner, ["metrics": "nine"])).expect(status: 400).expect(
                        body: .error("metrics must be an array")),
                    Step("anonymous", .get("/goals")).expect(status: 401).expect(body: .error("Authentication required")),
                    drop,
                    Step("gone", .get("/goals/{goalId}", as: .owner)).expect(status: 404).expect(body: .error("Goal not found")),
                ]),
            Contract(
                id: "goals.validation", area: area,
                summary: "a goal needs a title; success_metrics must be an array",
                source: source("POST /goals"),
                classification: .v2Change("v1 answered `organization_id and title are required`; v2 needs only the title (DECISIONS.md §D2)"),
                mutates: false, needs: [.owner],
                steps: [
                    Step("no-title", send("POST", "/goals", as: .owner, ["organization_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"]))
                        .expect(status: 400).expect(body: .error("title is required")),
                    Step("metrics", send("POST", "/goals", as: .owner, ["title": "x", "success_metrics": "many"]))
                        .expect(status: 400).expect(body: .error("success_metrics must be an array")),
                ]),
            Contract(
                id: "goals.linked-plan-access", area: area,
                summary: "linking a plan makes the goal readable (only) by its viewer and editor; strangers never see it",
                source: source("POST/DELETE /goals/:goalId/plans/:planId, GET /goals/:id"),
                classification: .v2Change(d2), mutates: true,
                steps: [
                    create,
                    Step("viewer-before", .get("/goals/{goalId}", as: .viewer)).expect(status: 403).expect(body: .error("Access denied")),
                    Step("link", send("POST", "/goals/{goalId}/plans/{plan.id}", as: .owner)).expect(status: 201)
                        .expect(
                            body: .keys([
                                "id": .uuid, "plan_id": .variable("plan.id"), "goal_id": .variable("goalId"), "linked_at": .timestamp,
                                "linked_by": .variable("owner.id"),
                            ])
                        )
                        .golden(),
                    Step("again", send("POST", "/goals/{goalId}/plans/{plan.id}", as: .owner)).expect(status: 400).expect(
                        body: .error("Plan is already linked to this goal")),
                    Step("viewer", .get("/goals/{goalId}", as: .viewer)).expect(status: 200)
                        .expect(body: detail)
                        .expect(
                            body: .object(["linked_plans": .arrayCount(1, of: .object(["id": .variable("plan.id")], exact: false))], exact: false)),
                    Step("viewer-list", .get("/goals", as: .viewer)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "goals": .arrayCount(1, of: .object(["id": .variable("goalId"), "linked_plans_count": .equals(1)], exact: false))
                            ])),
                    Step("editor", .get("/goals/{goalId}", as: .editor)).expect(status: 200).expect(body: detail),
                    Step("viewer-update", send("PUT", "/goals/{goalId}", as: .viewer, ["title": "Mine now"])).expect(status: 403)
                        .expect(body: .error("Only the goal owner can update this goal")),
                    Step("editor-metrics", send("PUT", "/goals/{goalId}/metrics", as: .editor, ["metrics": []])).expect(status: 403).expect(
                        body: .error("Access denied")),
                    Step("editor-delete", send("DELETE", "/goals/{goalId}", as: .editor)).expect(status: 403).expect(
                        body: .error("Only the goal owner can delete this goal")),
                    Step("stranger", .get("/goals/{goalId}", as: .stranger)).expect(status: 403).expect(body: .error("Access denied")),
                    Step("stranger-list", .get("/goals", as: .stranger)).expect(status: 200).expect(body: .keys(["goals": .arrayCount(0, of: .any)])),
                    Step("unlink", send("DELETE", "/goals/{goalId}/plans/{plan.id}", as: .owner)).expect(status: 200)
                        .expect(body: .keys(["success": .equals(true), "message": .equals("Plan unlinked from goal")])),
                    Step("viewer-after", .get("/goals/{goalId}", as: .viewer)).expect(status: 403).expect(body: .error("Access denied")),
                    drop,
                ]),
            Contract(
                id: "goals.link-checks", area: area,
                summary: "linking needs the goal's owner and access to the plan; unknown goals and plans are 404",
                source: source("POST /goals/:goalId/plans/:planId"),
                classification: .v1Defect("v1 never checked the goal when linking, so anyone could attach any goal to their plan and read it"),
                mutates: true,
                steps: [
                    create,
                    Step("editor-links", send("POST", "/goals/{goalId}/plans/{plan.id}", as: .editor)).expect(status: 403)
                        .expect(body: .error("Only the goal owner can link plans to it")),
                    Step("stranger-goal", send("POST", "/goals", as: .stranger, ["title": "Stranger {run}"])).expect(status: 201).expect(body: row)
                        .capture("strangerGoal", at: "$.id"),
                    Step("stranger-links", send("POST", "/goals/{strangerGoal}/plans/{plan.id}", as: .stranger)).expect(status: 403)
                        .expect(body: .error("No access to plan")),
                    Step("no-goal", send("POST", "/goals/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6/plans/{plan.id}", as: .owner)).expect(status: 404)
                        .expect(body: .error("Goal not found")),
                    Step("no-plan", send("POST", "/goals/{goalId}/plans/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", as: .owner)).expect(status: 404)
                        .expect(body: .error("Plan not found")),
                    Step("stranger-cleanup", send("DELETE", "/goals/{strangerGoal}", as: .stranger)).expect(status: 200)
                        .expect(body: .keys(["success": .equals(true), "message": .string])),
                    drop,
                ]),
        ]
    }
}
