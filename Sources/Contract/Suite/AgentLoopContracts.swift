import AgentPlannerCore

/// The agent loop end to end (ROUTES.md §5.1, §5.3): a person asks an agent for work, the agent (an API token)
/// finds it, works, asks a blocking question, gets the answer and finishes.
enum AgentLoopContracts {
    static let area = "agent-loop"

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static func put(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("PUT", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let node = NodeContracts.row
    static let task = "/plans/{planId}/nodes/{taskId}"

    static let all: [Contract] = [
        Contract(
            id: "agent-loop.end-to-end", area: area,
            summary: "request → my-tasks → heartbeat → context → in_progress → log → blocking decision → resolve → complete → clear",
            source: V1Source(route: "ROUTES.md §5.1, §5.3", file: "src/controllers/node.controller.js"),
            classification: .compatible, mutates: true, needs: [.owner, .agent],
            steps: [
                // The person's side: a plan, the agent as editor, a task, and the request.
                Step("plan", post("/plans", as: .owner, ["title": "Agent loop {run}"])).expect(status: 201)
                    .expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
                Step("share", post("/plans/{planId}/collaborators", as: .owner, ["user_id": "{agent.id}", "role": "editor"]))
                    .expect(status: 201).expect(body: .object(["role": .equals("editor")], exact: false)),
                Step(
                    "task",
                    post(
                        "/plans/{planId}/nodes", as: .owner,
                        ["node_type": "task", "title": "Write the parser {run}", "agent_instructions": "Use recursive descent"])
                )
                .expect(status: 201).expect(body: node).capture("taskId", at: "$.id"),
                Step("request", post("\(task)/request-agent", as: .owner, ["request_type": "start", "message": "Please start {run}"]))
                    .expect(status: 200).expect(body: node)
                    .expect(
                        body: .object(
                            [
                                "agent_requested": .equals("start"), "agent_requested_by": .variable("owner.id"),
                                "agent_request_message": .equals("Please start {run}"), "agent_requested_at": .timestamp,
                            ], exact: false)),
                // The agent's side, with its API token.
                Step("poll", .get("/users/my-tasks?requested=true", as: .agent)).expect(status: 200)
                    .expect(body: .keys(["tasks": .arrayCount(1, of: MyTasksContracts.task), "total": .equals(1)]))
                    .expect(
                        body: .object(
                            [
                                "tasks": .firstElement(
                                    .object(
                                        [
                                            "id": .variable("taskId"), "plan_title": .equals("Agent loop {run}"),
                                            "agent_request": .object(
                                                [
                                                    "type": .equals("start"), "message": .equals("Please start {run}"),
                                                    "requested_by": .variable("owner.id"),
                                                ], exact: false),
                                        ], exact: false))
                            ], exact: false)
                    )
                    .golden(),
                Step("heartbeat", post("/heartbeat", as: .agent, ["plan_id": "{planId}", "task_id": "{taskId}", "status": "active"]))
                    .expect(status: 200).expect(body: HeartbeatContracts.row)
                    .expect(body: .object(["current_task_id": .variable("taskId"), "status": .equals("active")], exact: false)),
                Step("seen", .get("/plans/{planId}/agent-status", as: .owner)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "agents": .arrayCount(
                                1,
                                of: .object(
                                    [
                                        "id": .variable("agent.id"), "status": .equals("active"), "current_task_id": .variable("taskId"),
                                    ], exact: false))
                        ])),
                Step("context", .get("\(task)/context", as: .agent)).expect(status: 200)
                    .expect(
                        body: .object(
                            [
                                "plan": .object(["id": .variable("planId")], exact: false),
                                "node": .object(["id": .variable("taskId"), "agent_instructions": .equals("Use recursive descent")], exact: false),
                                "children": .array(.any), "logs": .array(.any),
                            ], exact: false)),
                Step("start", put(task, as: .agent, ["status": "in_progress"])).expect(status: 200).expect(body: node)
                    .expect(body: .object(["status": .equals("in_progress")], exact: false)),
                Step("log", post("\(task)/log", as: .agent, ["content": "Tokenizer done", "log_type": "progress", "actor_type": "agent"]))
                    .expect(status: 201).expect(
                        body: .object(["user_id": .variable("agent.id"), "metadata": .equals(["actor_type": "agent"])], exact: false)),
                Step(
                    "ask",
                    post(
                        "/plans/{planId}/decisions", as: .agent,
                        [
                            "title": "Which grammar?", "context": "The spec allows two", "node_id": "{taskId}", "urgency": "blocking",
                            "requested_by_agent_name": "contract-agent",
                            "options": [["option": "LL(1)", "recommendation": true], ["option": "PEG"]],
                        ])
                )
                .expect(status: 201).expect(body: DecisionContracts.row)
                .expect(
                    body: .object(
                        ["status": .equals("pending"), "requested_by_user_id": .variable("agent.id"), "node_id": .variable("taskId")], exact: false)
                )
                .capture("decisionId", at: "$.id"),
                // The person answers.
                Step("pending", .get("/plans/{planId}/decisions/pending-count", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["pending_count": .equals(1)])),
                Step("resolve", post("/plans/{planId}/decisions/{decisionId}/resolve", as: .owner, ["decision": "LL(1)", "rationale": "Simpler"]))
                    .expect(status: 200).expect(body: DecisionContracts.row)
                    .expect(body: .object(["status": .equals("decided"), "decided_by_user_id": .variable("owner.id")], exact: false)),
                // The agent continues and finishes.
                Step("answer", .get("/plans/{planId}/decisions/{decisionId}", as: .agent)).expect(status: 200)
                    .expect(
                        body: .object(["status": .equals("decided"), "decision": .equals("LL(1)"), "rationale": .equals("Simpler")], exact: false)),
                Step("complete", put(task, as: .agent, ["status": "completed"])).expect(status: 200).expect(body: node)
                    .expect(body: .object(["status": .equals("completed")], exact: false)),
                Step("clear", RequestSpec("DELETE", "\(task)/request-agent", as: .agent)).expect(status: 200).expect(body: node)
                    .expect(
                        body: .object(
                            [
                                "agent_requested": .null, "agent_requested_at": .null, "agent_requested_by": .null,
                                "agent_request_message": .null,
                            ], exact: false)),
                Step("nothing-left", .get("/users/my-tasks?requested=true", as: .agent)).expect(status: 200)
                    .expect(body: .keys(["tasks": .arrayCount(0, of: MyTasksContracts.task), "total": .equals(0)])),
                Step("history", .get("\(task)/logs", as: .owner)).expect(status: 200)
                    .expect(
                        body: .firstElement(
                            .object(["content": .equals("Updated status to completed"), "user_id": .variable("agent.id")], exact: false))),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ])
    ]
}
