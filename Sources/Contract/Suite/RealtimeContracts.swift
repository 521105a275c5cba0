import AgentPlannerCore

/// The collaboration websocket (ROUTES.md §6): a client connects, joins a plan, and sees the events of the REST
/// calls made on it, in v1's envelope.
enum RealtimeContracts {
    static let area = "realtime"
    static let source = V1Source(route: "WS /ws/collaborate", file: "src/websocket/collaboration.js")

    static func open(_ actor: ActorRole, token: String) -> Step {
        Step("open-\(actor.rawValue)", RequestSpec("WS", "/ws/collaborate?token=\(token)", as: actor)).expect(status: 101)
            .expect(body: .keys(["opened": .equals(true)]))
    }

    static func send(_ name: String, as actor: ActorRole, _ message: JSONValue) -> Step {
        Step(name, RequestSpec("WS-SEND", "", as: actor, body: .json(JSONValueTemplate(message)))).expect(status: 200)
            .expect(body: .keys(["sent": .equals(true)]))
    }

    static func receive(_ type: String, as actor: ActorRole, name: String? = nil) -> Step {
        Step(name ?? "receive \(type)", RequestSpec("WS-RECEIVE", type, as: actor))
    }

    static func envelope(_ type: String, payload: JSONMatcher) -> JSONMatcher {
        .keys([
            "type": .equals(.string(type)), "payload": payload,
            "metadata": .keys([
                "userId": .variable("owner.id"), "userName": .string, "timestamp": .javaScriptTimestamp,
                "planId": .variable("planId"), "version": .equals("1.0.0"),
            ]),
        ])
    }

    static var all: [Contract] {
        [
            Contract(
                id: "realtime.plan-events", area: area,
                summary: "a joined client receives node, status, log and decision events of the plan, in v1's envelope",
                source: source, classification: .compatible, mutates: true, needs: [.owner],
                steps: [
                    Step("plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Live {run}"])))
                        .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id"),
                    open(.owner, token: "{owner.access_token}"),
                    receive("connection", as: .owner).expect(status: 200)
                        .expect(body: .keys(["type": .equals("connection"), "status": .equals("connected"), "userId": .variable("owner.id")])),
                    send("join", as: .owner, ["type": "join_plan", "planId": "{planId}"]),
                    receive("active_users", as: .owner).expect(status: 200)
                        .expect(
                            body: .keys([
                                "type": .equals("active_users"), "planId": .variable("planId"), "users": .arrayCount(1, of: .variable("owner.id")),
                            ])),
                    Step("create", RequestSpec("POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Watched"])))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
                    receive("node.created", as: .owner).expect(status: 200)
                        .expect(
                            body: envelope(
                                "node.created",
                                payload: .keys([
                                    "id": .variable("taskId"), "planId": .variable("planId"), "parentId": .uuid, "nodeType": .equals("task"),
                                    "title": .equals("Watched"), "description": .nullable(.string), "status": .equals("not_started"),
                                    "orderIndex": .integer, "dueDate": .null, "createdAt": .timestamp, "metadata": .any,
                                ]))
                        )
                        .golden(),
                    Step("status", RequestSpec("PUT", "/plans/{planId}/nodes/{taskId}/status", as: .owner, body: .json(["status": "blocked"])))
                        .expect(status: 200).expect(body: NodeContracts.row),
                    receive("node.status_changed", as: .owner).expect(status: 200)
                        .expect(
                            body: envelope(
                                "node.status_changed",
                                payload: .keys([
                                    "id": .variable("taskId"), "oldStatus": .equals("not_started"), "newStatus": .equals("blocked"),
                                ]))),
                    Step(
                        "log",
                        RequestSpec(
                            "POST", "/plans/{planId}/nodes/{taskId}/log", as: .owner,
                            body: .json(["content": "Waiting on review", "log_type": "progress", "actor_type": "agent"]))
                    )
                    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)),
                    receive("collaboration.log_added", as: .owner).expect(status: 200)
                        .expect(
                            body: envelope(
                                "collaboration.log_added",
                                payload: .keys([
                                    "id": .uuid, "nodeId": .variable("taskId"), "userId": .variable("owner.id"), "userName": .string,
                                    "content": .equals("Waiting on review"), "logType": .equals("progress"), "tags": .equals([]),
                                    "actorType": .equals("agent"), "createdAt": .timestamp,
                                ]))),
                    Step(
                        "decision",
                        RequestSpec(
                            "POST", "/plans/{planId}/decisions", as: .owner,
                            body: .json(["title": "Ship?", "context": "Tests are green", "urgency": "blocking"]))
                    )
                    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)),
                    receive("collaboration.decision_requested", as: .owner).expect(status: 200)
                        .expect(
                            body: .object(
                                [
                                    "payload": .object(
                                        ["title": .equals("Ship?"), "urgency": .equals("blocking"), "status": .equals("pending")], exact: false)
                                ], exact: false)),
                    send("ping", as: .owner, ["type": "ping"]),
                    receive("pong", as: .owner).expect(status: 200).expect(body: .keys(["type": .equals("pong")])),
                    Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
                    receive("plan.deleted", as: .owner).expect(status: 200)
                        .expect(body: envelope("plan.deleted", payload: .keys(["id": .variable("planId")]))),
                ]),
            Contract(
                id: "realtime.authentication", area: area,
                summary: "without a token the socket is closed with 1008, with a bad token with 4001",
                source: source, classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("open-anonymous", RequestSpec("WS", "/ws/collaborate")).expect(status: 101).expect(body: .keys(["opened": .equals(true)])),
                    Step("closed-anonymous", RequestSpec("WS-RECEIVE", "connection")).expect(status: 1008)
                        .expect(body: .keys(["closed": .equals(1008), "reason": .equals("Authentication failed")])),
                    open(.owner, token: "not-a-jwt"),
                    receive("connection", as: .owner, name: "closed-bad-token").expect(status: 4001)
                        .expect(body: .keys(["closed": .equals(4001), "reason": .equals("Token expired or invalid")])),
                ]),
            Contract(
                id: "realtime.join-refused", area: area,
                summary: "joining a plan without access is refused with an error message; the socket stays usable",
                source: source,
                classification: .v1Defect("v1 let any authenticated user join any plan's room and receive its events"),
                mutates: false, needs: [.owner],
                steps: [
                    open(.stranger, token: "{stranger.access_token}"),
                    receive("connection", as: .stranger).expect(status: 200).expect(body: .object(["status": .equals("connected")], exact: false)),
                    send("join", as: .stranger, ["type": "join_plan", "planId": "{plan.id}"]),
                    receive("error", as: .stranger).expect(status: 200)
                        .expect(body: .keys(["type": .equals("error"), "message": .equals("You do not have access to this plan")])),
                    send("ping", as: .stranger, ["type": "ping"]),
                    receive("pong", as: .stranger).expect(status: 200).expect(body: .keys(["type": .equals("pong")])),
                ]),
            Contract(
                id: "realtime.presence", area: area,
                summary: "who is connected to a plan and a node, who is typing, and the stored presence row",
                source: V1Source(
                    route: "GET /plans/:id/active-users, POST /plans/:id/presence, GET …/nodes/:nodeId/active-users",
                    file: "src/controllers/collaboration.controller.js"),
                classification: .compatible, mutates: true, needs: [.owner],
                steps: [
                    Step("plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Present {run}"])))
                        .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id"),
                    Step("task", RequestSpec("POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Typed on"])))
                        .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
                    open(.owner, token: "{owner.access_token}"),
                    receive("connection", as: .owner).expect(status: 200).expect(body: .object(["status": .equals("connected")], exact: false)),
                    send("join-plan", as: .owner, ["type": "join_plan", "planId": "{planId}"]),
                    receive("active_users", as: .owner).expect(status: 200).expect(body: .object(["type": .equals("active_users")], exact: false)),
                    send("join-node", as: .owner, ["type": "join_node", "nodeId": "{taskId}"]),
                    receive("node_viewers", as: .owner).expect(status: 200)
                        .expect(
                            body: .keys([
                                "type": .equals("node_viewers"), "nodeId": .variable("taskId"), "users": .arrayCount(1, of: .variable("owner.id")),
                            ])),
                    send("typing", as: .owner, ["type": "typing_start", "nodeId": "{taskId}"]),
                    receive("typing_start", as: .owner).expect(status: 200)
                        .expect(
                            body: .keys([
                                "type": .equals("typing_start"), "nodeId": .variable("taskId"), "userId": .variable("owner.id"),
                                "timestamp": .javaScriptTimestamp,
                            ])),
                    Step("plan-users", .get("/plans/{planId}/active-users", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "planId": .variable("planId"), "count": .equals(1),
                                "activeUsers": .arrayCount(
                                    1, of: .keys(["id": .variable("owner.id"), "email": .string, "name": .string, "avatar_url": .nullable(.string)])),
                            ])),
                    Step("node-users", .get("/plans/{planId}/nodes/{taskId}/active-users", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "nodeId": .variable("taskId"),
                                "activeUsers": .arrayCount(1, of: .object(["id": .variable("owner.id")], exact: false)),
                                "typingUsers": .arrayCount(1, of: .object(["id": .variable("owner.id")], exact: false)),
                                "counts": .keys(["active": .equals(1), "typing": .equals(1)]),
                            ])),
                    Step(
                        "presence",
                        RequestSpec("POST", "/plans/{planId}/presence", as: .owner, body: .json(["status": "idle", "nodeId": "{taskId}"]))
                    )
                    .expect(status: 200)
                    .expect(
                        body: .keys([
                            "message": .equals("Presence updated"),
                            "presence": .keys([
                                "id": .uuid, "user_id": .variable("owner.id"), "plan_id": .variable("planId"), "node_id": .variable("taskId"),
                                "status": .equals("idle"), "last_seen": .timestamp,
                            ]),
                        ])),
                    Step("presence-default", RequestSpec("POST", "/plans/{planId}/presence", as: .owner, body: .json([:])))
                        .expect(status: 200).expect(
                            body: .object(["presence": .object(["status": .equals("active"), "node_id": .null], exact: false)], exact: false)),
                    Step("stranger", .get("/plans/{planId}/active-users", as: .stranger)).expect(status: 403).expect(body: .error("Access denied")),
                    Step("stranger-presence", RequestSpec("POST", "/plans/{planId}/presence", as: .stranger, body: .json([:])))
                        .expect(status: 403).expect(body: .error("Access denied")),
                    Step("missing-plan", .get("/plans/00000000-0000-4000-8000-000000000000/active-users", as: .owner)).expect(status: 404)
                        .expect(body: .error("Plan not found")),
                    Step("missing-node", .get("/plans/{planId}/nodes/00000000-0000-4000-8000-000000000000/active-users", as: .owner))
                        .expect(status: 404).expect(body: .error("Node not found")),
                    Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
                ]),
            Contract(
                id: "realtime.presence-bad-status", area: area, summary: "a presence status outside active/idle/away is a 400",
                source: V1Source(route: "POST /plans/:id/presence", file: "src/controllers/collaboration.controller.js"),
                classification: .v1Defect("v1 let the CHECK constraint refuse it and answered 500 `Failed to update presence`"),
                mutates: false, needs: [.owner],
                steps: [
                    Step("busy", RequestSpec("POST", "/plans/{plan.id}/presence", as: .owner, body: .json(["status": "busy"])))
                        .expect(status: 400).expect(body: .error("status must be one of: active, idle, away"))
                ]),
        ]
    }
}
