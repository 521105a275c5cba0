import AgentPlannerCore

/// Progress, plan context, node context and ancestry (ROUTES.md §4.2, §4.3).
enum PlanContextContracts {
    static let brief = JSONMatcher.keys(["id": .uuid, "title": .string, "description": .nullable(.string), "status": .string])

    static func post(_ path: String, _ body: JSONValue) -> RequestSpec {
        NodeContracts.post(path, as: .owner, body)
    }

    static var all: [Contract] {
        [
            Contract(
                id: "plans.progress", area: PlanContracts.area,
                summary: "progress counts every node, root included, with v1's snake_case and camelCase keys",
                source: PlanContracts.source("GET /plans/:id/progress"), classification: .compatible, mutates: true,
                steps: [
                    NodeContracts.newPlan,
                    Step("task", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Done", "status": "completed"]))
                        .expect(status: 201).expect(body: NodeContracts.row),
                    Step("progress", .get("/plans/{planId}/progress", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "progress": .equals(50), "total_nodes": .equals(2), "completed_nodes": .equals(1),
                                "in_progress_nodes": .equals(0), "not_started_nodes": .equals(1), "blocked_nodes": .equals(0),
                                "completion_percentage": .equals(50), "totalNodes": .equals(2), "completedNodes": .equals(1),
                                "inProgress": .equals(0), "notStarted": .equals(1), "blocked": .equals(0),
                            ])
                        )
                        .golden(),
                    Step("stranger", .get("/plans/{planId}/progress", as: .stranger)).expect(status: 403)
                        .expect(body: .error("You do not have access to this plan")),
                    NodeContracts.dropPlan,
                ]),
            Contract(
                id: "plans.context", area: PlanContracts.area,
                summary: "the plan context nests the tree under the root with the agent's fields",
                source: PlanContracts.source("GET /plans/:id/context"), classification: .compatible, mutates: true,
                steps: [
                    NodeContracts.newPlan,
                    Step("task", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Brief", "agent_instructions": "Be brief"]))
                        .expect(status: 201).expect(body: NodeContracts.row),
                    Step("context", .get("/plans/{planId}/context", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plan": .object(
                                    ["id": .variable("planId"), "metadata": .any, "progress": .integer, "github_repo_url": .nullable(.string)],
                                    exact: false),
                                "structure": .keys([
                                    "id": .uuid, "parent_id": .null, "node_type": .equals("root"), "title": .string,
                                    "description": .nullable(.string), "status": .string, "context": .nullable(.string),
                                    "agent_instructions": .nullable(.string),
                                    "children": .arrayCount(
                                        1, of: .object(["agent_instructions": .equals("Be brief"), "children": .array(.any)], exact: false)),
                                ]),
                            ])),
                    NodeContracts.dropPlan,
                ]),
            Contract(
                id: "nodes.context-and-ancestry", area: NodeContracts.area,
                summary: "node context lists children and the last logs; ancestry runs from the root to the node",
                source: NodeContracts.source("GET /plans/:id/nodes/:nodeId/context, …/ancestry"),
                classification: .compatible, mutates: true,
                steps: [
                    NodeContracts.newPlan,
                    Step("phase", post("/plans/{planId}/nodes", ["node_type": "phase", "title": "Phase"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("phase", at: "$.id").capture("root", at: "$.parent_id"),
                    Step("task", post("/plans/{planId}/nodes", ["node_type": "task", "title": "Task", "parent_id": "{phase}"]))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("task", at: "$.id"),
                    Step("context", .get("/plans/{planId}/nodes/{phase}/context", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plan": brief, "node": .object(["id": .variable("phase")], exact: false),
                                "children": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .variable("task"), "node_type": .equals("task"), "title": .equals("Task"),
                                        "description": .nullable(.string), "status": .string,
                                    ])),
                                "logs": .arrayCount(
                                    1,
                                    of: .keys([
                                        "id": .uuid, "content": .equals("Created phase \"Phase\""), "log_type": .equals("progress"),
                                        "created_at": .timestamp,
                                        "user": .keys(["id": .variable("owner.id"), "name": .nullable(.string), "email": .variable("owner.email")]),
                                    ])),
                            ])),
                    Step("ancestry", .get("/plans/{planId}/nodes/{task}/ancestry", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plan": brief,
                                "ancestry": .arrayCount(
                                    3,
                                    of: .keys([
                                        "id": .uuid, "parent_id": .nullable(.uuid), "node_type": .string, "title": .string,
                                        "description": .nullable(.string), "status": .string,
                                    ])),
                            ])
                        )
                        .expect(body: .object(["ancestry": .firstElement(.object(["id": .variable("root")], exact: false))], exact: false))
                        .golden(),
                    Step("missing", .get("/plans/{planId}/nodes/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6/ancestry", as: .owner))
                        .expect(status: 404).expect(body: .error("Node not found")),
                    NodeContracts.dropPlan,
                ]),
        ]
    }
}
