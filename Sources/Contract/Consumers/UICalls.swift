import AgentPlannerCore

/// The web UI `TAgents/agent-planner-ui` @ `3ca5b00` (CONSUMERS.md §2.2): `Bearer` with the stored login
/// session's access token. Its `request()` wrapper drops the HTTP status, so of a failure it reads only the
/// body's `error`, `message` and `code`; a 401 under `/app` signs it out. `api` = `src/services/api.ts`.
enum UICalls {
    static var calls: [ConsumerCall] { account + plans + nodes + UIMoreCalls.calls }

    /// What the UI shows of any failure: `error` (else `message`), and `code`.
    static let failure = JSONMatcher.reads(["error": .string])
    static let treeNode = JSONMatcher.reads([
        "id": .uuid, "parent_id": .nullable(.uuid), "node_type": .string, "title": .string, "status": .string,
        "order_index": .integer, "children": .array(.any),
        // Read for tree search, due dates, the MCP badge, comment counts and sorting; never in the tree without details.
        "description": .absent, "due_date": .absent, "metadata": .absent, "comment_count": .absent, "created_at": .absent,
    ])
    static let person = JSONMatcher.reads(["id": .uuid, "name": .nullable(.string), "email": .nullable(.string)])

    static let account: [ConsumerCall] = [
        ConsumerCall(
            "U1", "POST /auth/login", routes: "§4.1", client: "api:141-148; Login.tsx:50,81-83; useAuth.ts:13-28", .works, needs: [.owner],
            sends: [
                .call(
                    "login", "POST", "/auth/login", body: ["email": "{owner.email}", "password": "{owner.password}"], status: 200,
                    reads: [
                        .reads([
                            "session": .reads([
                                "access_token": .jwt,
                                "user": .reads([
                                    "id": .variable("owner.id"), "email": .variable("owner.email"), "created_at": .timestamp,
                                    "user_metadata": .reads([
                                        "name": .string, "organization": .optional(.string), "avatar_url": .optional(.string),
                                    ]),
                                ]),
                            ])
                        ])
                    ], anonymous: true),
                .call(
                    "wrong-password", "POST", "/auth/login", body: ["email": "{owner.email}", "password": "not-the-password"], status: 401,
                    reads: [.reads(["error": .string, "code": .equals("INVALID_CREDENTIALS")])], anonymous: true),
            ]),
        ConsumerCall(
            "U2", "POST /auth/register", routes: "§4.1", client: "api:185-192; Register.tsx:134", .works,
            sends: [
                .call(
                    "register", "POST", "/auth/register",
                    body: ["email": "ui+{run}@contract.agentplanner.test", "password": "Ui-consumer-password-1", "name": "UI {run}"],
                    status: 201, reads: [.reads(["session": .nullable(.reads(["access_token": .jwt, "user": .reads(["id": .uuid])]))])],
                    anonymous: true)
            ]),
        ConsumerCall(
            "U3", "POST /auth/resend-verification", routes: "§4.1", client: "api:286-290; Login.tsx:93", .works, needs: [.owner],
            sends: [.call("resend", "POST", "/auth/resend-verification", body: ["email": "{owner.email}"], status: 200, anonymous: true)]),
        ConsumerCall(
            "U4", "GET /auth/profile", routes: "§4.1", client: "api:302-305; ProfileSettings.tsx:36-48,57-66",
            .consumerDefect(
                "the settings page reads github_id, github_username, github_avatar_url and github_profile_url, which v1's profile never had; v2 keeps v1's profile (GitHub state is GET /github/status), so the page shows no GitHub account"
            ),
            sends: [
                .call(
                    "profile", "GET", "/auth/profile", status: 200,
                    reads: [
                        .reads([
                            "id": .variable("owner.id"), "email": .variable("owner.email"), "name": .optional(.string),
                            "organization": .optional(.string), "created_at": .timestamp, "avatar_url": .optional(.string),
                            "github_id": .absent, "github_username": .absent, "github_avatar_url": .absent, "github_profile_url": .absent,
                        ])
                    ])
            ]),
        ConsumerCall(
            "U5", "PUT /auth/profile", routes: "§4.1", client: "api:317-321; ProfileSettings.tsx:99", .works,
            sends: [
                // The same name and organization other contracts set, so the run's owner stays as they expect.
                .call(
                    "update", "PUT", "/auth/profile", body: ["name": "Contract owner {run}", "organization": "Contract Org {run}"], status: 200)
            ]),
        ConsumerCall(
            "U6", "GET /auth/token", routes: "§4.1", client: "api:1281-1284; useTokens.ts:17-31; Settings.tsx:798-811", .works,
            sends: [
                .call("create", "POST", "/auth/token", body: ["name": "UI list {run}", "permissions": ["read"]], status: 201).capturing("tokenId"),
                .call(
                    "list", "GET", "/auth/token", status: 200,
                    reads: [
                        .array(
                            .reads([
                                "id": .uuid, "name": .string, "created_at": .timestamp, "last_used": .nullable(.timestamp),
                                "permissions": .array(.string),
                            ])),
                        .firstElement(.any),
                    ]),
                .call("revoke", "DELETE", "/auth/token/{tokenId}", status: 204),
            ]),
        ConsumerCall(
            "U7", "POST /auth/token", routes: "§4.1", client: "api:1302-1306; useTokens.ts:49-67; Settings.tsx:48,105", .works,
            sends: [
                .call(
                    "create", "POST", "/auth/token", body: ["name": "UI token {run}", "permissions": ["read", "write"]], status: 201,
                    reads: [.reads(["token": .hexToken, "id": .uuid])]
                ).capturing("tokenId"),
                .call("revoke", "DELETE", "/auth/token/{tokenId}", status: 204),
            ]),
        ConsumerCall(
            "U8", "DELETE /auth/token/:id", routes: "§4.1", client: "api:1325-1328; useTokens.ts:83", .works,
            sends: [
                .call("create", "POST", "/auth/token", body: ["name": "UI revoke {run}"], status: 201).capturing("tokenId"),
                .call("revoke", "DELETE", "/auth/token/{tokenId}", status: 204),
            ]),
    ]

    static let plans: [ConsumerCall] = [
        ConsumerCall(
            "U9", "GET /plans", routes: "§4.2", client: "api:389-408; usePlans.ts:32,104-128; PlansListSimplified.tsx:111-115", .works,
            fixture: .plan,
            sends: [
                // page and limit are ignored, as in v1: the UI pages the whole list itself.
                .call(
                    "list", "GET", "/plans?page=1&limit=100", status: 200,
                    reads: [
                        .array(
                            .reads([
                                "id": .uuid, "title": .string, "description": .nullable(.string), "status": .string, "progress": .integer,
                                "updated_at": .timestamp, "created_at": .timestamp, "visibility": .string,
                                // The fallback after `visibility`; v1's list never had metadata.
                                "metadata": .absent,
                            ])),
                        .firstElement(.any),
                    ])
            ]),
        ConsumerCall(
            "U10", "POST /plans", routes: "§4.2", client: "api:418-424; CreatePlan.tsx:35-57", .works,
            sends: [
                .call(
                    "create", "POST", "/plans", body: ["title": "UI plan {run}", "description": "from the UI", "status": "draft"], status: 201,
                    reads: [.reads(["id": .uuid])]
                ).capturing("planId"),
                .call("cleanup", "DELETE", "/plans/{planId}", status: 204),
            ]),
        ConsumerCall(
            "U11", "GET /plans/:id", routes: "§4.2", client: "api:410-416; usePlans.ts:171-209; PlanVisualizationEnhanced.tsx:134,185", .works,
            fixture: .plan,
            sends: [
                .call(
                    "get", "GET", "/plans/{planId}", status: 200,
                    reads: [
                        .reads([
                            "id": .variable("planId"), "title": .string, "status": .string, "owner_id": .variable("owner.id"),
                            "visibility": .string, "github_repo_owner": .nullable(.string), "github_repo_name": .nullable(.string),
                        ])
                    ]),
                .call("missing", "GET", "/plans/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", status: 403, reads: [failure]),
            ]),
        ConsumerCall(
            "U12", "PUT /plans/:id", routes: "§4.2", client: "api:427-433; usePlans.ts:76-89; PlanVisualizationEnhanced.tsx:859-866", .works,
            fixture: .plan,
            sends: [.call("status", "PUT", "/plans/{planId}", body: ["status": "active"], status: 200, reads: [.reads(["id": .variable("planId")])])]),
        ConsumerCall(
            "U13", "DELETE /plans/:id", routes: "§4.2", client: "api:443-448; usePlans.ts:93-101; PlansListSimplified.tsx:139", .works,
            fixture: .plan, sends: [.call("archive", "DELETE", "/plans/{planId}?archive=true", status: 200)]),
        ConsumerCall(
            "U14", "PUT /plans/:id/visibility", routes: "§4.2", client: "api:435-441; VisibilityToggle.tsx:42", .works, fixture: .plan,
            sends: [.call("publish", "PUT", "/plans/{planId}/visibility", body: ["visibility": "public"], status: 200)]),
        ConsumerCall(
            "U15", "PUT /plans/:id/github", routes: "§4.2", client: "api:558-567; GitHubRepoLinkModal.tsx:111", .works, fixture: .plan,
            sends: [
                .call("link", "PUT", "/plans/{planId}/github", body: ["github_repo_owner": "octocat", "github_repo_name": "hello"], status: 200)
            ]),
        ConsumerCall(
            "U16", "GET /plans/:id/collaborators", routes: "§4.2", client: "api:451-463; useCollaborators.ts:26-88; ShareModal.tsx:186-213",
            .works, needs: [.viewer],
            sends: [
                .call(
                    "list", "GET", "/plans/{plan.id}/collaborators", status: 200,
                    reads: [
                        .reads([
                            "owner": person.with(["id": .variable("owner.id")]),
                            "collaborators": .firstElement(.reads(["id": .uuid, "role": .string, "user": person])),
                        ])
                    ])
            ]),
        ConsumerCall(
            "U17", "POST /plans/:id/collaborators", routes: "§4.2", client: "api:465-471; useCollaborators.ts:90-92; ShareModal.tsx:56-58",
            .consumerDefect(
                "share-by-email posts {email, role} where the route takes {user_id, role}; v1 answered 400 and v2 keeps v1's route as documented: sharing by email is POST /plans/:id/share, which the UI's later versions call"
            ),
            fixture: .plan, needs: [.stranger],
            sends: [
                .call(
                    "share-by-email", "POST", "/plans/{planId}/collaborators", body: ["email": "{stranger.email}", "role": "viewer"], status: 400,
                    reads: [.reads(["error": .equals("Validation failed")])])
            ]),
        ConsumerCall(
            "U18", "DELETE /plans/:id/collaborators/:userId", routes: "§4.2", client: "api:473-478; useCollaborators.ts:105; ShareModal.tsx:72",
            .works, fixture: .plan, needs: [.stranger],
            sends: [
                .call(
                    "add", "POST", "/plans/{planId}/collaborators", body: ["user_id": "{stranger.id}", "role": "viewer"], status: 201),
                .call("remove", "DELETE", "/plans/{planId}/collaborators/{stranger.id}", status: 204),
            ]),
    ]

    static let nodes: [ConsumerCall] = [
        ConsumerCall(
            "U19", "GET /plans/:id/nodes", routes: "§4.3", client: "api:690-731; useNodes.ts:36-90; PlanTreeView.tsx:81-104",
            .consumerDefect(
                "the tree reads description, due_date, metadata.isMCP, comment_count and created_at, which v1's tree without details never sent; v2 keeps v1's documented tree (the MCP reads the same), so tree search, due dates and MCP badges stay empty"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "tree", "GET", "/plans/{planId}/nodes", status: 200,
                    reads: [.arrayCount(1, of: treeNode), .firstElement(.reads(["children": .firstElement(treeNode)]))])
            ]),
        ConsumerCall(
            "U20", "GET /plans/:id/nodes/:nodeId", routes: "§4.3", client: "api:733-755; useNodes.ts:205-240; UnifiedNodeDetails.tsx:669-864",
            .consumerDefect(
                "the detail pane reads assigned_agent_id, which v1's single-node answer never selected; v2 keeps v1's answer, so an agent assignment does not show there"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "node", "GET", "/plans/{planId}/nodes/{taskId}", status: 200,
                    reads: [
                        .reads([
                            "id": .variable("taskId"), "plan_id": .variable("planId"), "title": .string, "node_type": .string,
                            "status": .string, "description": .nullable(.string), "context": .nullable(.string),
                            "agent_instructions": .nullable(.string), "due_date": .nullable(.timestamp), "updated_at": .timestamp,
                            "assigned_agent_id": .absent,
                        ])
                    ])
            ]),
        ConsumerCall(
            "U21", "POST /plans/:id/nodes", routes: "§4.3", client: "api:757-767; useNodes.ts:93-101; PlanVisualizationEnhanced.tsx:437-463",
            .v1Defect(
                "the UI's only way to add phases and tasks sends the path's plan_id in the body; v1's strict schema answered 400 to every one. v2 accepts a plan_id equal to the path's (redundant, nothing changes) and still refuses another plan's id; bodies v1 documented answer as before"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "add", "POST", "/plans/{planId}/nodes",
                    body: ["plan_id": "{planId}", "parent_id": "{rootId}", "title": "UI phase {run}", "node_type": "phase", "status": "not_started"],
                    status: 201),
                .call(
                    "other-plan", "POST", "/plans/{planId}/nodes",
                    body: ["plan_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", "title": "Elsewhere", "node_type": "task"], status: 400,
                    reads: [.reads(["error": .equals("Validation failed")])]),
            ]),
        ConsumerCall(
            "U22", "PUT /plans/:id/nodes/:nodeId", routes: "§4.3", client: "api:769-775; useNodes.ts:104-117; useNodeInstructions.ts:14-20",
            .works, fixture: .plan,
            sends: [.call("instructions", "PUT", "/plans/{planId}/nodes/{taskId}", body: ["agent_instructions": "Use the spec"], status: 200)]),
        ConsumerCall(
            "U23", "PUT /plans/:id/nodes/:nodeId/status", routes: "§4.3", client: "api:777-783; useNodes.ts:120-132; StatusBadge.tsx:12-20",
            .works, fixture: .plan,
            sends: [.call("status", "PUT", "/plans/{planId}/nodes/{taskId}/status", body: ["status": "in_progress"], status: 200)]),
        ConsumerCall(
            "U24", "POST /plans/:id/nodes/:nodeId/move", routes: "§4.3", client: "api:808-814; useNodes.ts:146-161; PlanTreeView.tsx:172-198",
            .works, fixture: .plan,
            sends: [
                .call("target", "POST", "/plans/{planId}/nodes", body: ["node_type": "phase", "title": "Target {run}"], status: 201)
                    .capturing("targetId"),
                .call("drop", "POST", "/plans/{planId}/nodes/{taskId}/move", body: ["parent_id": "{targetId}", "order_index": 0], status: 200),
            ]),
        ConsumerCall(
            "U25", "GET /plans/:id/nodes/:nodeId/logs", routes: "§4.3", client: "api:984-1007; useNodeLogs.ts:9-11,40-50",
            .consumerDefect(
                "the log list reads tags, which v1's list never returned; v2 stores the tags the UI sends (U26) but keeps v1's documented list, so tag chips stay empty"
            ),
            fixture: .log,
            sends: [
                .call("exists", "GET", "/plans/{planId}/nodes/{taskId}", status: 200),
                .call(
                    "logs", "GET", "/plans/{planId}/nodes/{taskId}/logs", status: 200,
                    reads: [
                        .array(
                            .reads([
                                "id": .uuid, "content": .string, "log_type": .string, "created_at": .timestamp, "user_id": .uuid,
                                "user": person, "tags": .absent,
                            ])),
                        .firstElement(.any),
                    ]),
            ]),
        ConsumerCall(
            "U26", "POST /plans/:id/nodes/:nodeId/log", routes: "§4.3", client: "api:1009-1023; useNodeLogs.ts:21-22; UnifiedNodeDetails.tsx:598-626",
            .v1Defect(ConsumerDecisions.logs), fixture: .plan,
            sends: [
                .call(
                    "compose", "POST", "/plans/{planId}/nodes/{taskId}/log",
                    body: ["content": "Blocked on review {run}", "log_type": "challenge", "tags": ["review"], "metadata": [:]], status: 201)
            ]),
        ConsumerCall(
            "U27", "GET /plans/:id/nodes/:nodeId/assignments", routes: "§4.3", client: "api:817-822; useNodeAssignments.ts:18-29", .works,
            fixture: .plan,
            sends: [
                .call("assign", "POST", "/plans/{planId}/nodes/{taskId}/assign", body: ["user_id": "{owner.id}"], status: 201),
                .call(
                    "list", "GET", "/plans/{planId}/nodes/{taskId}/assignments", status: 200,
                    reads: [.arrayCount(1, of: .reads(["user_id": .variable("owner.id")]))]),
            ]),
        ConsumerCall(
            "U28", "POST /plans/:id/nodes/:nodeId/assign", routes: "§4.3", client: "api:824-830; useNodeAssignments.ts:35", .works,
            fixture: .plan,
            sends: [.call("assign", "POST", "/plans/{planId}/nodes/{taskId}/assign", body: ["user_id": "{owner.id}"], status: 201)]),
        ConsumerCall(
            "U29", "DELETE /plans/:id/nodes/:nodeId/unassign", routes: "§4.3", client: "api:832-838; useNodeAssignments.ts:51", .works,
            fixture: .plan,
            sends: [
                .call("assign", "POST", "/plans/{planId}/nodes/{taskId}/assign", body: ["user_id": "{owner.id}"], status: 201),
                .call("unassign", "DELETE", "/plans/{planId}/nodes/{taskId}/unassign", body: ["user_id": "{owner.id}"], status: 204),
            ]),
        ConsumerCall(
            "U30", "GET /plans/:id/nodes/:nodeId/suggested-agents", routes: "§4.3", client: "api:856-862; AgentAssignment.tsx:38-50", .works,
            fixture: .plan,
            sends: [
                .call(
                    "suggest", "GET", "/plans/{planId}/nodes/{taskId}/suggested-agents", status: 200,
                    reads: [
                        .reads([
                            "agents": .array(.reads(["id": .uuid, "name": .nullable(.string), "email": .string, "capability_tags": .array(.string)]))
                        ])
                    ])
            ]),
        ConsumerCall(
            "U31", "POST /plans/:id/nodes/:nodeId/assign-agent", routes: "§4.3", client: "api:841-847; AgentAssignment.tsx:66",
            .v1Defect("v1 stored the assignment and never answered (the UI's 30 s timeout, ignored); v2 answers 200"), fixture: .plan,
            needs: [.agent],
            sends: [.call("assign", "POST", "/plans/{planId}/nodes/{taskId}/assign-agent", body: ["agent_id": "{agent.id}"], status: 200)]),
        ConsumerCall(
            "U32", "DELETE /plans/:id/nodes/:nodeId/assign-agent", routes: "§4.3", client: "api:849-854; AgentAssignment.tsx:81",
            .v1Defect("v1 never answered (the UI's 30 s timeout, ignored); v2 answers 204"), fixture: .plan, needs: [.agent],
            sends: [
                .call("assign", "POST", "/plans/{planId}/nodes/{taskId}/assign-agent", body: ["agent_id": "{agent.id}"], status: 200),
                .call("unassign", "DELETE", "/plans/{planId}/nodes/{taskId}/assign-agent", status: 204),
            ]),
        ConsumerCall(
            "U33", "POST /plans/:id/nodes/:nodeId/request-agent", routes: "§4.3", client: "api:1641-1662; useAgentRequests.ts:37-89", .works,
            fixture: .plan,
            sends: [
                .call(
                    "ask", "POST", "/plans/{planId}/nodes/{taskId}/request-agent", body: ["request_type": "start", "message": "Please start"],
                    status: 200)
            ]),
        ConsumerCall(
            "U34", "GET /plans/:id/nodes/:nodeId/request-agent", routes: "not in ROUTES.md", client: "api:1665-1670; useAgentRequests.ts:9-20",
            .notServed(
                "v1 had only POST and DELETE here; the UI turns the error into an empty list. v2 serves the request state on the node itself (agent_requested…), so it adds no list"
            ), fixture: .plan,
            sends: [.call("poll", "GET", "/plans/{planId}/nodes/{taskId}/request-agent", status: 404, reads: [MCPCalls.missing])]),
    ]
}
