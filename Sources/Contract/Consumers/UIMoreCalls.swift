import AgentPlannerCore

/// The web UI's calls U35–U68 (CONSUMERS.md §2.2): decisions, agents, activity, dashboard, goals, the public
/// pages, GitHub, Slack, and the paths v1 never served.
enum UIMoreCalls {
    static var calls: [ConsumerCall] { decisions + dashboard + goals + publicPages + integrations }

    static let decision = ClientRequest.call(
        "decision", "POST", "/plans/{planId}/decisions", body: ["title": "Pick one {run}", "context": "Why", "urgency": "blocking"],
        status: 201
    ).capturing("decisionId")

    static func unserved(_ id: String, _ method: String, _ template: String, _ path: String, client: String, _ why: String)
        -> ConsumerCall
    {
        ConsumerCall(
            id, "\(method) \(template)", routes: "not in ROUTES.md", client: client, .notServed(why), fixture: .plan,
            sends: [.call("call", method, path, status: 404, reads: [MCPCalls.missing])])
    }

    static let stars =
        "v1 dropped stars (ROUTES.md §0.3) and v2 has none; 404 as in v1, so star counts stay at the listing's star_count (0)"

    static let decisions: [ConsumerCall] = [
        ConsumerCall(
            "U35", "GET /plans/:id/decisions", routes: "§4.5", client: "api:1559-1592; useDecisions.ts:5-30; DecisionPanel.tsx:70",
            .consumerDefect(
                "the UI expects a bare array with requester and options {id, title, description, is_recommended}; v1 answered {data, pagination} with its own option shape, which the MCP and v1's contracts read. Both cannot be served, so v2 keeps v1's shape: the badge stays hidden and the panel fails, as against v1"
            ),
            fixture: .plan,
            sends: [
                decision,
                .call(
                    "pending", "GET", "/plans/{planId}/decisions?status=pending", status: 200,
                    reads: [
                        .reads([
                            "data": .arrayCount(
                                1,
                                of: .reads([
                                    "id": .variable("decisionId"), "title": .string, "context": .string, "urgency": .equals("blocking"),
                                    "created_at": .timestamp, "options": .array(.any), "requester": .absent,
                                ])),
                            "pagination": .any,
                        ])
                    ]),
            ]),
        ConsumerCall(
            "U36", "POST /plans/:id/decisions/:decisionId/resolve", routes: "§4.5", client: "api:1595-1605; DecisionDetailModal.tsx:37-43",
            .works, fixture: .plan,
            sends: [
                decision,
                .call(
                    "resolve", "POST", "/plans/{planId}/decisions/{decisionId}/resolve", body: ["decision": "The first", "rationale": "Simpler"],
                    status: 200),
            ]),
        ConsumerCall(
            "U37", "POST /plans/:id/decisions/:decisionId/cancel", routes: "§4.5", client: "api:1608-1613; DecisionDetailModal.tsx:54",
            .works, fixture: .plan,
            sends: [decision, .call("cancel", "POST", "/plans/{planId}/decisions/{decisionId}/cancel", status: 200)]),
        ConsumerCall(
            "U38", "GET /plans/:planId/agent-status", routes: "§4.6", client: "api:1807-1812; AgentStatusIndicator.tsx:33-45", .works,
            fixture: .plan,
            sends: [
                .call("beat", "POST", "/heartbeat", body: ["plan_id": "{planId}"], status: 200),
                .call(
                    "status", "GET", "/plans/{planId}/agent-status", status: 200,
                    reads: [
                        .reads([
                            "agents": .arrayCount(
                                1,
                                of: .reads([
                                    "id": .variable("owner.id"), "name": .nullable(.string), "email": .string, "status": .string,
                                    "last_seen_at": .timestamp,
                                ]))
                        ])
                    ]),
            ]),
        ConsumerCall(
            "U39", "GET /users/capabilities", routes: "§4.7", client: "api:1819-1824; CapabilityTags.tsx:24-25", .works,
            sends: [.call("get", "GET", "/users/capabilities", status: 200, reads: [.reads(["capability_tags": .array(.string)])])]),
        ConsumerCall(
            "U40", "PUT /users/capabilities", routes: "§4.7", client: "api:1826-1832; CapabilityTags.tsx:62-63", .works,
            sends: [
                .call(
                    "put", "PUT", "/users/capabilities", body: ["capability_tags": ["planning", "review"]], status: 200,
                    reads: [.reads(["capability_tags": .equals(["planning", "review"])])])
            ]),
        ConsumerCall(
            "U41", "GET /activity/feed", routes: "§4.8", client: "api:893-899; useRecentActivity.ts:50-76; Dashboard.tsx:438-470", .works,
            fixture: .plan,
            sends: [
                .call(
                    "feed", "GET", "/activity/feed?page=1&limit=10", status: 200,
                    reads: [
                        .reads([
                            "activities": .firstElement(
                                .reads([
                                    "id": .uuid, "type": .string, "activity_type": .string, "content": .string, "created_at": .timestamp,
                                    "user": .any, "node": .reads(["id": .uuid, "title": .string]),
                                    "plan": .reads(["id": .variable("planId"), "title": .string]),
                                ]))
                        ])
                    ])
            ]),
        ConsumerCall(
            "U42", "GET /activity/plans/:id/activity", routes: "§4.8", client: "api:901-907; usePlanActivity.ts:6-33",
            .consumerDefect(
                "the hook reads data, total and total_pages where v1 answered {logs, pagination}; nothing renders the result, and the MCP-era v1 shape stays, so v2 keeps it"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "activity", "GET", "/activity/plans/{planId}/activity?page=1&limit=5", status: 200,
                    reads: [.reads(["logs": .array(.any), "data": .absent, "total": .absent, "total_pages": .absent])])
            ]),
    ]

    static let dashboard: [ConsumerCall] = [
        ConsumerCall(
            "U43", "GET /dashboard/summary", routes: "§4.15", client: "api:1753-1758; useDashboard.ts:14-18; Dashboard.tsx:394-397", .works,
            sends: [
                .call(
                    "summary", "GET", "/dashboard/summary", status: 200,
                    reads: [
                        .reads([
                            "active_plans_count": .integer, "tasks_completed_this_week": .integer, "active_goals_count": .integer,
                            "knowledge_entries_count": .integer,
                        ])
                    ])
            ]),
        ConsumerCall(
            "U44", "GET /dashboard/pending", routes: "§4.15", client: "api:1760-1766; useDashboard.ts:20-29; Dashboard.tsx:77-111", .works,
            fixture: .plan,
            sends: [
                decision,
                .call("ask", "POST", "/plans/{planId}/nodes/{taskId}/request-agent", body: ["request_type": "review", "message": ""], status: 200),
                .call(
                    "pending", "GET", "/dashboard/pending?limit=5", status: 200,
                    reads: [
                        .reads([
                            "decisions": .firstElement(
                                .reads(["id": .uuid, "plan_id": .uuid, "title": .string, "plan_title": .string, "urgency": .string])),
                            "agent_requests": .firstElement(
                                .reads(["id": .uuid, "plan_id": .uuid, "task_title": .string, "request_type": .string, "plan_title": .string])),
                        ])
                    ]),
            ]),
        ConsumerCall(
            "U45", "GET /dashboard/recent-plans", routes: "§4.15", client: "api:1768-1774; useDashboard.ts:31-38; Dashboard.tsx:215-246",
            .works, fixture: .plan,
            sends: [
                .call(
                    "recent", "GET", "/dashboard/recent-plans?limit=6", status: 200,
                    reads: [
                        .reads([
                            "plans": .firstElement(
                                .reads([
                                    "id": .uuid, "title": .string, "description": .nullable(.string), "status": .string,
                                    "updated_at": .timestamp, "progress": .integer,
                                ]))
                        ])
                    ])
            ]),
        ConsumerCall(
            "U46", "GET /dashboard/active-goals", routes: "§4.15", client: "api:1776-1782; useDashboard.ts:40-47; Dashboard.tsx:148-165",
            .consumerDefect(
                "the goal card reads target_date; v1 answered time_horizon (which v2 keeps, as the goals pages read it), so the card shows no date"),
            fixture: .goal,
            sends: [
                .call(
                    "goals", "GET", "/dashboard/active-goals?limit=5", status: 200,
                    reads: [.reads(["goals": .firstElement(.reads(["id": .uuid, "title": .string, "progress": .integer, "target_date": .absent]))])])
            ]),
        ConsumerCall(
            "U47", "GET /dashboard/agent-activity", routes: "§4.15", client: "api:1784-1794; AgentDashboard.tsx:30,53-197", .works,
            sends: [
                // All four arrays must be there: the page calls .filter and .length on them unguarded.
                .call(
                    "activity", "GET", "/dashboard/agent-activity", status: 200,
                    reads: [
                        .reads([
                            "agents": .array(
                                .reads(["id": .uuid, "name": .nullable(.string), "email": .string, "capability_tags": .array(.string)])),
                            "assignments": .array(
                                .reads([
                                    "id": .uuid, "title": .string, "status": .string, "assigned_agent_id": .uuid,
                                    "plans": .reads(["title": .string]),
                                ])),
                            "handoffs": .array(.any),
                            "recentActivity": .array(.reads(["id": .uuid, "log_type": .string, "content": .string, "created_at": .timestamp])),
                        ])
                    ])
            ]),
    ]
}
