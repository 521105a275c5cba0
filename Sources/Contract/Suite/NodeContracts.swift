import AgentPlannerCore

/// The plan tree, node status and node logs (ROUTES.md §4.3).
enum NodeContracts {
    static let area = "nodes"
    static let controller = "src/controllers/node.controller.js"

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: controller) }

    /// All 21 columns of `plan_nodes`.
    static let row = JSONMatcher.keys([
        "id": .uuid, "plan_id": .uuid, "parent_id": .nullable(.uuid), "node_type": .string, "title": .string,
        "description": .nullable(.string), "status": .string, "order_index": .integer, "due_date": .nullable(.timestamp),
        "created_at": .timestamp, "updated_at": .timestamp, "context": .nullable(.string),
        "agent_instructions": .nullable(.string), "metadata": .any, "agent_requested": .nullable(.string),
        "agent_requested_at": .nullable(.timestamp), "agent_requested_by": .nullable(.uuid),
        "agent_request_message": .nullable(.string), "assigned_agent_id": .nullable(.uuid),
        "assigned_agent_at": .nullable(.timestamp), "assigned_agent_by": .nullable(.uuid),
    ])

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let newPlan = Step("plan", post("/plans", as: .owner, ["title": "Tree {run}"]))
        .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] { tree + status + logs }

    static let tree: [Contract] = [
        Contract(
            id: "nodes.create-and-tree", area: area,
            summary: "a task is created under the root (201, every column) and appears in the tree, with and without details",
            source: source("POST /plans/:id/nodes, GET /plans/:id/nodes"), classification: .compatible, mutates: true,
            steps: [
                newPlan,
                Step("create", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Write spec {run}", "description": "d"]))
                    .expect(status: 201).expect(body: row)
                    .expect(
                        body: .object(
                            ["status": .equals("not_started"), "order_index": .equals(0), "context": .equals("d"), "plan_id": .variable("planId")],
                            exact: false)
                    )
                    .capture("taskId", at: "$.id").golden(),
                Step("second", post("/plans/{planId}/nodes", as: .owner, ["node_type": "milestone", "title": "Ship {run}"]))
                    .expect(status: 201).expect(body: .object(["order_index": .equals(1)], exact: false)),
                Step("tree", .get("/plans/{planId}/nodes", as: .owner)).expect(status: 200)
                    .expect(
                        body: .arrayCount(
                            1,
                            of: .keys([
                                "id": .uuid, "parent_id": .null, "node_type": .equals("root"), "title": .string, "status": .string,
                                "order_index": .integer,
                                "children": .arrayCount(
                                    2,
                                    of: .keys([
                                        "id": .uuid, "parent_id": .uuid, "node_type": .string, "title": .string, "status": .string,
                                        "order_index": .integer, "children": .arrayCount(0, of: .any),
                                    ])),
                            ]))
                    )
                    .golden(),
                Step("details", .get("/plans/{planId}/nodes?include_details=true", as: .owner)).expect(status: 200)
                    .expect(
                        body: .array(
                            .object(
                                ["plan_id": .variable("planId"), "context": .nullable(.string), "metadata": .any, "children": .array(.any)],
                                exact: false))),
                Step("get", .get("/plans/{planId}/nodes/{taskId}", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "id": .variable("taskId"), "plan_id": .uuid, "parent_id": .uuid, "node_type": .equals("task"),
                            "title": .string, "description": .nullable(.string), "status": .string, "order_index": .integer,
                            "due_date": .nullable(.timestamp), "created_at": .timestamp, "updated_at": .timestamp,
                            "context": .nullable(.string), "agent_instructions": .nullable(.string), "metadata": .any,
                        ])),
                Step("created-log", .get("/plans/{planId}/nodes/{taskId}/logs", as: .owner)).expect(status: 200)
                    .expect(
                        body: .arrayCount(
                            1, of: .object(["content": .equals("Created task \"Write spec {run}\""), "log_type": .equals("progress")], exact: false))),
                dropPlan,
            ]),
        Contract(
            id: "nodes.create-refused", area: area,
            summary: "a second root, a parent from another plan and missing fields are refused; viewers may not add",
            source: source("POST /plans/:id/nodes"), classification: .compatible, mutates: true, needs: [.owner, .viewer],
            steps: [
                newPlan,
                Step("second-root", post("/plans/{planId}/nodes", as: .owner, ["node_type": "root", "title": "Another root"]))
                    .expect(status: 400).expect(body: .error("Cannot create additional root nodes (only one allowed)")),
                Step("foreign-parent", .get("/plans/{plan.id}/nodes", as: .owner)).expect(status: 200)
                    .expect(body: .array(.object(["id": .uuid], exact: false))).capture("foreignRoot", at: "$[0].id"),
                Step(
                    "use-foreign-parent",
                    post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Stray", "parent_id": "{foreignRoot}"])
                )
                .expect(status: 400).expect(body: .error("Parent node not found in this plan")),
                Step("missing-type", post("/plans/{planId}/nodes", as: .owner, ["title": "No type"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed"), "details": .array(.any)], exact: false)),
                Step("viewer", post("/plans/{plan.id}/nodes", as: .viewer, ["node_type": "task", "title": "Viewer task"]))
                    .expect(status: 403).expect(body: .error("You do not have permission to add nodes to this plan")),
                dropPlan,
            ]),
        Contract(
            id: "nodes.create-cancelled-status", area: area, summary: "status `cancelled` is refused as a validation error",
            source: source("POST /plans/:id/nodes"),
            classification: .v1Defect("v1's validator accepted `cancelled`, then the CHECK failed and the raw Postgres text came back"),
            mutates: false, needs: [.owner],
            steps: [
                Step("create", post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": "x", "status": "cancelled"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false))
            ]),
        Contract(
            id: "nodes.delete", area: area, summary: "deleting a node answers 204 and takes its children; the root cannot go",
            source: source("DELETE /plans/:id/nodes/:nodeId"), classification: .compatible, mutates: true,
            steps: [
                newPlan,
                Step("phase", post("/plans/{planId}/nodes", as: .owner, ["node_type": "phase", "title": "Phase"]))
                    .expect(status: 201).expect(body: row).capture("phaseId", at: "$.id").capture("rootId", at: "$.parent_id"),
                Step("child", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Child", "parent_id": "{phaseId}"]))
                    .expect(status: 201).expect(body: row).capture("childId", at: "$.id"),
                Step("delete", RequestSpec("DELETE", "/plans/{planId}/nodes/{phaseId}", as: .owner)).expect(status: 204),
                Step("child-gone", .get("/plans/{planId}/nodes/{childId}", as: .owner)).expect(status: 404).expect(body: .error("Node not found")),
                Step("again", RequestSpec("DELETE", "/plans/{planId}/nodes/{phaseId}", as: .owner)).expect(status: 404)
                    .expect(body: .error("Node not found in this plan")),
                Step("root", RequestSpec("DELETE", "/plans/{planId}/nodes/{rootId}", as: .owner)).expect(status: 400)
                    .expect(body: .error("Cannot delete root node")),
                dropPlan,
            ]),
        Contract(
            id: "nodes.tree-refused", area: area, summary: "strangers get 403 on the tree",
            source: source("GET /plans/:id/nodes"), classification: .compatible, mutates: false, needs: [.owner],
            steps: [
                Step("stranger", .get("/plans/{plan.id}/nodes", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan"))
            ]),
    ]

    static let status: [Contract] = [
        Contract(
            id: "nodes.status", area: area, summary: "PUT …/status changes the status, validates it, and is editor+",
            source: source("PUT /plans/:id/nodes/:nodeId/status"), classification: .compatible, mutates: true,
            needs: [.owner, .editor, .viewer],
            steps: [
                Step("task", post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": "Status {run}"]))
                    .expect(status: 201).expect(body: row).capture("taskId", at: "$.id"),
                Step("editor", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}/status", as: .editor, body: .json(["status": "in_progress"])))
                    .expect(status: 200).expect(body: row).expect(body: .object(["status": .equals("in_progress")], exact: false)),
                Step("missing", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}/status", as: .editor, body: .json([:])))
                    .expect(status: 400).expect(body: .error("Status is required")),
                Step("invalid", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}/status", as: .editor, body: .json(["status": "done"])))
                    .expect(status: 400).expect(body: .error("Invalid status. Valid values are: not_started, in_progress, completed, blocked")),
                Step("viewer", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}/status", as: .viewer, body: .json(["status": "completed"])))
                    .expect(status: 403).expect(body: .anyError),
                Step("log-row", .get("/plans/{plan.id}/nodes/{taskId}/logs?log_type=progress", as: .viewer)).expect(status: 200)
                    .expect(body: .arrayCount(2, of: .object(["log_type": .equals("progress")], exact: false))),
            ])
    ]

    static let logs: [Contract] = [
        Contract(
            id: "nodes.log-default-type", area: area,
            summary: "a log without log_type is a comment (201); viewers may log; the list shows actor_type",
            source: source("POST /plans/:id/nodes/:nodeId/log"),
            classification: .v1Defect(
                "v1's validator and controller disagreed: without log_type (or with comment, blocker, resolution, challenge) it answered 400"),
            mutates: true, needs: [.owner, .viewer],
            steps: [
                Step("task", post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": "Logged {run}"]))
                    .expect(status: 201).expect(body: row).capture("taskId", at: "$.id"),
                Step("viewer-logs", post("/plans/{plan.id}/nodes/{taskId}/log", as: .viewer, ["content": "Looks good"]))
                    .expect(status: 201)
                    .expect(
                        body: .keys([
                            "id": .uuid, "content": .equals("Looks good"), "log_type": .equals("comment"), "created_at": .timestamp,
                            "plan_node_id": .variable("taskId"), "user_id": .variable("viewer.id"), "metadata": .equals([:]),
                        ])),
                Step(
                    "agent-logs",
                    post("/plans/{plan.id}/nodes/{taskId}/log", as: .owner, ["content": "Working", "log_type": "blocker", "actor_type": "agent"])
                )
                .expect(status: 201).expect(
                    body: .object(["log_type": .equals("blocker"), "metadata": .equals(["actor_type": "agent"])], exact: false)),
                Step("list", .get("/plans/{plan.id}/nodes/{taskId}/logs", as: .viewer)).expect(status: 200)
                    .expect(
                        body: .arrayCount(
                            3,
                            of: .keys([
                                "id": .uuid, "content": .string, "log_type": .string, "created_at": .timestamp, "user_id": .uuid,
                                "actor_type": .oneOf(["human", "agent"]), "user": .keys(["id": .uuid, "name": .null, "email": .null]),
                            ]))),
                Step("newest-first", .get("/plans/{plan.id}/nodes/{taskId}/logs", as: .viewer)).expect(status: 200)
                    .expect(body: .firstElement(.object(["content": .equals("Working"), "actor_type": .equals("agent")], exact: false))),
            ]),
        Contract(
            id: "nodes.log-client-fields", area: area,
            summary: "the clients' `type`, `tags` and `metadata` are read; a conflicting alias and malformed tags are 400s",
            source: source("POST /plans/:id/nodes/:nodeId/log"),
            classification: .v1Defect("v1's strict schema refused the keys the real clients send (CONSUMERS.md §8.C.2)"),
            mutates: true,
            steps: [
                newPlan,
                Step("task", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Client log {run}"]))
                    .expect(status: 201).expect(body: row).capture("taskId", at: "$.id"),
                Step(
                    "all-three",
                    post(
                        "/plans/{planId}/nodes/{taskId}/log", as: .owner, ["content": "c", "type": "decision", "tags": ["a"], "metadata": ["k": 1]])
                )
                .expect(status: 201)
                .expect(body: .object(["log_type": .equals("decision"), "metadata": .equals(["k": 1])], exact: false)),
                Step(
                    "conflict", post("/plans/{planId}/nodes/{taskId}/log", as: .owner, ["content": "c", "type": "progress", "log_type": "decision"])
                )
                .expect(status: 400)
                .expect(
                    body: .object(
                        [
                            "error": .equals("Validation failed"),
                            "message": .equals("type: type is an alias of log_type; they differ (progress, decision)"),
                        ], exact: false)),
                Step("tags-not-array", post("/plans/{planId}/nodes/{taskId}/log", as: .owner, ["content": "c", "tags": "a"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                Step(
                    "bad-actor-in-metadata",
                    post("/plans/{planId}/nodes/{taskId}/log", as: .owner, ["content": "c", "metadata": ["actor_type": "robot"]])
                )
                .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                Step("bad-type", post("/plans/{planId}/nodes/{taskId}/log", as: .owner, ["content": "c", "type": "note"]))
                    .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                dropPlan,
            ]),
        Contract(
            id: "nodes.comments-removed", area: area, summary: "the comments endpoints answer 410",
            source: source("POST/GET /plans/:id/nodes/:nodeId/comments"), classification: .compatible, mutates: false,
            needs: [.owner],
            steps: [
                Step("get", .get("/plans/{plan.id}/nodes/{owner.id}/comments", as: .owner)).expect(status: 410)
                    .expect(body: .error("Comments functionality has been removed. Please use logs endpoint instead.")),
                Step("post", post("/plans/{plan.id}/nodes/{owner.id}/comments", as: .owner, ["content": "x"])).expect(status: 410)
                    .expect(body: .error("Comments functionality has been removed. Please use logs endpoint instead.")),
            ]),
    ]
}
