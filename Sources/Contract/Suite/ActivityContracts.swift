import AgentPlannerCore

/// Activity views (ROUTES.md §4.8): the feed, plan activity, timeline, node activity and the detailed log.
enum ActivityContracts {
    static let area = "activity"
    static let controller = "src/controllers/activity.controller.js"

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: controller) }

    static let person = JSONMatcher.nullable(.keys(["id": .uuid, "name": .nullable(.string), "email": .string]))
    static let pagination = JSONMatcher.keys(["page": .integer, "limit": .integer, "total": .integer, "pages": .integer])

    static let newPlan = Step("plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Activity {run}"])))
        .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)
    static let task = Step("task", RequestSpec("POST", "/plans/{planId}/nodes", as: .owner, body: .json(["node_type": "task", "title": "Tracked"])))
        .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id")
    static let complete = Step(
        "complete", RequestSpec("PUT", "/plans/{planId}/nodes/{taskId}/status", as: .owner, body: .json(["status": "completed"]))
    )
    .expect(status: 200).expect(body: NodeContracts.row)

    static var all: [Contract] {
        [
            Contract(
                id: "activity.plan-activity", area: area,
                summary: "a plan's logs, newest first, with node and author; v1's pagination block; the total ignores `type`",
                source: source("GET /activity/plans/:id/activity"), classification: .compatible, mutates: true,
                steps: [
                    newPlan, task, complete,
                    Step("all", .get("/activity/plans/{planId}/activity", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "logs": .arrayCount(
                                    2,
                                    of: .keys([
                                        "id": .uuid, "plan_node_id": .variable("taskId"), "content": .string, "log_type": .string,
                                        "created_at": .timestamp, "user": person,
                                        "node": .keys(["id": .variable("taskId"), "title": .equals("Tracked"), "node_type": .equals("task")]),
                                    ])),
                                "pagination": pagination,
                            ])
                        )
                        .expect(
                            body: .object(
                                ["logs": .firstElement(.object(["content": .equals("Updated status to completed")], exact: false))], exact: false)
                        )
                        .golden(),
                    Step("typed-page", .get("/activity/plans/{planId}/activity?type=progress&limit=1&page=2", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "logs": .arrayCount(1, of: .object(["content": .equals("Created task \"Tracked\"")], exact: false)),
                                "pagination": .keys(["page": .equals(2), "limit": .equals(1), "total": .equals(2), "pages": .equals(2)]),
                            ])),
                    dropPlan,
                ]),
            Contract(
                id: "activity.timeline", area: area,
                summary: "the timeline: plan creation, node creations and status logs, oldest first",
                source: source("GET /activity/plans/:id/timeline"), classification: .compatible, mutates: true,
                steps: [
                    newPlan, task, complete,
                    Step("timeline", .get("/activity/plans/{planId}/timeline", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "plan": .keys([
                                    "id": .variable("planId"), "title": .string, "description": .nullable(.string), "created_at": .timestamp,
                                ]),
                                "timeline": .arrayCount(
                                    4,
                                    of: .object(
                                        [
                                            "id": .string, "type": .oneOf(["plan_created", "node_created", "log"]), "date": .timestamp,
                                            "title": .string, "description": .string, "entity_id": .uuid, "entity_type": .oneOf(["plan", "node"]),
                                        ], exact: false)),
                            ])
                        )
                        .expect(
                            body: .object(
                                [
                                    "timeline": .firstElement(
                                        .object(["type": .equals("plan_created"), "title": .equals("Plan \"Activity {run}\" created")], exact: false))
                                ], exact: false)
                        )
                        .golden(),
                    dropPlan,
                ]),
            Contract(
                id: "activity.detailed-log-and-node-activity", area: area,
                summary: "a detailed log keeps metadata and tags (201); the node's recent activity lists it first",
                source: source("POST /activity/plans/:id/nodes/:nodeId/detailed-log, GET …/activity"),
                classification: .compatible, mutates: true,
                steps: [
                    newPlan, task,
                    Step(
                        "log",
                        RequestSpec(
                            "POST", "/activity/plans/{planId}/nodes/{taskId}/detailed-log", as: .owner,
                            body: .json(["content": "Tried the cache 🚀", "log_type": "reasoning", "metadata": ["confidence": 0.8], "tags": ["perf"]]))
                    )
                    .expect(status: 201)
                    .expect(
                        body: .keys([
                            "id": .uuid, "content": .equals("Tried the cache 🚀"), "log_type": .equals("reasoning"),
                            "created_at": .timestamp, "metadata": .equals(["confidence": 0.8]), "tags": .equals(["perf"]),
                            "user": person,
                        ])
                    )
                    .golden(),
                    Step(
                        "default-type",
                        RequestSpec("POST", "/activity/plans/{planId}/nodes/{taskId}/detailed-log", as: .owner, body: .json(["content": "Plain"]))
                    )
                    .expect(status: 201).expect(
                        body: .object(["log_type": .equals("progress"), "tags": .equals([]), "metadata": .equals([:])], exact: false)),
                    Step("node-activity", .get("/activity/plans/{planId}/nodes/{taskId}/activity?limit=2", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "node": .keys(["id": .variable("taskId"), "title": .equals("Tracked"), "node_type": .equals("task")]),
                                "activities": .arrayCount(
                                    2,
                                    of: .keys([
                                        "id": .uuid, "type": .equals("log"), "content": .string, "activity_type": .string,
                                        "created_at": .timestamp, "user": person,
                                    ])),
                            ])),
                    dropPlan,
                ]),
            Contract(
                id: "activity.feed", area: area, summary: "the caller's feed across their plans, with node and plan of each entry",
                source: source("GET /activity/feed"), classification: .compatible, mutates: true,
                steps: [
                    newPlan, task,
                    Step("feed", .get("/activity/feed?limit=5", as: .owner)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "activities": .array(
                                    .keys([
                                        "id": .uuid, "type": .oneOf(["log", "comment"]), "content": .string, "activity_type": .string,
                                        "created_at": .timestamp, "user": person,
                                        "node": .keys(["id": .uuid, "title": .string, "node_type": .string, "plan_id": .uuid]),
                                        "plan": .keys(["id": .uuid, "title": .string]),
                                    ])),
                                "pagination": pagination,
                            ])
                        )
                        .expect(
                            body: .object(
                                [
                                    "activities": .firstElement(
                                        .object(
                                            [
                                                "content": .equals("Created task \"Tracked\""),
                                                "plan": .object(["id": .variable("planId")], exact: false),
                                            ], exact: false))
                                ], exact: false)),
                    Step("stranger-feed", .get("/activity/feed", as: .stranger)).expect(status: 200)
                        .expect(
                            body: .keys([
                                "activities": .arrayCount(0, of: .any),
                                "pagination": .keys(["page": .equals(1), "limit": .equals(20), "total": .equals(0), "pages": .equals(0)]),
                            ])),
                    dropPlan,
                ]),
            Contract(
                id: "activity.refused", area: area,
                summary: "bad page and limit are 400s; strangers get 403; an unknown node 404; detailed logs need content and a known type",
                source: source("/activity/*"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("page", .get("/activity/feed?page=0", as: .owner)).expect(status: 400).expect(
                        body: .error("Page must be a positive number")),
                    Step("limit", .get("/activity/plans/{plan.id}/activity?limit=101", as: .owner)).expect(status: 400).expect(
                        body: .error("Limit must be between 1 and 100")),
                    Step("node-limit", .get("/activity/plans/{plan.id}/nodes/00000000-0000-4000-8000-000000000000/activity?limit=abc", as: .owner))
                        .expect(status: 400).expect(body: .error("Limit must be between 1 and 100")),
                    Step("stranger-activity", .get("/activity/plans/{plan.id}/activity", as: .stranger)).expect(status: 403).expect(
                        body: .error("You do not have access to this plan")),
                    Step("stranger-timeline", .get("/activity/plans/{plan.id}/timeline", as: .stranger)).expect(status: 403).expect(
                        body: .error("You do not have access to this plan")),
                    Step("missing-node", .get("/activity/plans/{plan.id}/nodes/00000000-0000-4000-8000-000000000000/activity", as: .owner))
                        .expect(status: 404).expect(body: .error("Node not found in this plan")),
                    Step("root", .get("/plans/{plan.id}/nodes", as: .owner)).expect(status: 200)
                        .expect(body: .array(.object(["id": .uuid], exact: false))).capture("rootId", at: "$[0].id"),
                    Step(
                        "no-content",
                        RequestSpec(
                            "POST", "/activity/plans/{plan.id}/nodes/{rootId}/detailed-log", as: .owner, body: .json(["log_type": "progress"]))
                    )
                    .expect(status: 400).expect(body: .error("Log content is required")),
                    Step(
                        "bad-type",
                        RequestSpec(
                            "POST", "/activity/plans/{plan.id}/nodes/{rootId}/detailed-log", as: .owner,
                            body: .json(["content": "x", "log_type": "comment"]))
                    )
                    .expect(status: 400).expect(body: .error("Invalid log type. Valid values are: progress, reasoning, challenge, decision")),
                    Step(
                        "stranger-log",
                        RequestSpec("POST", "/activity/plans/{plan.id}/nodes/{rootId}/detailed-log", as: .stranger, body: .json(["content": "x"]))
                    )
                    .expect(status: 403).expect(body: .error("You do not have access to this plan")),
                ]),
        ]
    }
}
