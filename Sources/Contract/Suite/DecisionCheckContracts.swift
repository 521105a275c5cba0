import AgentPlannerCore

/// Who may do what with decisions, and v1's strict validation (ROUTES.md §4.5, §1.5).
enum DecisionChecks {
    static let area = DecisionContracts.area
    static let row = DecisionContracts.row
    static func source(_ route: String) -> V1Source { DecisionContracts.source(route) }
    static func invalid(_ field: String, _ message: String, code: String) -> JSONMatcher {
        DecisionContracts.invalid(field, message, code: code)
    }
    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        DecisionContracts.post(path, as: actor, body)
    }

    static let elevenOptions = JSONValue.array((1...11).map { ["option": .string("Option \($0)")] })
    static let bigMetadata: JSONValue = ["blob": .string(String(repeating: "x", count: 10_300))]

    static let all: [Contract] = [
        Contract(
            id: "decisions.access", area: area,
            summary: "viewers read but may not create; strangers get 403; only the owner deletes (204, even twice)",
            source: source("decision.routes.js"), classification: .compatible, mutates: true,
            needs: [.owner, .editor, .viewer],
            steps: [
                Step("editor-creates", post("/plans/{plan.id}/decisions", as: .editor, ["title": "Access {run}", "context": "c"]))
                    .expect(status: 201).expect(body: row).capture("d", at: "$.id"),
                Step("viewer-creates", post("/plans/{plan.id}/decisions", as: .viewer, ["title": "No", "context": "c"]))
                    .expect(status: 403).expect(body: .error("You do not have edit access to this plan")),
                Step("viewer-reads", .get("/plans/{plan.id}/decisions/{d}", as: .viewer)).expect(status: 200).expect(body: row),
                Step("viewer-resolves", post("/plans/{plan.id}/decisions/{d}/resolve", as: .viewer, ["decision": "x"]))
                    .expect(status: 403).expect(body: .error("You do not have edit access to this plan")),
                Step("stranger-lists", .get("/plans/{plan.id}/decisions", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
                Step("stranger-counts", .get("/plans/{plan.id}/decisions/pending-count", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
                Step("editor-deletes", RequestSpec("DELETE", "/plans/{plan.id}/decisions/{d}", as: .editor)).expect(status: 403)
                    .expect(body: .error("Only plan owners can delete decision requests")),
                Step("owner-deletes", RequestSpec("DELETE", "/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 204),
                Step("delete-again", RequestSpec("DELETE", "/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 204),
                Step("gone", .get("/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 404)
                    .expect(body: .error("Decision request not found")),
                Step("bad-id", .get("/plans/{plan.id}/decisions/not-a-uuid", as: .owner)).expect(status: 400)
                    .expect(body: invalid("decisionId", "Invalid UUID", code: "invalid_format")),
                Step("anonymous", .get("/plans/{plan.id}/decisions")).expect(status: 401)
                    .expect(body: .error("Authentication required")),
            ]),
        Contract(
            id: "decisions.list-query-strict", area: area,
            summary: "the list query is strict: unknown parameters, bad enums and limits out of 1–100 answer 400",
            source: source("GET /plans/:id/decisions"), classification: .compatible, mutates: false, needs: [.owner],
            steps: [
                Step("unknown", .get("/plans/{plan.id}/decisions?page=2", as: .owner)).expect(status: 400)
                    .expect(body: DecisionContracts.validationFailed)
                    .expect(body: invalid("root", "Unrecognized key: \"page\"", code: "unrecognized_keys")).golden(),
                Step("limit-zero", .get("/plans/{plan.id}/decisions?limit=0", as: .owner)).expect(status: 400)
                    .expect(body: invalid("limit", "Too small: expected number to be >=1", code: "too_small")),
                Step("limit-big", .get("/plans/{plan.id}/decisions?limit=101", as: .owner)).expect(status: 400)
                    .expect(body: invalid("limit", "Too big: expected number to be <=100", code: "too_big")),
                Step("limit-text", .get("/plans/{plan.id}/decisions?limit=ten", as: .owner)).expect(status: 400)
                    .expect(body: invalid("limit", "Invalid input: expected number, received NaN", code: "invalid_type")),
                Step("offset-negative", .get("/plans/{plan.id}/decisions?offset=-1", as: .owner)).expect(status: 400)
                    .expect(body: invalid("offset", "Too small: expected number to be >=0", code: "too_small")),
                Step("status", .get("/plans/{plan.id}/decisions?status=open", as: .owner)).expect(status: 400)
                    .expect(
                        body: invalid(
                            "status", "Invalid option: expected one of \"pending\"|\"decided\"|\"expired\"|\"cancelled\"", code: "invalid_value")),
                Step("node", .get("/plans/{plan.id}/decisions?node_id=42", as: .owner)).expect(status: 400)
                    .expect(body: invalid("node_id", "Invalid UUID", code: "invalid_format")),
                Step("before-access", .get("/plans/{plan.id}/decisions?limit=0", as: .stranger)).expect(status: 400)
                    .expect(body: DecisionContracts.validationFailed),
            ]),
        Contract(
            id: "decisions.create-validation", area: area,
            summary: "create is strict: title and context required, at most 10 strict options, ISO-Z expires_at, nodes of this plan",
            source: source("POST /plans/:id/decisions"), classification: .compatible, mutates: false,
            needs: [.owner],
            steps: [
                Step("missing", post("/plans/{plan.id}/decisions", as: .owner, ["context": "c"])).expect(status: 400)
                    .expect(body: DecisionContracts.validationFailed)
                    .expect(body: invalid("title", "Invalid input: expected string, received undefined", code: "invalid_type")).golden(),
                Step("empty-title", post("/plans/{plan.id}/decisions", as: .owner, ["title": "", "context": "c"])).expect(status: 400)
                    .expect(body: invalid("title", "Too small: expected string to have >=1 characters", code: "too_small")),
                Step(
                    "long-title",
                    post("/plans/{plan.id}/decisions", as: .owner, ["title": .string(String(repeating: "t", count: 201)), "context": "c"])
                )
                .expect(status: 400).expect(body: invalid("title", "Too big: expected string to have <=200 characters", code: "too_big")),
                Step("eleven-options", post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "options": elevenOptions]))
                    .expect(status: 400).expect(body: invalid("options", "Too big: expected array to have <=10 items", code: "too_big")),
                Step(
                    "option-key",
                    post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "options": [["option": "A", "label": "a"]]])
                )
                .expect(status: 400).expect(body: invalid("options.0", "Unrecognized key: \"label\"", code: "unrecognized_keys")),
                Step(
                    "long-pro",
                    post(
                        "/plans/{plan.id}/decisions", as: .owner,
                        ["title": "t", "context": "c", "options": [["option": "A", "pros": [.string(String(repeating: "p", count: 501))]]]])
                )
                .expect(status: 400).expect(body: invalid("options.0.pros.0", "Too big: expected string to have <=500 characters", code: "too_big")),
                Step("empty-option", post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "options": [["option": ""]]]))
                    .expect(status: 400).expect(
                        body: invalid("options.0.option", "Too small: expected string to have >=1 characters", code: "too_small")),
                Step("urgency", post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "urgency": "urgent"]))
                    .expect(status: 400).expect(
                        body: invalid(
                            "urgency", "Invalid option: expected one of \"blocking\"|\"can_continue\"|\"informational\"", code: "invalid_value")),
                Step(
                    "offset-date",
                    post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "expires_at": "2030-01-01T00:00:00+02:00"])
                )
                .expect(status: 400).expect(body: invalid("expires_at", "Invalid ISO datetime", code: "invalid_format")),
                Step("unknown-key", post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "status": "decided"]))
                    .expect(status: 400).expect(body: invalid("root", "Unrecognized key: \"status\"", code: "unrecognized_keys")),
                Step(
                    "foreign-node",
                    post("/plans/{plan.id}/decisions", as: .owner, ["title": "t", "context": "c", "node_id": "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"])
                )
                .expect(status: 400).expect(body: .error("Node not found in this plan")),
                Step("bad-plan-id", post("/plans/nope/decisions", as: .owner, ["title": "t", "context": "c"])).expect(status: 400)
                    .expect(body: invalid("id", "Invalid UUID", code: "invalid_format")),
            ]),
        Contract(
            id: "decisions.metadata", area: area,
            summary: "non-empty metadata up to 10 KB is stored; over 10 KB answers v1's intended 400",
            source: source("POST /plans/:id/decisions"),
            classification: .v1Defect("v1's single-argument z.record made any non-empty metadata a 500 (ROUTES.md §1.5)"),
            mutates: true, needs: [.owner],
            steps: [
                Step(
                    "small",
                    post("/plans/{plan.id}/decisions", as: .owner, ["title": "Meta {run}", "context": "c", "metadata": ["agent": ["run": "{run}"]]])
                )
                .expect(status: 201).expect(body: row).expect(body: .object(["metadata": .equals(["agent": ["run": "{run}"]])], exact: false))
                .capture("d", at: "$.id"),
                Step("big", post("/plans/{plan.id}/decisions", as: .owner, ["title": "Meta", "context": "c", "metadata": bigMetadata]))
                    .expect(status: 400).expect(body: invalid("metadata", "Metadata must be less than 10KB", code: "custom")),
                Step(
                    "big-update",
                    RequestSpec("PUT", "/plans/{plan.id}/decisions/{d}", as: .owner, body: .json(JSONValueTemplate(["metadata": bigMetadata])))
                )
                .expect(status: 400).expect(body: invalid("metadata", "Metadata must be less than 10KB", code: "custom")),
                Step("not-object", post("/plans/{plan.id}/decisions", as: .owner, ["title": "Meta", "context": "c", "metadata": "x"]))
                    .expect(status: 400).expect(body: invalid("metadata", "Invalid input: expected record, received string", code: "invalid_type")),
                Step("cleanup", RequestSpec("DELETE", "/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "decisions.resolve-validation", area: area,
            summary: "resolve needs a non-empty decision (≤ 2000) and nothing else; cancel reasons are at most 500",
            source: source("POST /plans/:id/decisions/:decisionId/resolve"), classification: .compatible, mutates: true,
            needs: [.owner],
            steps: [
                Step("create", post("/plans/{plan.id}/decisions", as: .owner, ["title": "Validate {run}", "context": "c"]))
                    .expect(status: 201).expect(body: row).capture("d", at: "$.id"),
                Step("empty", post("/plans/{plan.id}/decisions/{d}/resolve", as: .owner, ["decision": ""])).expect(status: 400)
                    .expect(body: invalid("decision", "Too small: expected string to have >=1 characters", code: "too_small")),
                Step("missing", post("/plans/{plan.id}/decisions/{d}/resolve", as: .owner, ["rationale": "why"])).expect(status: 400)
                    .expect(body: invalid("decision", "Invalid input: expected string, received undefined", code: "invalid_type")),
                Step("long", post("/plans/{plan.id}/decisions/{d}/resolve", as: .owner, ["decision": .string(String(repeating: "d", count: 2001))]))
                    .expect(status: 400).expect(body: invalid("decision", "Too big: expected string to have <=2000 characters", code: "too_big")),
                Step("extra", post("/plans/{plan.id}/decisions/{d}/resolve", as: .owner, ["decision": "x", "status": "decided"]))
                    .expect(status: 400).expect(body: invalid("root", "Unrecognized key: \"status\"", code: "unrecognized_keys")),
                Step(
                    "long-reason", post("/plans/{plan.id}/decisions/{d}/cancel", as: .owner, ["reason": .string(String(repeating: "r", count: 501))])
                )
                .expect(status: 400).expect(body: invalid("reason", "Too big: expected string to have <=500 characters", code: "too_big")),
                Step("still-pending", .get("/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 200)
                    .expect(body: .object(["status": .equals("pending")], exact: false)),
                Step("cleanup", RequestSpec("DELETE", "/plans/{plan.id}/decisions/{d}", as: .owner)).expect(status: 204),
            ]),
    ]
}
