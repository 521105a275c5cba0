import AgentPlannerCore

/// Updating and moving nodes (ROUTES.md §4.3).
enum NodeEditContracts {
    static let area = NodeContracts.area
    static func source(_ route: String) -> V1Source { NodeContracts.source(route) }
    static let row = NodeContracts.row

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        NodeContracts.post(path, as: actor, body)
    }

    static var all: [Contract] {
        [
            Contract(
                id: "nodes.update-keeps-metadata", area: area,
                summary: "PUT a node changes what is sent, keeps metadata, logs a status given, guards the root",
                source: source("PUT /plans/:id/nodes/:nodeId"),
                classification: .v1Defect("every PUT overwrote node metadata with {} when omitted"), mutates: true,
                needs: [.owner, .editor, .viewer],
                steps: [
                    Step("task", post("/plans/{plan.id}/nodes", as: .owner, ["node_type": "task", "title": "Edit {run}", "metadata": ["k": "v"]]))
                        .expect(status: 201).expect(body: row).capture("taskId", at: "$.id").capture("rootId", at: "$.parent_id"),
                    Step(
                        "edit",
                        RequestSpec(
                            "PUT", "/plans/{plan.id}/nodes/{taskId}", as: .editor,
                            body: .json(["title": "Edited {run}", "status": "completed", "due_date": "2026-12-24T12:00:00Z"]))
                    )
                    .expect(status: 200).expect(body: row)
                    .expect(
                        body: .object(
                            [
                                "title": .equals("Edited {run}"), "status": .equals("completed"), "metadata": .equals(["k": "v"]),
                                "due_date": .timestamp,
                            ], exact: false)),
                    Step("bad-date", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}", as: .editor, body: .json(["due_date": "2026-12-24"])))
                        .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                    Step("viewer", RequestSpec("PUT", "/plans/{plan.id}/nodes/{taskId}", as: .viewer, body: .json(["title": "No"])))
                        .expect(status: 403).expect(body: .error("You do not have permission to update nodes in this plan")),
                    Step("root-type", RequestSpec("PUT", "/plans/{plan.id}/nodes/{rootId}", as: .owner, body: .json(["node_type": "task"])))
                        .expect(status: 400).expect(body: .error("Cannot change root node type")),
                ]),
            Contract(
                id: "nodes.move", area: area,
                summary: "move re-parents (order max+1) or reorders, logs it, and refuses the root and unknown parents",
                source: source("POST /plans/:id/nodes/:nodeId/move"), classification: .compatible, mutates: true,
                steps: [
                    NodeContracts.newPlan,
                    Step("a", post("/plans/{planId}/nodes", as: .owner, ["node_type": "phase", "title": "A"]))
                        .expect(status: 201).expect(body: row).capture("a", at: "$.id").capture("root", at: "$.parent_id"),
                    Step("b", post("/plans/{planId}/nodes", as: .owner, ["node_type": "phase", "title": "B"]))
                        .expect(status: 201).expect(body: row).capture("b", at: "$.id"),
                    Step("move", post("/plans/{planId}/nodes/{b}/move", as: .owner, ["parent_id": "{a}"]))
                        .expect(status: 200).expect(body: row)
                        .expect(body: .object(["parent_id": .variable("a"), "order_index": .equals(0)], exact: false)),
                    Step("reorder", post("/plans/{planId}/nodes/{b}/move", as: .owner, ["parent_id": "{a}", "order_index": 5]))
                        .expect(status: 200).expect(body: .object(["order_index": .equals(5)], exact: false)),
                    Step("logged", .get("/plans/{planId}/nodes/{b}/logs", as: .owner)).expect(status: 200)
                        .expect(body: .firstElement(.object(["content": .equals("Reordered \"B\"")], exact: false))),
                    Step("root", post("/plans/{planId}/nodes/{root}/move", as: .owner, ["parent_id": "{a}"]))
                        .expect(status: 400).expect(body: .error("Cannot move root nodes")),
                    Step("unknown-parent", post("/plans/{planId}/nodes/{b}/move", as: .owner, ["parent_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"]))
                        .expect(status: 404).expect(body: .error("Parent node not found")),
                    Step("no-parent", post("/plans/{planId}/nodes/{b}/move", as: .owner, ["order_index": 1]))
                        .expect(status: 400).expect(body: .object(["error": .equals("Validation failed")], exact: false)),
                    NodeContracts.dropPlan,
                ]),
            Contract(
                id: "nodes.move-refuses-cycles", area: area,
                summary: "a node cannot be moved under itself or its own descendant",
                source: source("POST /plans/:id/nodes/:nodeId/move"),
                classification: .v1Defect("v1 had no cycle check: a node could be moved under its own descendant"),
                mutates: true,
                steps: [
                    NodeContracts.newPlan,
                    Step("parent", post("/plans/{planId}/nodes", as: .owner, ["node_type": "phase", "title": "P"]))
                        .expect(status: 201).expect(body: row).capture("p", at: "$.id"),
                    Step("child", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "C", "parent_id": "{p}"]))
                        .expect(status: 201).expect(body: row).capture("c", at: "$.id"),
                    Step("under-child", post("/plans/{planId}/nodes/{p}/move", as: .owner, ["parent_id": "{c}"]))
                        .expect(status: 400).expect(body: .error("Cannot move a node under itself or one of its descendants")),
                    Step("under-itself", post("/plans/{planId}/nodes/{p}/move", as: .owner, ["parent_id": "{p}"]))
                        .expect(status: 400).expect(body: .error("Cannot move a node under itself or one of its descendants")),
                    NodeContracts.dropPlan,
                ]),
        ]
    }
}
