import AgentPlannerCore

/// `GET /users/my-tasks` (ROUTES.md §4.7, §5.1).
enum MyTasksContracts {
    static let area = UserContracts.area

    static let task = JSONMatcher.keys([
        "id": .uuid, "title": .string, "description": .nullable(.string), "node_type": .oneOf(["task", "milestone"]),
        "status": .string, "plan_id": .uuid, "plan_title": .string, "parent_id": .nullable(.uuid),
        "agent_request": .nullable(
            .keys([
                "type": .oneOf(["start", "review", "help", "continue"]), "message": .nullable(.string),
                "requested_at": .timestamp, "requested_by": .uuid,
            ])),
        "created_at": .timestamp, "updated_at": .timestamp,
    ])

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    /// A plan of the owner's where the agent is an editor: the agent's whole world in these contracts.
    static let agentPlan: [Step] = [
        Step("plan", post("/plans", as: .owner, ["title": "Agent work {run}"])).expect(status: 201)
            .expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
        Step("share", post("/plans/{planId}/collaborators", as: .owner, ["user_id": "{agent.id}", "role": "editor"]))
            .expect(status: 201).expect(body: .object(["role": .equals("editor")], exact: false)),
    ]
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] {
        [
            Contract(
                id: "users.my-tasks", area: area,
                summary: "my-tasks lists tasks and milestones (not phases) of the caller's plans, most recently updated first",
                source: UserContracts.source("GET /users/my-tasks"), classification: .compatible, mutates: true,
                needs: [.owner, .agent],
                steps: agentPlan + [
                    Step("phase", post("/plans/{planId}/nodes", as: .owner, ["node_type": "phase", "title": "Phase"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("phaseId", at: "$.id"),
                    Step("first", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "First {run}", "parent_id": "{phaseId}"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("first", at: "$.id"),
                    Step("second", post("/plans/{planId}/nodes", as: .owner, ["node_type": "milestone", "title": "Second {run}"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("second", at: "$.id"),
                    Step(
                        "touch-first", RequestSpec("PUT", "/plans/{planId}/nodes/{first}/status", as: .owner, body: .json(["status": "in_progress"]))
                    )
                    .expect(status: 200).expect(body: NodeContracts.row),
                    Step("list", .get("/users/my-tasks", as: .agent)).expect(status: 200)
                        .expect(body: .keys(["tasks": .arrayCount(2, of: task), "total": .equals(2)]))
                        .expect(
                            body: .object(
                                [
                                    "tasks": .firstElement(
                                        .object(
                                            [
                                                "id": .variable("first"), "plan_id": .variable("planId"), "plan_title": .equals("Agent work {run}"),
                                                "parent_id": .variable("phaseId"), "agent_request": .null, "status": .equals("in_progress"),
                                            ], exact: false))
                                ], exact: false)),
                    Step("status", .get("/users/my-tasks?status=not_started", as: .agent)).expect(status: 200)
                        .expect(body: .keys(["tasks": .arrayCount(1, of: .object(["id": .variable("second")], exact: false)), "total": .equals(1)])),
                    Step("limit", .get("/users/my-tasks?limit=1", as: .agent)).expect(status: 200)
                        .expect(body: .keys(["tasks": .arrayCount(1, of: task), "total": .equals(1)])),
                    Step("none-requested", .get("/users/my-tasks?requested=true", as: .agent)).expect(status: 200)
                        .expect(body: .keys(["tasks": .arrayCount(0, of: task), "total": .equals(0)])),
                    Step("stranger", .get("/users/my-tasks", as: .stranger)).expect(status: 200)
                        .expect(body: .keys(["tasks": .arrayCount(0, of: task), "total": .equals(0)])).golden(),
                    dropPlan,
                ])
        ]
    }
}
