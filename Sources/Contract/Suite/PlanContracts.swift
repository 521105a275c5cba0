import AgentPlannerCore

/// Plans and collaborators (ROUTES.md §4.2), with the authorisation matrix on the fixture plan.
enum PlanContracts {
    static let area = "plans"
    static let controller = "src/controllers/plan.controller.js"

    static let created = JSONMatcher.keys([
        "id": .uuid, "title": .string, "description": .string, "status": .string, "created_at": .timestamp,
        "updated_at": .timestamp, "owner_id": .uuid, "progress": .integer,
    ])

    static let planRow: [String: JSONMatcher] = [
        "id": .uuid, "title": .string, "description": .nullable(.string), "owner_id": .uuid, "created_at": .timestamp,
        "updated_at": .timestamp, "status": .string, "metadata": .any, "is_public": .bool,
        "github_repo_owner": .nullable(.string), "github_repo_name": .nullable(.string), "visibility": .string,
        "github_repo_url": .nullable(.string), "github_repo_full_name": .nullable(.string),
    ]

    static var detail: JSONMatcher {
        var fields = planRow
        fields["root_node"] = .keys([
            "id": .uuid, "node_type": .equals("root"), "title": .string, "description": .nullable(.string),
            "status": .string, "created_at": .timestamp, "updated_at": .timestamp, "context": .nullable(.string),
            "agent_instructions": .nullable(.string),
        ])
        fields["is_owner"] = .bool
        fields["progress"] = .integer
        return .keys(fields)
    }

    static var listed: JSONMatcher {
        var fields = planRow
        fields.removeValue(forKey: "metadata")
        fields["role"] = .oneOf(["owner", "admin", "editor", "viewer"])
        fields["progress"] = .integer
        return .keys(fields)
    }

    static let validation = JSONMatcher.keys([
        "error": .equals("Validation failed"), "message": .string,
        "details": .array(.keys(["field": .string, "message": .string, "code": .string])),
    ])

    static func source(_ route: String) -> V1Source { V1Source(route: route, file: controller) }

    static var all: [Contract] { lifecycle + validationContracts + matrix + collaborators }

    static let lifecycle: [Contract] = [
        Contract(
            id: "plans.create-get-delete", area: area,
            summary: "create answers 201 with the plan; get shows its root node; delete answers 204, then 403",
            source: source("POST/GET/DELETE /plans"), classification: .compatible, mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Plan {run}", "description": "About {run}"])))
                    .expect(status: 201).expect(body: created)
                    .expect(body: .object(["status": .equals("draft"), "progress": .equals(0), "owner_id": .variable("owner.id")], exact: false))
                    .capture("planId", at: "$.id").golden(),
                Step("get", .get("/plans/{planId}", as: .owner)).expect(status: 200).expect(body: detail)
                    .expect(body: .object(["is_owner": .equals(true), "visibility": .equals("private"), "is_public": .equals(false)], exact: false))
                    .golden(),
                Step("delete", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
                Step("gone", .get("/plans/{planId}", as: .owner)).expect(status: 403).expect(body: .error("You do not have access to this plan")),
            ]),
        Contract(
            id: "plans.list", area: area, summary: "GET /plans lists owned plans and shared ones with the caller's role",
            source: source("GET /plans"), classification: .compatible, mutates: false, needs: [.owner, .viewer],
            steps: [
                Step("owner", .get("/plans", as: .owner)).expect(status: 200).expect(body: .array(listed)),
                Step("viewer", .get("/plans", as: .viewer)).expect(status: 200)
                    .expect(body: .arrayCount(1, of: .object(["id": .variable("plan.id"), "role": .equals("viewer")], exact: false))),
                Step("stranger", .get("/plans", as: .stranger)).expect(status: 200).expect(body: .arrayCount(0, of: .any)),
            ]),
        Contract(
            id: "plans.update-keeps-metadata", area: area,
            summary: "PUT changes the fields sent and keeps metadata when it is omitted",
            source: source("PUT /plans/:id"), classification: .v1Defect("every PUT overwrote metadata with {} when omitted"),
            mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Meta {run}", "metadata": ["team": "core"]])))
                    .expect(status: 201).expect(body: created).capture("planId", at: "$.id"),
                Step("update", RequestSpec("PUT", "/plans/{planId}", as: .owner, body: .json(["title": "Renamed {run}", "status": "active"])))
                    .expect(status: 200)
                    .expect(
                        body: .object(
                            [
                                "title": .equals("Renamed {run}"), "status": .equals("active"), "metadata": .equals(["team": "core"]),
                                "progress": .integer,
                            ], exact: false)),
                Step("root-follows", .get("/plans/{planId}", as: .owner)).expect(status: 200)
                    .expect(body: .object(["root_node": .object(["title": .equals("Renamed {run}")], exact: false)], exact: false)),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "plans.archive", area: area, summary: "DELETE ?archive=true archives instead of deleting",
            source: source("DELETE /plans/:id"), classification: .compatible, mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "Archive {run}"])))
                    .expect(status: 201).expect(body: created).capture("planId", at: "$.id"),
                Step("archive", RequestSpec("DELETE", "/plans/{planId}?archive=true", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["message": .equals("Plan archived successfully")])),
                Step("archived", .get("/plans/{planId}", as: .owner)).expect(status: 200)
                    .expect(body: .object(["status": .equals("archived")], exact: false)),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
    ]

    static let validationContracts: [Contract] = [
        Contract(
            id: "plans.create-validation", area: area, summary: "create validates strictly with v1's details shape",
            source: V1Source(route: "POST /plans", file: "src/validation/schemas/plan.schemas.js"),
            classification: .compatible, mutates: false,
            steps: [
                Step("no-title", RequestSpec("POST", "/plans", as: .owner, body: .json(["description": "x"])))
                    .expect(status: 400).expect(body: validation)
                    .expect(
                        body: .object(
                            [
                                "details": .arrayCount(
                                    1,
                                    of: .keys([
                                        "field": .equals("title"), "message": .equals("Invalid input: expected string, received undefined"),
                                        "code": .equals("invalid_type"),
                                    ]))
                            ], exact: false)
                    )
                    .golden(),
                Step("unknown-key", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "x", "visibility": "public"])))
                    .expect(status: 400)
                    .expect(
                        body: .object(
                            [
                                "message": .equals("Unrecognized key: \"visibility\""),
                                "details": .arrayCount(
                                    1, of: .object(["field": .equals("root"), "code": .equals("unrecognized_keys")], exact: false)),
                            ], exact: false)),
                Step("bad-status", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "x", "status": "done"])))
                    .expect(status: 400)
                    .expect(
                        body: .object(
                            ["message": .equals("status: Invalid option: expected one of \"draft\"|\"active\"|\"completed\"|\"archived\"")],
                            exact: false)),
                Step("empty-title", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": ""])))
                    .expect(status: 400).expect(body: .object(["message": .equals("title: Field cannot be empty")], exact: false)),
            ]),
        Contract(
            id: "plans.create-with-metadata", area: area, summary: "a plan with non-empty metadata is created",
            source: V1Source(route: "POST /plans", file: "src/validation/schemas/common.js"),
            classification: .v1Defect("zod 4's one-argument record made any non-empty metadata a 500"), mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/plans", as: .owner, body: .json(["title": "M {run}", "metadata": ["a": ["b": 1]]])))
                    .expect(status: 201).expect(body: created).capture("planId", at: "$.id"),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "plans.update-bad-id", area: area, summary: "PUT with a malformed id is v1's validation 400",
            source: source("PUT /plans/:id"), classification: .compatible, mutates: false,
            steps: [
                Step("put", RequestSpec("PUT", "/plans/not-a-uuid", as: .owner, body: .json(["title": "x"])))
                    .expect(status: 400).expect(body: validation)
            ]),
    ]

    /// Who may read, update and delete the fixture plan.
    static let matrix: [Contract] = {
        let denied = JSONMatcher.error("You do not have access to this plan")
        var contracts: [Contract] = []
        for role in [ActorRole.owner, .admin, .editor, .viewer] {
            contracts.append(
                Contract(
                    id: "plans.get-as-\(role.rawValue)", area: area, summary: "the \(role.rawValue) reads the plan",
                    source: source("GET /plans/:id"), classification: .compatible, mutates: false, needs: [.owner, role],
                    steps: [
                        Step("get", .get("/plans/{plan.id}", as: role)).expect(status: 200).expect(body: detail)
                            .expect(body: .object(["is_owner": .equals(.bool(role == .owner))], exact: false))
                    ]))
        }
        contracts += [
            Contract(
                id: "plans.get-refused", area: area,
                summary: "a stranger, a missing plan and a malformed id all answer 403; anonymous 401",
                source: source("GET /plans/:id"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("stranger", .get("/plans/{plan.id}", as: .stranger)).expect(status: 403).expect(body: denied),
                    Step("missing", .get("/plans/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", as: .stranger)).expect(status: 403).expect(body: denied),
                    Step("malformed", .get("/plans/not-a-uuid", as: .stranger)).expect(status: 403).expect(body: denied),
                    Step("anonymous", .get("/plans/{plan.id}")).expect(status: 401).expect(body: .error("Authentication required")),
                ]),
            Contract(
                id: "plans.update-refused", area: area, summary: "editors, viewers and strangers may not update the plan",
                source: source("PUT /plans/:id"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [ActorRole.editor, .viewer, .stranger].map { role in
                    Step(role.rawValue, RequestSpec("PUT", "/plans/{plan.id}", as: role, body: .json(["title": "Nope"])))
                        .expect(status: 403).expect(body: .error("You do not have permission to update this plan"))
                }),
            Contract(
                id: "plans.update-as-admin", area: area, summary: "an admin collaborator may update the plan",
                source: source("PUT /plans/:id"), classification: .compatible, mutates: true, needs: [.owner],
                steps: [
                    Step("update", RequestSpec("PUT", "/plans/{plan.id}", as: .admin, body: .json(["description": "Updated by admin {run}"])))
                        .expect(status: 200).expect(body: .object(["description": .equals("Updated by admin {run}")], exact: false))
                ]),
            Contract(
                id: "plans.delete-refused", area: area, summary: "only the owner deletes; a missing plan is 404",
                source: source("DELETE /plans/:id"), classification: .compatible, mutates: false, needs: [.owner],
                steps: [
                    Step("admin", RequestSpec("DELETE", "/plans/{plan.id}", as: .admin)).expect(status: 403)
                        .expect(body: .error("Only the plan owner can delete this plan")),
                    Step("missing", RequestSpec("DELETE", "/plans/6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6", as: .owner))
                        .expect(status: 404).expect(body: .error("Plan not found")),
                ]),
        ]
        return contracts
    }()

    static let collaborators: [Contract] = [
        Contract(
            id: "plans.collaborators-list", area: area, summary: "any member lists the owner and the collaborators",
            source: source("GET /plans/:id/collaborators"), classification: .compatible, mutates: false,
            needs: [.owner, .viewer, .editor, .admin],
            steps: [
                Step("viewer", .get("/plans/{plan.id}/collaborators", as: .viewer)).expect(status: 200)
                    .expect(
                        body: .keys([
                            "owner": .keys(["id": .variable("owner.id"), "name": .nullable(.string), "email": .variable("owner.email")]),
                            "collaborators": .arrayCount(
                                3,
                                of: .keys([
                                    "id": .uuid, "user": .keys(["id": .uuid, "name": .nullable(.string), "email": .nullable(.string)]),
                                    "role": .oneOf(["viewer", "editor", "admin"]), "created_at": .timestamp,
                                ])),
                        ])),
                Step("stranger", .get("/plans/{plan.id}/collaborators", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
            ]),
        Contract(
            id: "plans.collaborators-manage", area: area,
            summary: "admins add (201), re-add with another role (200) and remove (204); editors may not; anyone may leave",
            source: source("POST/DELETE /plans/:id/collaborators"), classification: .compatible, mutates: true,
            needs: [.owner, .admin, .editor, .stranger],
            steps: [
                Step(
                    "editor-refused",
                    RequestSpec("POST", "/plans/{plan.id}/collaborators", as: .editor, body: .json(["user_id": "{stranger.id}", "role": "viewer"]))
                )
                .expect(status: 403).expect(body: .error("You do not have permission to add collaborators")),
                Step(
                    "add",
                    RequestSpec("POST", "/plans/{plan.id}/collaborators", as: .admin, body: .json(["user_id": "{stranger.id}", "role": "viewer"]))
                )
                .expect(status: 201)
                .expect(
                    body: .keys([
                        "id": .uuid, "plan_id": .variable("plan.id"), "user_id": .variable("stranger.id"), "role": .equals("viewer"),
                        "created_at": .timestamp,
                    ])),
                Step(
                    "change-role",
                    RequestSpec("POST", "/plans/{plan.id}/collaborators", as: .admin, body: .json(["user_id": "{stranger.id}", "role": "editor"]))
                )
                .expect(status: 200).expect(body: .object(["role": .equals("editor")], exact: false)),
                Step("leave", RequestSpec("DELETE", "/plans/{plan.id}/collaborators/{stranger.id}", as: .stranger)).expect(status: 204),
                Step("no-access-after", .get("/plans/{plan.id}", as: .stranger)).expect(status: 403)
                    .expect(body: .error("You do not have access to this plan")),
                Step(
                    "bad-role",
                    RequestSpec("POST", "/plans/{plan.id}/collaborators", as: .admin, body: .json(["user_id": "{stranger.id}", "role": "owner"]))
                )
                .expect(status: 400).expect(body: validation),
            ]),
    ]
}
