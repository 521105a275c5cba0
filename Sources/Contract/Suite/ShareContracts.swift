import AgentPlannerCore

/// Sharing by email and the invitation routes (ROUTES.md §4.16), under `/plans` and `/invites`.
enum ShareContracts {
    static let area = "share"
    static let routes = "src/routes/share.routes.js"
    static let missing = "00000000-0000-4000-8000-000000000000"

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: routes) }

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let newPlan = Step("plan", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Shared {run}"])))
        .expect(status: 201).expect(body: PlanContracts.created).capture("planId", at: "$.id")
    static let dropPlan = Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204)

    static var all: [Contract] {
        [
            Contract(
                id: "share.existing-user", area: area,
                summary: "sharing with a registered user's email (any case) makes them a collaborator; repeats and the owner are refused",
                source: source("POST /plans/:id/share"), classification: .compatible, mutates: true, needs: [.owner, .agent],
                steps: [
                    newPlan,
                    Step("not-yet", .get("/plans/{planId}", as: .agent)).expect(status: 403).expect(
                        body: .error("You do not have access to this plan")),
                    Step("share", post("/plans/{planId}/share", as: .owner, ["email": "{agent.email}", "role": "editor"]))
                        .expect(status: 200)
                        .expect(
                            body: .keys([
                                "success": .equals(true), "message": .equals("User added as collaborator"), "type": .equals("existing_user"),
                                "collaborator": .keys([
                                    "user_id": .variable("agent.id"), "email": .variable("agent.email"), "role": .equals("editor"),
                                ]),
                            ])
                        )
                        .golden(),
                    Step("now-editor", .get("/plans/{planId}", as: .agent)).expect(status: 200).expect(body: PlanContracts.detail),
                    Step("again", post("/invites/{planId}/share", as: .owner, ["email": "{agent.email}"]))
                        .expect(status: 400).expect(
                            body: .keys(["error": .equals("User is already a collaborator on this plan"), "type": .equals("existing_collaborator")])),
                    Step("owner", post("/plans/{planId}/share", as: .owner, ["email": "{owner.email}"]))
                        .expect(status: 400).expect(body: .keys(["error": .equals("Cannot invite the plan owner"), "type": .equals("is_owner")])),
                    dropPlan,
                ]),
            Contract(
                id: "share.unknown-email", area: area,
                summary: "an email with no account is a 404 naming the change: v2 keeps no pending invitations",
                source: source("POST /plans/:id/share"),
                classification: .v2Change("pending invitations are dropped by the design (DECISIONS.md §D2); v1 stored one and mailed a link"),
                mutates: false, needs: [.owner],
                steps: [
                    Step("unknown", post("/plans/{plan.id}/share", as: .owner, ["email": "nobody-{run}@example.com", "role": "viewer"]))
                        .expect(status: 404).expect(body: .keys(["error": .string, "type": .equals("user_not_found")]))
                ]),
            Contract(
                id: "share.refused", area: area,
                summary: "a valid email and role are required; only owners and admins share; a missing plan is 404",
                source: source("POST /plans/:id/share"), classification: .compatible, mutates: false, needs: [.owner, .editor],
                steps: [
                    Step("bad-email", post("/plans/{plan.id}/share", as: .owner, ["email": "not an email"]))
                        .expect(status: 400).expect(body: .error("Valid email address required")),
                    Step("bad-role", post("/plans/{plan.id}/share", as: .owner, ["email": "a@example.com", "role": "owner"]))
                        .expect(status: 400).expect(body: .error("Role must be viewer, editor, or admin")),
                    Step("editor", post("/plans/{plan.id}/share", as: .editor, ["email": "a@example.com"]))
                        .expect(status: 403).expect(body: .error("Only plan owners and admins can share")),
                    Step("stranger", post("/plans/{plan.id}/share", as: .stranger, ["email": "a@example.com"]))
                        .expect(status: 403).expect(body: .error("Only plan owners and admins can share")),
                    Step("missing", post("/plans/\(missing)/share", as: .owner, ["email": "a@example.com"]))
                        .expect(status: 404).expect(body: .error("Plan not found")),
                ]),
            Contract(
                id: "share.invitation-routes", area: area,
                summary: "with no pending invitations the list is empty, revoking succeeds, and tokens are unknown; access as v1",
                source: source("GET /:id/invites, DELETE /:planId/invites/:inviteId, POST /accept/:token, GET /info/:token"),
                classification: .compatible, mutates: false, needs: [.owner, .viewer],
                steps: [
                    Step("list", .get("/plans/{plan.id}/invites", as: .owner)).expect(status: 200).expect(
                        body: .keys(["invites": .arrayCount(0, of: .any)])),
                    Step("viewer-list", .get("/invites/{plan.id}/invites", as: .viewer)).expect(status: 403).expect(body: .error("Access denied")),
                    Step("missing-list", .get("/plans/\(missing)/invites", as: .owner)).expect(status: 404).expect(body: .error("Plan not found")),
                    Step("revoke", RequestSpec("DELETE", "/plans/{plan.id}/invites/\(missing)", as: .owner)).expect(status: 200)
                        .expect(body: .keys(["success": .equals(true), "message": .equals("Invitation revoked")])),
                    Step("viewer-revoke", RequestSpec("DELETE", "/plans/{plan.id}/invites/\(missing)", as: .viewer)).expect(status: 403)
                        .expect(body: .error("Access denied")),
                    Step("accept", RequestSpec("POST", "/invites/accept/\(missing)", as: .viewer)).expect(status: 404)
                        .expect(body: .error("Invalid or expired invitation")),
                    Step("accept-anonymous", RequestSpec("POST", "/invites/accept/\(missing)")).expect(status: 401).expect(body: .anyError),
                    Step("info", .get("/invites/info/not-a-token")).expect(status: 404).expect(body: .error("Invalid or expired invitation")),
                    Step("info-plans", .get("/plans/info/\(missing)")).expect(status: 404).expect(body: .error("Invalid or expired invitation")),
                ]),
        ]
    }
}
