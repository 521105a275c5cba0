import AgentPlannerCore

/// Heartbeats and agent status (ROUTES.md §4.6, §5.2).
enum HeartbeatContracts {
    static let area = "heartbeat"
    static func source(_ route: String) -> V1Source {
        V1Source(route: route, file: "src/controllers/heartbeat.controller.js")
    }

    static let row = JSONMatcher.keys([
        "user_id": .uuid, "last_seen_at": .timestamp, "status": .oneOf(["online", "active", "idle", "offline"]),
        "current_plan_id": .nullable(.uuid), "current_task_id": .nullable(.uuid), "metadata": .any,
    ])

    static let agent = JSONMatcher.keys([
        "id": .uuid, "name": .nullable(.string), "email": .string, "capability_tags": .array(.string),
        "status": .oneOf(["active", "online", "idle", "offline"]), "last_seen_at": .nullable(.timestamp),
        "current_task_id": .nullable(.uuid),
    ])

    static func beat(as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", "/heartbeat", as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let all: [Contract] = [
        Contract(
            id: "heartbeat.send", area: area,
            summary: "a heartbeat upserts the caller's one row: status defaults to active, omitted ids become null",
            source: source("POST /heartbeat"), classification: .compatible, mutates: true, needs: [.agent, .owner],
            steps: [
                Step("plain", beat(as: .agent, [:])).expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "user_id": .variable("agent.id"), "status": .equals("active"), "current_plan_id": .null,
                                "current_task_id": .null,
                            ], exact: false)
                    ).golden(),
                Step("task", NodeContracts.post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": "Beat {run}"]))
                    .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
                Step("on-plan", beat(as: .owner, ["plan_id": "{plan.id}", "task_id": "{taskId}", "status": "online"]))
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "user_id": .variable("owner.id"), "status": .equals("online"), "current_plan_id": .variable("plan.id"),
                                "current_task_id": .variable("taskId"),
                            ], exact: false)),
                Step("replaced", beat(as: .owner, ["status": "idle"])).expect(status: 200)
                    .expect(body: .object(["status": .equals("idle"), "current_plan_id": .null, "current_task_id": .null], exact: false)),
            ]),
        Contract(
            id: "heartbeat.bad-input", area: area,
            summary: "a bad status, a malformed id, an unknown plan or task answer 4xx and store nothing",
            source: source("POST /heartbeat"),
            classification: .v1Defect("v1 passed everything to the upsert and answered 500 `Failed to send heartbeat`"),
            mutates: false, needs: [.agent],
            steps: [
                Step("status", beat(as: .agent, ["status": "busy"])).expect(status: 400)
                    .expect(body: .error("Invalid status. Valid values are: online, active, idle, offline")),
                Step("malformed-plan", beat(as: .agent, ["plan_id": "plan-1"])).expect(status: 400)
                    .expect(body: .error("plan_id must be a valid UUID")),
                Step("unknown-plan", beat(as: .agent, ["plan_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"])).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
                Step("unknown-task", beat(as: .agent, ["task_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"])).expect(status: 404)
                    .expect(body: .error("Task not found")),
                Step("malformed-task", beat(as: .agent, ["task_id": 7])).expect(status: 400)
                    .expect(body: .error("task_id must be a valid UUID")),
            ]),
        Contract(
            id: "heartbeat.agent-status", area: area,
            summary: "agent-status lists the agents seen on the plan with v1's derived status (active within 5 minutes)",
            source: source("GET /plans/:planId/agent-status"), classification: .compatible, mutates: true,
            needs: [.owner, .viewer],
            steps: [
                Step("plan", NodeContracts.post("/plans", as: .owner, ["title": "Agents {run}"])).expect(status: 201)
                    .expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
                Step("empty", .get("/plans/{planId}/agent-status", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["agents": .arrayCount(0, of: agent)])),
                Step("beat", beat(as: .owner, ["plan_id": "{planId}"])).expect(status: 200).expect(body: row),
                Step("status", .get("/plans/{planId}/agent-status", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["agents": .arrayCount(1, of: agent)]))
                    .expect(
                        body: .object(
                            [
                                "agents": .firstElement(
                                    .object(
                                        [
                                            "id": .variable("owner.id"), "status": .equals("active"), "current_task_id": .null,
                                            "capability_tags": .array(.string),
                                        ], exact: false))
                            ], exact: true)
                    )
                    .golden(),
                Step("online", beat(as: .owner, ["plan_id": "{planId}", "status": "online"])).expect(status: 200).expect(body: row),
                Step("online-status", .get("/plans/{planId}/agent-status", as: .owner)).expect(status: 200)
                    .expect(body: .object(["agents": .firstElement(.object(["status": .equals("online")], exact: false))], exact: true)),
                Step("elsewhere", beat(as: .owner, ["status": "active"])).expect(status: 200).expect(body: row),
                Step("gone", .get("/plans/{planId}/agent-status", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["agents": .arrayCount(0, of: agent)])),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "heartbeat.agent-status-access", area: area,
            summary: "only people with access to the plan see its agents",
            source: source("GET /plans/:planId/agent-status"),
            classification: .v1Defect("v1 had no access check: any user saw any plan's agents, names and emails"),
            mutates: false, needs: [.owner, .viewer],
            steps: [
                Step("viewer", .get("/plans/{plan.id}/agent-status", as: .viewer)).expect(status: 200)
                    .expect(body: .keys(["agents": .array(agent)])),
                Step("stranger", .get("/plans/{plan.id}/agent-status", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
                Step("missing-plan", .get("/plans/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6/agent-status", as: .viewer)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
            ]),
    ]
}
