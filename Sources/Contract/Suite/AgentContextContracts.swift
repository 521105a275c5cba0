import AgentPlannerCore

/// Agent context (ROUTES.md §4.13, §5.1 step 4): the node with its leaf-to-root ancestry, plan, goals and
/// siblings; and the plan overview by phase.
enum AgentContextContracts {
    static let area = "context"
    static func source(_ route: String) -> V1Source { V1Source(route: route, file: "src/routes/context.routes.js") }

    static let step = JSONMatcher.keys(["id": .uuid, "node_type": .string, "title": .string, "description": .nullable(.string), "status": .string])
    static func post(_ path: String, _ body: JSONValue) -> RequestSpec { RequestSpec("POST", path, as: .owner, body: .json(JSONValueTemplate(body))) }

    static let setup: [Step] = [
        Step("plan", post("/plans", ["title": "Context {run}"])).expect(status: 201).expect(body: PlanContracts.created).capture(
            "planId", at: "$.id"),
        Step("phase", post("/plans/{planId}/nodes", ["node_type": "phase", "title": "Phase"]))
            .expect(status: 201).expect(body: NodeContracts.row).capture("phase", at: "$.id").capture("root", at: "$.parent_id"),
        Step(
            "task",
            post(
                "/plans/{planId}/nodes",
                ["node_type": "task", "title": "Task", "parent_id": "{phase}", "agent_instructions": "Be brief", "status": "completed"])
        )
        .expect(status: 201).expect(body: NodeContracts.row).capture("task", at: "$.id"),
        Step("sibling", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Sibling", "parent_id": "{phase}"]))
            .expect(status: 201).expect(body: NodeContracts.row).capture("sibling", at: "$.id"),
    ]
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] {
        [
            Contract(
                id: "context.node", area: area,
                summary: "the node, its ancestry leaf to root, the plan, its goals, siblings on request; organization null, knowledge empty",
                source: source("GET /context"),
                classification: .v2Change("organisations and knowledge stores are gone (DECISIONS.md §D2): organization is null, knowledge []"),
                mutates: true,
                steps: setup + [
                    Step("context", .get("/context?node_id={task}&include_siblings=true", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "node": .keys([
                                    "id": .variable("task"), "node_type": .equals("task"), "title": .equals("Task"),
                                    "description": .nullable(.string),
                                    "status": .equals("completed"), "context": .nullable(.string), "agent_instructions": .equals("Be brief"),
                                ]),
                                "ancestry": .arrayCount(3, of: step),
                                "plan": .keys([
                                    "id": .variable("planId"), "title": .string, "description": .nullable(.string), "status": .string,
                                    "github_repo_url": .null,
                                ]),
                                "goals": .arrayCount(0, of: .any), "organization": .null, "knowledge": .arrayCount(0, of: .any),
                                "siblings": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("sibling"), "node_type": .equals("task"), "title": .equals("Sibling"), "status": .string,
                                        "order_index": .integer,
                                    ])),
                            ])
                        )
                        .expect(body: .object(["ancestry": .firstElement(.object(["id": .variable("task")], exact: false))], exact: false))
                        .golden(),
                    Step("defaults", .get("/context?node_id={root}&include_knowledge=false", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys(["node": .any, "ancestry": .arrayCount(1, of: step), "plan": .any, "goals": .any, "organization": .null])),
                    Step("missing-id", .get("/context", as: .owner)).expect(status: 400).expect(body: .error("node_id is required")),
                    Step("bad-id", .get("/context?node_id=not-a-uuid", as: .owner)).expect(status: 404).expect(body: .error("Node not found")),
                    Step("stranger", .get("/context?node_id={task}", as: .stranger)).expect(status: 403).expect(
                        body: .error("Access denied to this plan")),
                    Step("anonymous", .get("/context?node_id={task}")).expect(status: 401).expect(body: .error("Authentication required")),
                    Step("publish", RequestSpec("PUT", "/plans/{planId}/visibility", as: .owner, body: .json(["visibility": "public"])))
                        .expect(status: 200).expect(body: .object(["visibility": .equals("public")], exact: false)),
                    Step("stranger-public", .get("/context?node_id={task}", as: .stranger)).expect(status: 200)
                        .expect(body: .object(["node": .object(["id": .variable("task")], exact: false)], exact: false)),
                    dropPlan,
                ]),
            Contract(
                id: "context.roles", area: area,
                summary: "viewer, editor and owner of a plan read a node's context",
                source: source("GET /context"), classification: .compatible, mutates: true,
                steps: [
                    Step("task", post("/plans/{plan.id}/nodes", ["node_type": "task", "title": "Roles {run}"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("task", at: "$.id"),
                    Step("viewer", .get("/context?node_id={task}", as: .viewer)).expect(status: 200).expect(
                        body: .object(["ancestry": .arrayCount(2, of: step)], exact: false)),
                    Step("editor", .get("/context?node_id={task}", as: .editor)).expect(status: 200).expect(
                        body: .object(["ancestry": .arrayCount(2, of: step)], exact: false)),
                    Step("owner", .get("/context?node_id={task}", as: .owner)).expect(status: 200).expect(
                        body: .object(["ancestry": .arrayCount(2, of: step)], exact: false)),
                    Step("cleanup", RequestSpec("DELETE", "/plans/{plan.id}/nodes/{task}", as: .owner)).expect(status: 204),
                ]),
            Contract(
                id: "context.plan", area: area,
                summary: "the plan overview: progress, phases with task counts, goals; organization null, knowledge empty",
                source: source("GET /context/plan"),
                classification: .v1Defect("v1 selected a `plans.progress` column no migration creates, so every accessible plan answered 404"),
                mutates: true,
                steps: setup + [
                    Step("overview", .get("/context/plan?plan_id={planId}", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plan": .keys([
                                    "id": .variable("planId"), "title": .string, "description": .nullable(.string), "status": .string,
                                    "progress": .equals(25), "github_repo_url": .null,
                                ]),
                                "phases": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("phase"), "title": .equals("Phase"), "status": .string, "total_tasks": .equals(2),
                                        "completed_tasks": .equals(1),
                                    ])),
                                "goals": .arrayCount(0, of: .any), "organization": .null, "knowledge": .arrayCount(0, of: .any),
                            ])
                        )
                        .golden(),
                    Step("missing-id", .get("/context/plan", as: .owner)).expect(status: 400).expect(body: .error("plan_id is required")),
                    Step("stranger", .get("/context/plan?plan_id={planId}", as: .stranger)).expect(status: 403).expect(
                        body: .error("Access denied to this plan")),
                    Step("unknown", .get("/context/plan?plan_id=6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", as: .owner)).expect(status: 403).expect(
                        body: .error("Access denied to this plan")),
                    Step("viewer", .get("/context/plan?plan_id={plan.id}", as: .viewer)).expect(status: 200).expect(
                        body: .object(["phases": .array(.any)], exact: false)),
                    Step("anonymous", .get("/context/plan?plan_id={planId}")).expect(status: 401).expect(body: .error("Authentication required")),
                    dropPlan,
                ]),
        ]
    }
}
