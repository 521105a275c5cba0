import AgentPlannerCore

/// The landing page (ROUTES.md §4.15) and the public platform counts (§4.11).
enum DashboardContracts {
    static let area = "dashboard"
    static func source(_ route: String) -> V1Source { V1Source(route: route, file: "src/routes/dashboard.routes.js") }
    static func post(_ path: String, _ body: JSONValue) -> RequestSpec { RequestSpec("POST", path, as: .owner, body: .json(JSONValueTemplate(body))) }

    static let summary = JSONMatcher.keys([
        "pending_decisions_count": .integer, "pending_agent_requests_count": .integer, "active_plans_count": .integer,
        "tasks_completed_this_week": .integer, "active_goals_count": .integer, "knowledge_entries_count": .equals(0),
    ])

    static var all: [Contract] {
        [
            Contract(
                id: "dashboard.summary-and-pending", area: area,
                summary: "summary counts and the pending lists include the caller's new decision and agent request, newest first",
                source: source("GET /dashboard/summary, GET /dashboard/pending"),
                classification: .v1Defect(
                    "v1 filtered decisions on a `requested_of_user_id` column that does not exist, so pending decisions were always 0 / []"),
                mutates: true,
                steps: [
                    Step("plan", post("/plans", ["title": "Dashboard {run}", "status": "active"])).expect(status: 201).expect(
                        body: PlanContracts.created
                    )
                    .capture("planId", at: "$.id"),
                    Step("before", .get("/dashboard/summary", as: .owner)).expect(status: 200).expect(body: summary)
                        .capture("decisionsBefore", at: "$.pending_decisions_count"),
                    Step("task", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Agent work {run}"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
                    Step("request", post("/plans/{planId}/nodes/{taskId}/request-agent", ["request_type": "review", "message": "Look"]))
                        .expect(status: 200).expect(body: .object(["agent_requested": .equals("review")], exact: false)),
                    Step("decision", post("/plans/{planId}/decisions", ["title": "Choose {run}", "context": "Why", "node_id": "{taskId}"]))
                        .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("decisionId", at: "$.id"),
                    Step("summary", .get("/dashboard/summary", as: .owner)).expect(status: 200).expect(body: summary)
                        .expect(body: .object(["pending_decisions_count": .integer, "active_plans_count": .integer], exact: false)),
                    Step("pending", .get("/dashboard/pending?limit=1", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "decisions": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("decisionId"), "title": .equals("Choose {run}"), "description": .equals("Why"),
                                        "urgency": .equals("can_continue"), "created_at": .timestamp, "plan_id": .variable("planId"),
                                        "plan_title": .equals("Dashboard {run}"), "node_id": .variable("taskId"),
                                    ])),
                                "agent_requests": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("taskId"), "task_title": .equals("Agent work {run}"), "request_type": .equals("review"),
                                        "requested_at": .timestamp, "message": .equals("Look"), "plan_id": .variable("planId"),
                                        "plan_title": .equals("Dashboard {run}"),
                                    ])),
                                "total": .equals(2),
                            ])
                        )
                        .golden(),
                    Step("stranger", .get("/dashboard/pending", as: .stranger)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "decisions": .array(.object(["plan_id": .uuid], exact: false)), "agent_requests": .array(.any), "total": .integer,
                            ])),
                    Step("anonymous", .get("/dashboard/summary")).expect(status: 401).expect(body: .error("Authentication required")),
                    Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
                ]),
            Contract(
                id: "dashboard.recent-plans-and-goals", area: area,
                summary: "recent plans (active/draft, newest update first, task-only progress) and active goals with metric progress",
                source: source("GET /dashboard/recent-plans, GET /dashboard/active-goals"), classification: .compatible, mutates: true,
                steps: [
                    Step("plan", post("/plans", ["title": "Recent {run}"])).expect(status: 201).expect(body: PlanContracts.created).capture(
                        "planId", at: "$.id"),
                    Step("done", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Done", "status": "completed"])).expect(status: 201)
                        .expect(body: NodeContracts.row),
                    Step("open", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Open"])).expect(status: 201).expect(
                        body: NodeContracts.row),
                    Step("recent", .get("/dashboard/recent-plans?limit=1", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plans": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("planId"), "title": .equals("Recent {run}"), "description": .nullable(.string),
                                        "status": .equals("draft"),
                                        "created_at": .timestamp, "updated_at": .timestamp, "owner_id": .variable("owner.id"),
                                        "progress": .equals(50), "is_owner": .equals(true),
                                    ]))
                            ])
                        )
                        .golden(),
                    Step("viewer", .get("/dashboard/recent-plans?limit=20", as: .viewer)).expect(status: 200)
                        .expect(body: .keys(["plans": .array(.object(["is_owner": .bool], exact: false))])),
                    Step(
                        "goal",
                        post(
                            "/goals",
                            [
                                "title": "Progress {run}",
                                "success_metrics": [["metric": "a", "target": 10, "current": 5], ["metric": "b", "target": "4", "current": "8"]],
                            ])
                    )
                    .expect(status: 201).expect(body: GoalContracts.row).capture("goalId", at: "$.id"),
                    Step("goals", .get("/dashboard/active-goals?limit=1", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "goals": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("goalId"), "title": .string, "description": .nullable(.string), "status": .equals("active"),
                                        "time_horizon": .nullable(.string), "success_metrics": .array(.any), "created_at": .timestamp,
                                        "updated_at": .timestamp,
                                        "progress": .equals(75),
                                    ]))
                            ])),
                    Step("drop-goal", RequestSpec("DELETE", "/goals/{goalId}", as: .owner)).expect(status: 200).expect(
                        body: .object(["success": .equals(true)], exact: false)),
                    Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
                ]),
            Contract(
                id: "dashboard.agent-activity", area: area,
                summary: "agents sharing the caller's plans, agent assignments, their recent logs; handoffs are gone",
                source: source("GET /dashboard/agent-activity"),
                classification: .v2Change(
                    "handoffs were dropped (DECISIONS.md §D2); v1 listed every user with capability tags to anyone (a leak), v2 those sharing a plan"),
                mutates: false, needs: [.owner],
                steps: [
                    Step("activity", .get("/dashboard/agent-activity", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "agents": .array(JSONMatcher.agentSummary),
                                "assignments": .array(
                                    .object(["id": .uuid, "assigned_agent_id": .uuid, "plans": .keys(["title": .string])], exact: false)),
                                "handoffs": .arrayCount(0, of: .any),
                                "recentActivity": .array(
                                    .keys([
                                        "id": .uuid, "plan_node_id": .uuid, "user_id": .nullable(.uuid), "content": .string, "log_type": .string,
                                        "created_at": .timestamp,
                                    ])),
                            ])),
                    Step("anonymous", .get("/dashboard/agent-activity")).expect(status: 401).expect(body: .error("Authentication required")),
                ]),
            Contract(
                id: "stats.counts", area: "stats",
                summary: "GET /stats is public and counts users, plans and public plans with v1's camelCase key",
                source: V1Source(route: "GET /stats", file: "src/controllers/stats.controller.js"),
                classification: .compatible, mutates: false,
                steps: [
                    Step("stats", .get("/stats")).expect(status: 200)
                        .expect(body: .keys(["users": .integer, "plans": .integer, "publicPlans": .integer]))
                ]),
        ]
    }
}
