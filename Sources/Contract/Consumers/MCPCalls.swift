import AgentPlannerCore

/// The MCP server `TAgents/agent-planner-mcp` @ `b363d68` (CONSUMERS.md §3.2): 38 calls, `ApiKey <token>`.
/// Tools see only "Request failed with status code N" on an error, so a status is all they read of a failure.
/// Sources: `ac` = `src/api-client.js`, `t` = `src/tools.js`.
enum MCPCalls {
    static let plan = JSONMatcher.reads(["id": .uuid, "title": .string, "description": .nullable(.string), "status": .string])
    static let tree = JSONMatcher.reads([
        "id": .uuid, "parent_id": .nullable(.uuid), "node_type": .string, "title": .string, "status": .string,
        "children": .array(.any),
        // Read by export and the search fallback, never sent in the tree without details (v1 neither).
        "description": .absent, "context": .absent, "created_at": .absent, "created_by": .absent,
    ])
    static let missing = JSONMatcher.reads(["error": .hasPrefix("Cannot ")])

    /// A path v1 never served: the client gets 404 and nothing else.
    static func unserved(
        _ id: String, _ method: String, _ template: String, _ path: String, client: String, body: JSONValue? = nil,
        _ why: String
    ) -> ConsumerCall {
        ConsumerCall(
            id, "\(method) \(template)", routes: "not in ROUTES.md", client: client, .notServed(why),
            sends: [.call("call", method, path, body: body, status: 404, reads: [missing])])
    }

    static let organizations =
        "v2 has no organisations (DECISIONS.md §D2); 404 as in v1, and the tool reports the status as it did"
    static let knowledge =
        "v1 at 335156d had no knowledge routes and v2 adds none (not in ROUTES.md); 404 as in v1"

    static let calls: [ConsumerCall] = [
        ConsumerCall(
            "M1", "GET /plans", routes: "§4.2", client: "ac:65-68; setup.js:89-104", .works, fixture: .plan,
            sends: [.call("list", "GET", "/plans", status: 200, reads: [.array(plan.with(["created_at": .timestamp])), .firstElement(.any)])]),
        ConsumerCall(
            "M2", "GET /plans/:id", routes: "§4.2", client: "ac:75-78", .works, fixture: .plan,
            sends: [
                .call(
                    "get", "GET", "/plans/{planId}", status: 200,
                    reads: [plan.with(["id": .variable("planId"), "created_at": .timestamp, "updated_at": .timestamp])])
            ]),
        ConsumerCall(
            "M3", "POST /plans", routes: "§4.2", client: "ac:85-88; t:929,1573,1431",
            .consumerDefect(
                "quick_plan adds organization_id when the user gives one: v1's strict schema answered 400 and v2 keeps it, since v2 has no organisations (D2) and a plan cannot belong to one"
            ),
            sends: [
                .call(
                    "create", "POST", "/plans", body: ["title": "MCP plan {run}", "description": "from a tool", "status": "active"], status: 201,
                    reads: [.reads(["id": .uuid])]
                ).capturing("planId"),
                .call("delete", "DELETE", "/plans/{planId}", status: 204),
                .call(
                    "quick-plan-with-organization", "POST", "/plans",
                    body: ["title": "MCP org plan {run}", "organization_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"], status: 400,
                    reads: [.reads(["error": .equals("Validation failed")])]),
            ]),
        ConsumerCall(
            "M4", "PUT /plans/:id", routes: "§4.2", client: "ac:96-99; t:1578", .works, fixture: .plan,
            sends: [
                .call(
                    "update", "PUT", "/plans/{planId}", body: ["title": "Renamed {run}", "status": "completed"], status: 200,
                    reads: [.reads(["id": .variable("planId"), "title": .equals("Renamed {run}"), "status": .equals("completed")])])
            ]),
        ConsumerCall(
            "M5", "DELETE /plans/:id", routes: "§4.2", client: "ac:106-108; t:1584", .works, fixture: .plan, cleanup: false,
            sends: [
                .call("delete", "DELETE", "/plans/{planId}", status: 204),
                .call("gone", "GET", "/plans/{planId}", status: 403),
            ]),
        ConsumerCall(
            "M6", "PUT /plans/:id/visibility", routes: "§4.2", client: "ac:119-122; t:1593-1618", .works, fixture: .plan,
            sends: [
                .call(
                    "share", "PUT", "/plans/{planId}/visibility", body: ["visibility": "public"], status: 200,
                    reads: [
                        .reads([
                            "visibility": .equals("public"), "is_public": .equals(true), "github_repo_owner": .nullable(.string),
                            "github_repo_name": .nullable(.string),
                        ])
                    ])
            ]),
        ConsumerCall(
            "M7", "GET /plans/:id/nodes", routes: "§4.3", client: "ac:144-147; t:932,986,1063,1154,1222,1299",
            .consumerDefect(
                "export and the title-search fallback read description, context, created_at and created_by from the tree without details; v1 never sent them there and v2 keeps v1's documented tree (the UI reads the same shape), so those come out empty in the MCP"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "tree", "GET", "/plans/{planId}/nodes", status: 200,
                    reads: [
                        .arrayCount(1, of: tree.with(["node_type": .equals("root")])),
                        .firstElement(.reads(["children": .firstElement(tree.with(["id": .variable("taskId")]))])),
                    ])
            ]),
        ConsumerCall(
            "M8", "POST /plans/:id/nodes", routes: "§4.3", client: "ac:166-169; t:936,947,999,1024,1444,1621",
            .consumerDefect(
                "create_node passes acceptance_criteria, which its tool schema advertises but v1 never stored: v1 answered 400 and v2 keeps the 400 (no such column; storing it elsewhere would alter input silently)"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "quick-task", "POST", "/plans/{planId}/nodes",
                    body: [
                        "parent_id": "{rootId}", "node_type": "phase", "title": "Phase {run}", "status": "not_started", "order_index": 1,
                        "description": "d", "agent_instructions": "do it",
                    ], status: 201, reads: [.reads(["id": .uuid, "title": .equals("Phase {run}"), "status": .equals("not_started")])]),
                .call(
                    "create-node-metadata", "POST", "/plans/{planId}/nodes",
                    body: ["node_type": "task", "title": "Meta {run}", "metadata": ["source": "mcp"], "due_date": "2026-12-31T00:00:00.000Z"],
                    status: 201, reads: [.reads(["id": .uuid, "title": .string, "status": .string])]),
                .call(
                    "acceptance-criteria", "POST", "/plans/{planId}/nodes",
                    body: ["node_type": "task", "title": "AC {run}", "acceptance_criteria": "it works"], status: 400,
                    reads: [.reads(["error": .equals("Validation failed")])]),
            ]),
        ConsumerCall(
            "M9", "PUT /plans/:id/nodes/:nodeId", routes: "§4.3", client: "ac:178-181; t:1045,1627,1724-1746,1661", .works,
            fixture: .plan,
            sends: [
                .call(
                    "quick-status", "PUT", "/plans/{planId}/nodes/{taskId}", body: ["status": "in_progress"], status: 200,
                    reads: [.reads(["id": .variable("taskId"), "status": .equals("in_progress")])]),
                .call(
                    "batch-item", "PUT", "/plans/{planId}/nodes/{taskId}", body: ["title": "Batch {run}", "description": "b", "status": "completed"],
                    status: 200, reads: [.reads(["title": .equals("Batch {run}"), "status": .equals("completed")])]),
            ]),
        ConsumerCall(
            "M10", "DELETE /plans/:id/nodes/:nodeId", routes: "§4.3", client: "ac:201-203; t:1633", .works, fixture: .plan,
            sends: [.call("delete", "DELETE", "/plans/{planId}/nodes/{taskId}", status: 204)]),
        ConsumerCall(
            "M11", "POST /plans/:id/nodes/:nodeId/move", routes: "§4.3", client: "t:1642-1669",
            .consumerDefect(
                "move_node sends null for a parent_id or order_index the agent left out; v1's schema answered 400 and so does v2 (null would mean 'to the root' or 'first', not 'unchanged'); the tool's fallback runs only on 404"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "move", "POST", "/plans/{planId}/nodes/{taskId}/move", body: ["parent_id": "{rootId}", "order_index": 0], status: 200,
                    reads: [.reads(["id": .variable("taskId"), "parent_id": .variable("rootId")])]),
                .call(
                    "nulls", "POST", "/plans/{planId}/nodes/{taskId}/move", body: ["parent_id": "{rootId}", "order_index": nil], status: 400,
                    reads: [.reads(["error": .equals("Validation failed")])]),
            ]),
        ConsumerCall(
            "M12", "GET /plans/:id/nodes/:nodeId/context", routes: "§4.3", client: "t:1671-1680", .works, fixture: .log,
            sends: [
                .call(
                    "context", "GET", "/plans/{planId}/nodes/{taskId}/context", status: 200,
                    reads: [
                        .reads(["node": .reads(["id": .variable("taskId")]), "plan": .any, "children": .array(.any), "logs": .firstElement(.any)])
                    ])
            ]),
        ConsumerCall(
            "M13", "GET /plans/:id/nodes/:nodeId/ancestry", routes: "§4.3", client: "t:1682-1691", .works, fixture: .plan,
            sends: [
                .call(
                    "ancestry", "GET", "/plans/{planId}/nodes/{taskId}/ancestry", status: 200,
                    reads: [.reads(["plan": .any, "ancestry": .arrayCount(2, of: .reads(["id": .uuid, "title": .string]))])])
            ]),
        ConsumerCall(
            "M14", "GET /plans/:id/nodes/:nodeId/logs", routes: "§4.3", client: "ac:244-247; t:1707-1721", .works, fixture: .log,
            sends: [
                .call(
                    "logs", "GET", "/plans/{planId}/nodes/{taskId}/logs", status: 200,
                    reads: [.array(.reads(["log_type": .string])), .firstElement(.reads(["log_type": .equals("progress")]))])
            ]),
        ConsumerCall(
            "M15", "POST /plans/:id/nodes/:nodeId/log", routes: "§4.3", client: "ac:256-259; t:1051,1094,1694-1704",
            .v1Defect(ConsumerDecisions.logs), fixture: .plan,
            sends: [
                .call(
                    "add-log-default", "POST", "/plans/{planId}/nodes/{taskId}/log",
                    body: ["content": "Noted {run}", "log_type": "comment", "tags": ["mcp", "note"]], status: 201,
                    reads: [.reads(["id": .uuid, "log_type": .equals("comment")])]),
                .call(
                    "quick-log", "POST", "/plans/{planId}/nodes/{taskId}/log", body: ["type": "progress", "content": "Halfway {run}"],
                    status: 201, reads: [.reads(["id": .uuid, "log_type": .equals("progress")])]),
                .call(
                    "quick-status-blocker", "POST", "/plans/{planId}/nodes/{taskId}/log", body: ["type": "blocker", "content": "Stuck"],
                    status: 201, reads: [.reads(["id": .uuid, "log_type": .equals("blocker")])]),
            ]),
        unserved(
            "M16", "GET", "/activity/plan/:id", "/activity/plan/{planId}", client: "ac:271-274; t:2145",
            "v1's path is /activity/plans/:id/activity, whose {logs, pagination} the tool could not read as an array anyway; v2 adds no alias, get_context still omits recent_activity as against v1"
        ).withFixture(.plan),
        ConsumerCall(
            "M17", "GET /search/plan/:id", routes: "§4.9", client: "ac:296-312; search-wrapper.js:17-71", .works, fixture: .log,
            sends: [
                .call(
                    "search", "GET", "/search/plan/{planId}?query=Started", status: 200,
                    reads: [.reads(["results": .firstElement(.reads(["type": .equals("log")]))])])
            ]),
        unserved(
            "M18", "GET", "/plans/:id/search", "/plans/{planId}/search?query=Consumer", client: "ac:315-361",
            "tried only when /search/plan/:id answers 404, which v2 never does for a plan the caller reads; v2 adds no second path for the same search"
        ).withFixture(.plan),
        ConsumerCall(
            "M19", "GET /search", routes: "§4.9", client: "ac:379-424; search-wrapper.js:79-188",
            .v1Defect(
                "v1 answered 500 whenever a node matched, so the MCP always fell back to titles; v2 answers the documented {query, results, counts}, which the MCP flattens by category"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "search", "GET", "/search?query=Consumer%20task%20{run}", status: 200,
                    reads: [.reads(["results": .reads(["nodes": .firstElement(.reads(["type": .equals("node")])), "plans": .array(.any)])])])
            ]),
        ConsumerCall(
            "M20", "GET /context", routes: "§4.13", client: "ac:617-627; t:1804-1813", .works, fixture: .plan,
            sends: [
                .call(
                    "context", "GET", "/context?node_id={taskId}&include_knowledge=true&include_siblings=false", status: 200,
                    reads: [.reads(["node": .reads(["id": .variable("taskId")])])])
            ]),
        ConsumerCall(
            "M21", "GET /context/plan", routes: "§4.13", client: "ac:635-642; t:1815-1824",
            .v1Defect("v1 most likely answered 404 for every plan (ROUTES.md §4.13); v2 answers the documented overview"), fixture: .plan,
            sends: [
                .call(
                    "context", "GET", "/context/plan?plan_id={planId}&include_knowledge=true", status: 200,
                    reads: [.reads(["plan": .reads(["id": .variable("planId")])])])
            ]),
        ConsumerCall(
            "M22", "GET /goals", routes: "§4.14", client: "ac:509-515; t:1850", .works, fixture: .goal,
            sends: [
                .call(
                    "list", "GET", "/goals?status=active", status: 200,
                    reads: [.reads(["goals": .firstElement(.reads(["id": .variable("goalId")]))])])
            ]),
        ConsumerCall(
            "M23", "GET /goals/:id", routes: "§4.14", client: "ac:517-520; t:1856", .works, fixture: .goal,
            sends: [.call("get", "GET", "/goals/{goalId}", status: 200, reads: [.reads(["id": .variable("goalId"), "title": .string])])]),
        ConsumerCall(
            "M24", "POST /goals", routes: "§4.14", client: "ac:522-525; t:1862-1873", .works, fixture: .plan,
            sends: [
                .call(
                    "create", "POST", "/goals",
                    body: [
                        "organization_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", "title": "MCP goal {run}", "description": "d",
                        "success_metrics": [["metric": "tasks", "target": 10, "current": 1, "unit": "tasks"]], "time_horizon": "2026-12-31",
                        "github_repo_url": "https://github.com/example/repo",
                    ], status: 201, reads: [.reads(["id": .uuid, "title": .equals("MCP goal {run}")])]
                ).capturing("goalId"),
                .call("cleanup-goal", "DELETE", "/goals/{goalId}", status: 200),
            ]),
        ConsumerCall(
            "M25", "PUT /goals/:id", routes: "§4.14", client: "ac:527-530; t:1875", .works, fixture: .goal,
            sends: [
                .call(
                    "update", "PUT", "/goals/{goalId}", body: ["title": "Goal renamed {run}", "status": "at_risk"], status: 200,
                    reads: [.reads(["id": .variable("goalId"), "status": .equals("at_risk")])])
            ]),
        ConsumerCall(
            "M26", "POST /goals/:goalId/plans/:planId", routes: "§4.14", client: "ac:542-545; t:960,1470,1881", .works, fixture: .goal,
            sends: [
                .call(
                    "link", "POST", "/goals/{goalId}/plans/{planId}", status: 201,
                    reads: [.reads(["goal_id": .variable("goalId"), "plan_id": .variable("planId")])])
            ]),
        ConsumerCall(
            "M27", "DELETE /goals/:goalId/plans/:planId", routes: "§4.14", client: "ac:547-550; t:1891", .works, fixture: .goal,
            sends: [
                .call("link", "POST", "/goals/{goalId}/plans/{planId}", status: 201),
                .call("unlink", "DELETE", "/goals/{goalId}/plans/{planId}", status: 200, reads: [.reads(["success": .equals(true)])]),
            ]),
        unserved("M28", "GET", "/organizations", "/organizations", client: "ac:464-467; t:1826", organizations),
        unserved(
            "M29", "GET", "/organizations/:id", "/organizations/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", client: "ac:469-472; t:1831",
            organizations),
        unserved(
            "M30", "POST", "/organizations", "/organizations", client: "ac:474-477; t:1837",
            body: ["name": "Org {run}", "description": "d", "slug": "org-{run}"], organizations),
        unserved(
            "M31", "PUT", "/organizations/:id", "/organizations/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", client: "ac:479-482; t:1843",
            body: ["name": "Org"], organizations),
        unserved(
            "M32", "POST", "/knowledge/entries", "/knowledge/entries", client: "ac:585-588; t:1279,1902",
            body: ["entry_type": "learning", "title": "L", "content": "c", "scope": "organization"], knowledge),
        unserved("M33", "GET", "/knowledge/stores", "/knowledge/stores?scope=plan", client: "ac:557-563; t:1920", knowledge),
        unserved("M34", "GET", "/knowledge/entries", "/knowledge/entries?limit=10", client: "ac:570-578; t:1926", knowledge),
        unserved(
            "M35", "POST", "/knowledge/search", "/knowledge/search", client: "ac:600-603; t:1930-1945",
            body: ["query": "q", "limit": 5], knowledge),
        unserved(
            "M36", "PUT", "/knowledge/entries/:id", "/knowledge/entries/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", client: "ac:590-593; t:1947",
            body: ["title": "T"], knowledge),
        unserved(
            "M37", "DELETE", "/knowledge/entries/:id", "/knowledge/entries/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6",
            client: "ac:595-598; t:1953", knowledge),
        ConsumerCall(
            "M38", "GET /health", routes: "§1.4", client: "setup.js:79-86", .works,
            sends: [.call("health", "GET", "/health", status: 200, anonymous: true)]),
    ]
}

/// The agents runner `TAgents/agent-planner-agents` @ `9b61c2b` (CONSUMERS.md §4): its one direct call.
enum AgentsCalls {
    static let calls: [ConsumerCall] = [
        ConsumerCall(
            "A1", "GET /health", routes: "§1.4", client: "diagnostics.py:44-68", .works,
            sends: [.call("health", "GET", "/health", status: 200)])
    ]
}

extension ConsumerCall {
    func withFixture(_ fixture: ConsumerFixture) -> ConsumerCall {
        var copy = self
        copy.fixture = fixture
        return copy
    }
}

extension ClientRequest {
    /// Keeps the answer's `id` as `{variable}` for later requests.
    func capturing(_ variable: String) -> ClientRequest {
        var copy = self
        copy.captures[variable] = "$.id"
        return copy
    }
}

extension JSONMatcher {
    /// These fields added to (or replacing those of) an object matcher.
    func with(_ more: [String: JSONMatcher]) -> JSONMatcher {
        guard case .object(let fields, let exact) = self else { return self }
        return .object(fields.merging(more, uniquingKeysWith: { _, new in new }), exact: exact)
    }
}
