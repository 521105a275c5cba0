import AgentPlannerCore

/// Agents and people on nodes: agent requests, agent assignment, suggestions, node assignments, the users
/// who may be assigned, and a node's activity feed (ROUTES.md §4.3, §5.1, §5.4).
enum NodeAgentContracts {
    static let area = NodeContracts.area
    static let row = NodeContracts.row
    static let missingNode = "/plans/{plan.id}/nodes/00000000-0000-4000-8000-000000000000"
    static let missingPlan = "/plans/00000000-0000-4000-8000-000000000000"

    static func source(_ route: String, _ file: String = NodeContracts.controller) -> V1Source {
        V1Source(route: route, file: file)
    }

    static func send(_ method: String, _ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec(method, path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static func task(_ title: String) -> Step {
        Step("task", NodeContracts.post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": .string(title)]))
            .expect(status: 201).expect(body: row).capture("taskId", at: "$.id")
    }

    static var all: [Contract] { requests + agents + assignments }

    static let requests: [Contract] = [
        Contract(
            id: "nodes.request-agent", area: area,
            summary: "any collaborator (a viewer too) requests an agent; the request is logged; anyone with access clears it",
            source: source("POST|DELETE /plans/:id/nodes/:nodeId/request-agent"), classification: .compatible, mutates: true,
            needs: [.owner, .viewer],
            steps: [
                task("Agent work {run}"),
                Step(
                    "request",
                    send(
                        "POST", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .viewer, ["request_type": "review", "message": "Please check ✅"])
                )
                .expect(status: 200).expect(body: row)
                .expect(
                    body: .object(
                        [
                            "agent_requested": .equals("review"), "agent_requested_at": .timestamp,
                            "agent_requested_by": .variable("viewer.id"), "agent_request_message": .equals("Please check ✅"),
                        ], exact: false)
                )
                .golden(),
                Step("logged", .get("/plans/{plan.id}/nodes/{taskId}/logs", as: .owner)).expect(status: 200)
                    .expect(
                        body: .firstElement(
                            .object(
                                ["content": .equals("Requested agent to review: \"Please check ✅\""), "log_type": .equals("progress")], exact: false))
                    ),
                Step("clear", RequestSpec("DELETE", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .owner))
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "agent_requested": .null, "agent_requested_at": .null, "agent_requested_by": .null,
                                "agent_request_message": .null,
                            ], exact: false)),
            ]),
        Contract(
            id: "nodes.request-agent-refused", area: area,
            summary: "the type is checked first (400 even for strangers); then strangers get 403 and unknown nodes 404",
            source: source("POST|DELETE /plans/:id/nodes/:nodeId/request-agent"), classification: .compatible, mutates: true,
            needs: [.owner],
            steps: [
                task("Refused request {run}"),
                Step("bad-type", send("POST", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .stranger, ["request_type": "deploy"]))
                    .expect(status: 400).expect(body: .error("Invalid request_type. Must be one of: start, review, help, continue")),
                Step("no-type", send("POST", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .owner, [:]))
                    .expect(status: 400).expect(body: .error("Invalid request_type. Must be one of: start, review, help, continue")),
                Step("stranger", send("POST", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .stranger, ["request_type": "start"]))
                    .expect(status: 403).expect(body: .error("You do not have access to this plan")),
                Step("missing-node", send("POST", "\(missingNode)/request-agent", as: .owner, ["request_type": "start"]))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
                Step("stranger-clear", RequestSpec("DELETE", "/plans/{plan.id}/nodes/{taskId}/request-agent", as: .stranger))
                    .expect(status: 403).expect(body: .error("You do not have access to this plan")),
                Step("missing-clear", RequestSpec("DELETE", "\(missingNode)/request-agent", as: .owner))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
            ]),
    ]

    static let agentAnswer = JSONMatcher.keys([
        "id": .variable("taskId"), "assigned_agent_id": .variable("agent.id"), "assigned_agent_at": .timestamp,
        "assigned_agent_by": .variable("editor.id"),
        "agent": .keys(["id": .variable("agent.id"), "name": .nullable(.string), "email": .string, "capability_tags": .array(.string)]),
    ])

    static let agents: [Contract] = [
        Contract(
            id: "nodes.assign-agent", area: area,
            summary: "an editor assigns an agent (200 with the agent) and removes it (204)",
            source: source("POST|DELETE /plans/:id/nodes/:nodeId/assign-agent"),
            classification: .v1Defect("v1 stored the assignment, then threw on a logger it never imported and never answered"),
            mutates: true, needs: [.owner, .editor, .agent],
            steps: [
                task("Assigned work {run}"),
                Step("assign", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .editor, ["agent_id": "{agent.id}"]))
                    .expect(status: 200).expect(body: agentAnswer).golden(),
                Step("unassign", RequestSpec("DELETE", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .editor)).expect(status: 204),
            ]),
        Contract(
            id: "nodes.assign-agent-refused", area: area,
            summary: "agent_id is required; the node is looked up first, then editor+ is required, then the agent",
            source: source("POST|DELETE /plans/:id/nodes/:nodeId/assign-agent"), classification: .compatible, mutates: true,
            needs: [.owner, .viewer],
            steps: [
                task("Refused assignment {run}"),
                Step("no-agent", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .owner, [:]))
                    .expect(status: 400).expect(body: .error("agent_id is required")),
                Step("missing-node", send("POST", "\(missingNode)/assign-agent", as: .stranger, ["agent_id": "{owner.id}"]))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
                Step("viewer", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .viewer, ["agent_id": "{owner.id}"]))
                    .expect(status: 403).expect(body: .error("Insufficient permissions")),
                Step("stranger", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .stranger, ["agent_id": "{owner.id}"]))
                    .expect(status: 403).expect(body: .error("Insufficient permissions")),
                Step(
                    "unknown-agent",
                    send("POST", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .owner, ["agent_id": "00000000-0000-4000-8000-000000000000"])
                )
                .expect(status: 404).expect(body: .error("Agent not found")),
                Step("viewer-unassign", RequestSpec("DELETE", "/plans/{plan.id}/nodes/{taskId}/assign-agent", as: .viewer))
                    .expect(status: 403).expect(body: .error("Insufficient permissions")),
                Step("missing-unassign", RequestSpec("DELETE", "\(missingNode)/assign-agent", as: .owner))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
            ]),
        Contract(
            id: "nodes.suggested-agents", area: area,
            summary: "suggestions list users with capabilities; only people with access to the plan may ask",
            source: source("GET /plans/:id/nodes/:nodeId/suggested-agents"),
            classification: .v1Defect("v1 answered anyone, ignoring the plan and node ids"), mutates: true,
            needs: [.owner, .viewer],
            steps: [
                task("Suggestions {run}"),
                Step("viewer", .get("/plans/{plan.id}/nodes/{taskId}/suggested-agents?tags=Swift,%20Postgres", as: .viewer))
                    .expect(status: 200)
                    .expect(
                        body: .keys([
                            "agents": .array(JSONMatcher.agentSummary)
                        ])),
                Step("stranger", .get("/plans/{plan.id}/nodes/{taskId}/suggested-agents", as: .stranger))
                    .expect(status: 403).expect(body: .error("You do not have access to this plan")),
                Step("missing-node", .get("\(missingNode)/suggested-agents", as: .owner))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
            ]),
    ]

    static let assignmentRow = JSONMatcher.keys([
        "id": .uuid, "node_id": .variable("taskId"), "user_id": .variable("editor.id"), "assigned_by": .variable("owner.id"),
        "assigned_at": .timestamp,
    ])

    static let assignments: [Contract] = [
        Contract(
            id: "nodes.assign-user", area: area,
            summary: "an owner assigns a collaborator (201), the assignment is listed, then removed (204)",
            source: source("POST /plans/:id/nodes/:nodeId/assign", "src/controllers/assignment.controller.js"),
            classification: .compatible, mutates: true, needs: [.owner, .editor, .viewer],
            steps: [
                task("Assign a person {run}"),
                Step("assign", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign", as: .owner, ["user_id": "{editor.id}"]))
                    .expect(status: 201).expect(body: assignmentRow).golden(),
                Step("again", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign", as: .owner, ["user_id": "{editor.id}"]))
                    .expect(status: 400).expect(body: .error("User is already assigned to this node")),
                Step("list", .get("/plans/{plan.id}/nodes/{taskId}/assignments", as: .viewer))
                    .expect(status: 200).expect(body: .arrayCount(1, of: assignmentRow)),
                Step("activities", .get("/plans/{plan.id}/nodes/{taskId}/activities", as: .viewer)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "nodeId": .variable("taskId"), "nodeTitle": .equals("Assign a person {run}"), "total": .equals(2),
                            "limit": .equals(50), "offset": .equals(0),
                            "activities": .arrayCount(
                                2,
                                of: .keys([
                                    "id": .string, "type": .oneOf(["log", "assignment"]), "subtype": .string, "content": .string,
                                    "timestamp": .timestamp, "metadata": .any,
                                    "user": .keys(["id": .uuid, "email": .null, "name": .equals("User"), "avatar_url": .null]),
                                ])),
                        ])),
                Step("unassign", send("DELETE", "/plans/{plan.id}/nodes/{taskId}/unassign", as: .editor, ["user_id": "{editor.id}"]))
                    .expect(status: 204),
                Step("listed-none", .get("/plans/{plan.id}/nodes/{taskId}/assignments", as: .owner))
                    .expect(status: 200).expect(body: .arrayCount(0, of: .any)),
            ]),
        Contract(
            id: "nodes.assign-user-refused", area: area,
            summary: "assignment needs a user id, editor+ and an assignee who is on the plan; strangers and missing plans are told apart",
            source: source("POST /plans/:id/nodes/:nodeId/assign", "src/controllers/assignment.controller.js"),
            classification: .compatible, mutates: true, needs: [.owner, .viewer, .agent],
            steps: [
                task("Refused assignment {run}"),
                Step("no-user", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign", as: .owner, [:]))
                    .expect(status: 400).expect(body: .error("User ID is required")),
                Step("viewer", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign", as: .viewer, ["user_id": "{viewer.id}"]))
                    .expect(status: 403).expect(body: .error("Insufficient permissions to assign users")),
                Step("outsider", send("POST", "/plans/{plan.id}/nodes/{taskId}/assign", as: .owner, ["user_id": "{agent.id}"]))
                    .expect(status: 400).expect(body: .error("User must be a collaborator on the plan to be assigned to nodes")),
                Step("missing-node", send("POST", "\(missingNode)/assign", as: .owner, ["user_id": "{viewer.id}"]))
                    .expect(status: 404).expect(body: .error("Node not found in this plan")),
                Step("unassign-no-user", send("DELETE", "/plans/{plan.id}/nodes/{taskId}/unassign", as: .owner, [:]))
                    .expect(status: 400).expect(body: .error("User ID is required")),
                Step("viewer-unassign", send("DELETE", "/plans/{plan.id}/nodes/{taskId}/unassign", as: .viewer, ["user_id": "{viewer.id}"]))
                    .expect(status: 403).expect(body: .error("Insufficient permissions to unassign users")),
                Step("stranger-list", .get("/plans/{plan.id}/nodes/{taskId}/assignments", as: .stranger))
                    .expect(status: 403).expect(body: .error("Access denied")),
                Step("missing-plan-list", .get("\(missingPlan)/nodes/{taskId}/assignments", as: .owner))
                    .expect(status: 404).expect(body: .error("Plan not found")),
                Step("stranger-activities", .get("/plans/{plan.id}/nodes/{taskId}/activities", as: .stranger))
                    .expect(status: 403).expect(body: .error("Access denied")),
                Step("missing-activities", .get("\(missingNode)/activities", as: .owner))
                    .expect(status: 404).expect(body: .object(["error": .equals("Node not found in this plan")], exact: false)),
            ]),
        Contract(
            id: "nodes.available-users", area: area,
            summary: "the people who may be assigned: the owner first (role owner), then collaborators; strangers 403, missing plans 404",
            source: source("GET /plans/:id/available-users", "src/controllers/assignment.controller.js"),
            classification: .compatible, mutates: false, needs: [.owner, .viewer],
            steps: [
                Step("viewer", .get("/plans/{plan.id}/available-users", as: .viewer)).expect(status: 200)
                    .expect(
                        body: .array(
                            .keys(["id": .uuid, "email": .string, "name": .string, "role": .oneOf(["owner", "admin", "editor", "viewer"])]))
                    )
                    .expect(body: .firstElement(.object(["id": .variable("owner.id"), "role": .equals("owner")], exact: false))),
                Step("stranger", .get("/plans/{plan.id}/available-users", as: .stranger)).expect(status: 403)
                    .expect(body: .error("Access denied")),
                Step("missing", .get("\(missingPlan)/available-users", as: .owner)).expect(status: 404)
                    .expect(body: .error("Plan not found")),
            ]),
    ]
}
