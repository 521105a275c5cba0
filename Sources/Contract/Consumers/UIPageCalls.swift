import AgentPlannerCore

/// The web UI's goals, public pages, GitHub and Slack calls, and the paths v1 never served (CONSUMERS.md §2.2).
extension UIMoreCalls {
    static let goalFields: [String: JSONMatcher] = [
        "id": .variable("goalId"), "title": .string, "status": .string, "description": .nullable(.string),
        // v2 has no organisations (D2): null where the UI reads organization.name behind a guard.
        "organization": .null,
        "success_metrics": .array(.reads(["metric": .string, "current": .any, "target": .any, "unit": .optional(.string)])),
        "time_horizon": .nullable(.string), "knowledge_entries_count": .absent,
    ]
    static let goalDecision =
        "the goal pages read knowledge_entries_count, which v1 never sent (knowledge is not a v1 feature), and organization.name: v2 has no organisations (D2), so organization is null and the count absent"

    static let goals: [ConsumerCall] = [
        ConsumerCall(
            "U48", "GET /goals", routes: "§4.14", client: "api:1439-1450; useGoals.ts:15; GoalCard.tsx", .consumerDefect(goalDecision),
            fixture: .goal,
            sends: [
                .call(
                    "list", "GET", "/goals", status: 200,
                    reads: [.reads(["goals": .firstElement(.reads(goalFields.merging(["linked_plans_count": .integer]) { _, new in new }))])])
            ]),
        ConsumerCall(
            "U49", "GET /goals/:id", routes: "§4.14", client: "api:1453-1458; useGoals.ts:97; GoalDetail.tsx", .consumerDefect(goalDecision),
            fixture: .goal,
            sends: [
                .call("link", "POST", "/goals/{goalId}/plans/{planId}", status: 201),
                .call(
                    "get", "GET", "/goals/{goalId}", status: 200,
                    reads: [
                        .reads(
                            goalFields.merging([
                                "linked_plans": .arrayCount(1, of: .reads(["id": .variable("planId"), "title": .string, "progress": .integer]))
                            ]) {
                                _, new in new
                            })
                    ]),
            ]),
        ConsumerCall(
            "U50", "POST /goals", routes: "§4.14", client: "api:1461-1474; useGoals.ts:37; Goals.tsx:38-42",
            .v1Defect(
                "the UI creates goals without organization_id; v1 required one and answered 400. v2 has no organisations (D2): a goal belongs to its creator, so the UI's body is complete"
            ),
            sends: [
                .call(
                    "create", "POST", "/goals", body: ["title": "UI goal {run}", "description": "d", "time_horizon": "2026-12-31"], status: 201
                ).capturing("goalId"),
                .call("cleanup", "DELETE", "/goals/{goalId}", status: 200),
            ]),
        ConsumerCall(
            "U51", "DELETE /goals/:id", routes: "§4.14", client: "api:1492-1497; useGoals.ts:55,139; Goals.tsx:51-55", .works,
            sends: [
                .call("create", "POST", "/goals", body: ["title": "UI goal {run}"], status: 201).capturing("goalId"),
                .call("delete", "DELETE", "/goals/{goalId}", status: 200),
            ]),
        ConsumerCall(
            "U52", "DELETE /goals/:goalId/plans/:planId", routes: "§4.14", client: "api:1508-1513; useGoals.ts:132; GoalDetail.tsx:384",
            .works, fixture: .goal,
            sends: [
                .call("link", "POST", "/goals/{goalId}/plans/{planId}", status: 201),
                .call("unlink", "DELETE", "/goals/{goalId}/plans/{planId}", status: 200),
            ]),
    ]

    static let publicPlan = JSONMatcher.reads([
        "id": .uuid, "title": .string, "description": .nullable(.string), "status": .string, "updated_at": .timestamp,
        "owner": .reads(["name": .nullable(.string), "avatar_url": .nullable(.string), "github_username": .nullable(.string)]),
        "github_repo_owner": .nullable(.string), "github_repo_name": .nullable(.string), "completion_percentage": .integer,
        "completed_count": .integer, "task_count": .integer, "star_count": .integer, "view_count": .integer,
        // v1 has no stars per user; the card shows "not starred".
        "is_starred": .absent,
    ])

    static let publicPages: [ConsumerCall] = [
        ConsumerCall(
            "U53", "GET /plans/public", routes: "§4.2", client: "usePublicPlans.ts:47-78; ExplorePlansPage.tsx; PublicPlanCard.tsx",
            .consumerDefect(
                "Explore's \"Most Starred\" sends sortBy=stars, which v1 refused with 400 and v2 too: stars are gone (ROUTES.md §0.3), every star_count is 0, so no order could honour it"
            ),
            fixture: .plan,
            sends: [
                .call("publish", "PUT", "/plans/{planId}/visibility", body: ["visibility": "public"], status: 200),
                .call(
                    "explore", "GET", "/plans/public?page=1&limit=12&search=Consumer%20plan%20{run}", status: 200,
                    reads: [.reads(["plans": .arrayCount(1, of: publicPlan), "total": .integer, "limit": .integer, "total_pages": .integer])],
                    anonymous: true),
                .call("most-starred", "GET", "/plans/public?page=1&limit=12&sortBy=stars", status: 400, reads: [UICalls.failure], anonymous: true),
            ]),
        ConsumerCall(
            "U54", "GET /plans/public/:id", routes: "§4.2", client: "api:533-543; PublicPlanView.tsx:203-216,339-470", .works, fixture: .plan,
            sends: [
                .call("publish", "PUT", "/plans/{planId}/visibility", body: ["visibility": "public"], status: 200),
                .call(
                    "view", "GET", "/plans/public/{planId}", status: 200,
                    reads: [
                        .reads([
                            "plan": .reads([
                                "title": .string, "description": .nullable(.string), "status": .string, "view_count": .integer,
                                "owner": .reads(["name": .nullable(.string)]), "created_at": .timestamp, "progress": .integer,
                            ]),
                            "structure": .reads([
                                "children": .firstElement(
                                    .reads([
                                        "id": .uuid, "title": .string, "node_type": .string, "status": .string,
                                        "description": .nullable(.string), "children": .array(.any),
                                    ]))
                            ]),
                        ])
                    ], anonymous: true),
            ]),
        unserved("U55", "GET", "/plans/:id/stars", "/plans/{planId}/stars", client: "api:584-589; PublicPlanView.tsx:225-235", stars),
        unserved("U56", "POST", "/plans/:id/star", "/plans/{planId}/star", client: "api:570-575; PublicPlanCard.tsx:58-60", stars),
        unserved("U57", "DELETE", "/plans/:id/star", "/plans/{planId}/star", client: "api:577-582; PublicPlanCard.tsx:54-56", stars),
        ConsumerCall(
            "U58", "POST /plans/:id/clone", routes: "not in ROUTES.md", client: "ClonePlanModal.tsx:85-113",
            .notServed(
                "v1 had no clone (the UI even sends `Bearer null`, from a storage key nothing sets); v2 adds none: 404 with a message the modal shows"
            ),
            fixture: .plan,
            sends: [
                .call(
                    "clone", "POST", "/plans/{planId}/clone",
                    body: [
                        "title": "Copy", "include_structure": true, "include_descriptions": true, "include_status": false,
                        "include_knowledge": false, "include_logs": false,
                    ], status: 404, reads: [MCPCalls.missing]
                ).sending(["Authorization": "Bearer null"])
            ]),
        ConsumerCall(
            "U59", "GET /stats", routes: "§4.11", client: "usePlatformStats.ts:23-31; SocialProofSection.tsx:13-50", .works,
            sends: [
                .call(
                    "stats", "GET", "/stats", status: 200, reads: [.reads(["users": .integer, "plans": .integer, "publicPlans": .integer])],
                    anonymous: true)
            ]),
        unserved(
            "U68", "POST", "/ai/analyze-prompt", "/ai/analyze-prompt", client: "api:1350-1373; AICreatePlan.tsx:42-45",
            "v1 removed AI generation (ROUTES.md §1.2) and v2 has none: 404, which the AI-create page shows as an error"),
    ]

    static let github = "every /github route answered 500 in v1 (ROUTES.md §8.2); v2 answers"

    static let integrations: [ConsumerCall] = [
        ConsumerCall(
            "U60", "GET /github/status", routes: "§4.12", client: "api:1093-1103; GitHubRepoLinkModal.tsx:60-61",
            .v1Defect("\(github) {connected: false} for a user who has not signed in with GitHub"),
            sends: [.call("status", "GET", "/github/status", status: 200, reads: [.reads(["connected": .equals(false)])])]),
        ConsumerCall(
            "U61", "GET /github/repos", routes: "§4.12", client: "api:1106-1126; GitHubRepoLinkModal.tsx:80-81",
            .v1Defect("\(github) 400 GITHUB_NOT_CONNECTED without a GitHub sign-in, which the modal shows as an empty list"),
            sends: [
                .call("repos", "GET", "/github/repos", status: 400, reads: [.reads(["error": .string, "code": .equals("GITHUB_NOT_CONNECTED")])])
            ]),
        ConsumerCall(
            "U62", "GET /integrations/slack/status", routes: "§4.17", client: "api:1866-1871; IntegrationsSettings.tsx:37,181-236", .works,
            sends: [
                .call(
                    "status", "GET", "/integrations/slack/status", status: 200,
                    reads: [
                        .reads([
                            "connected": .equals(false), "team_name": .optional(.string), "channel_id": .optional(.string),
                            "channel_name": .optional(.string),
                        ])
                    ])
            ]),
        ConsumerCall(
            "U63", "GET /integrations/slack/install", routes: "§4.17", client: "api:1873-1878; IntegrationsSettings.tsx:52-65", .works,
            sends: [.call("install", "GET", "/integrations/slack/install", status: 200, reads: [.reads(["url": .hasPrefix("https://")])])]),
        ConsumerCall(
            "U64", "GET /integrations/slack/channels", routes: "§4.17", client: "api:1880-1885; IntegrationsSettings.tsx:85-86", .works,
            sends: [.call("channels", "GET", "/integrations/slack/channels", status: 200, reads: [.reads(["channels": .array(.any)])])]),
        ConsumerCall(
            "U65", "PUT /integrations/slack/channel", routes: "§4.17", client: "api:1887-1893; IntegrationsSettings.tsx:96",
            .v1Defect(
                "without a connected workspace v1 answered 500 `Failed to set channel`; v2 answers 400 with the same message, the caller's state being at fault, and the page shows it as a toast either way"
            ),
            sends: [
                // Without a connected workspace the choice cannot be kept; the page shows the error as a toast.
                .call(
                    "choose", "PUT", "/integrations/slack/channel", body: ["channelId": "C0123", "channelName": "general"], status: 400,
                    reads: [UICalls.failure])
            ]),
        ConsumerCall(
            "U66", "DELETE /integrations/slack", routes: "§4.17", client: "api:1895-1900; IntegrationsSettings.tsx:74", .works,
            sends: [.call("disconnect", "DELETE", "/integrations/slack", status: 200)]),
        ConsumerCall(
            "U67", "POST /integrations/slack/test", routes: "§4.17", client: "api:1902-1907; IntegrationsSettings.tsx:108", .works,
            sends: [.call("test", "POST", "/integrations/slack/test", status: 400, reads: [UICalls.failure])]),
    ]
}

extension ClientRequest {
    /// This request with its own headers over the client's usual ones.
    func sending(_ headers: [String: String]) -> ClientRequest {
        var copy = self
        copy.headers = headers
        return copy
    }
}
