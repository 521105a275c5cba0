import AgentPlannerCore

/// API tokens and the authentication matrix (ROUTES.md §2, §4.1).
extension AuthContracts {
    static let tokens: [Contract] = [
        Contract(
            id: "auth.token-lifecycle", area: area,
            summary: "create an API token (64 hex, shown once), list it, use it, revoke it (204), and it stops working",
            source: V1Source(route: "/auth/token", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["name": "ci {run}", "permissions": ["read", "write"]])))
                    .expect(status: 201)
                    .expect(
                        body: .keys([
                            "id": .uuid, "name": .equals("ci {run}"), "created_at": .timestamp, "permissions": .equals(["read", "write"]),
                            "token": .hexToken,
                        ])
                    )
                    .capture("tokenId", at: "$.id").capture("raw", at: "$.token")
                    .golden(),
                Step("list", .get("/auth/token", as: .owner)).expect(status: 200)
                    .expect(
                        body: .array(
                            .keys([
                                "id": .uuid, "name": .string, "created_at": .timestamp, "last_used": .nullable(.timestamp),
                                "permissions": .array(.string),
                            ]))),
                Step("use-bearer", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {raw}"]))
                    .expect(status: 200).expect(body: .object(["id": .variable("owner.id")], exact: false)),
                Step("use-apikey", RequestSpec.get("/auth/profile", headers: ["Authorization": "ApiKey {raw}"]))
                    .expect(status: 200).expect(body: .object(["id": .variable("owner.id")], exact: false)),
                Step("revoke", RequestSpec("DELETE", "/auth/token/{tokenId}", as: .owner)).expect(status: 204),
                // v1 looked the token up without the revoked flag, so revoking twice is 204 twice.
                Step("revoke-again", RequestSpec("DELETE", "/auth/token/{tokenId}", as: .owner)).expect(status: 204),
                Step("revoked-apikey", RequestSpec.get("/auth/profile", headers: ["Authorization": "ApiKey {raw}"]))
                    .expect(status: 401).expect(body: .error("API token has been revoked")),
                Step("revoked-bearer", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {raw}"]))
                    .expect(status: 401).expect(body: .error("Invalid session token")),
            ]),
        Contract(
            id: "auth.token-default-permissions", area: area, summary: "permissions default to [\"read\"]",
            source: V1Source(route: "POST /auth/token", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["name": "default {run}"])))
                    .expect(status: 201).expect(body: .object(["permissions": .equals(["read"])], exact: false))
                    .capture("tokenId", at: "$.id"),
                Step("cleanup", RequestSpec("DELETE", "/auth/token/{tokenId}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "auth.token-validation", area: area, summary: "token name and permissions are validated with v1's messages",
            source: V1Source(route: "POST /auth/token", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("no-name", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["permissions": ["read"]])))
                    .expect(status: 400).expect(body: .error("Token name is required")),
                Step("bad-permission", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["name": "x", "permissions": ["read", "root"]])))
                    .expect(status: 400).expect(body: .error("Invalid permission: root. Valid values are: read, write, admin")),
                Step("string-permissions", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["name": "x", "permissions": "read"])))
                    .expect(status: 400).expect(body: .error("Invalid permission: r. Valid values are: read, write, admin")),
            ]),
        Contract(
            id: "auth.token-revoke-bad-id", area: area, summary: "revoking a token id that is not a UUID is a 400",
            source: V1Source(route: "DELETE /auth/token/:id", file: controller),
            classification: .v1Defect("v1 answered 500 with the raw Postgres message"), mutates: false,
            steps: [
                Step("revoke", RequestSpec("DELETE", "/auth/token/not-a-uuid", as: .owner)).expect(status: 400).expect(body: .anyError)
            ]),
        Contract(
            id: "auth.token-revoke-foreign", area: area, summary: "another user's token cannot be revoked: 404",
            source: V1Source(route: "DELETE /auth/token/:id", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("create", RequestSpec("POST", "/auth/token", as: .owner, body: .json(["name": "mine {run}"])))
                    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)).capture("tokenId", at: "$.id"),
                Step("stranger-revokes", RequestSpec("DELETE", "/auth/token/{tokenId}", as: .stranger))
                    .expect(status: 404).expect(body: .error("Token not found")),
                Step("cleanup", RequestSpec("DELETE", "/auth/token/{tokenId}", as: .owner)).expect(status: 204),
            ]),
    ]

    /// The authentication matrix on one protected endpoint.
    static let matrix: [Contract] = {
        func refused(
            _ id: String, _ summary: String, _ header: String?, _ message: String, _ klass: ContractClass = .compatible, needs: [ActorRole] = []
        )
            -> Contract
        {
            Contract(
                id: "auth.matrix-\(id)", area: area, summary: summary,
                source: V1Source(route: "authenticate", file: middleware), classification: klass, mutates: false, needs: needs,
                steps: [
                    Step("profile", RequestSpec.get("/auth/profile", headers: header.map { ["Authorization": $0] } ?? [:]))
                        .expect(status: 401).expect(body: .error(message))
                ])
        }
        func accepted(_ id: String, _ summary: String, as actor: ActorRole) -> Contract {
            Contract(
                id: "auth.matrix-\(id)", area: area, summary: summary,
                source: V1Source(route: "authenticate", file: middleware), classification: .compatible, mutates: false,
                steps: [
                    Step("profile", .get("/auth/profile", as: actor)).expect(status: 200)
                        .expect(body: .object(["id": .variable("\(actor.rawValue).id")], exact: false))
                ])
        }
        return [
            refused("no-header", "no Authorization header", nil, "Authentication required"),
            refused("one-part", "a header without a scheme", "invalid", "Invalid authentication format"),
            refused("three-parts", "a header with three parts", "Bearer a b", "Invalid authentication format"),
            refused("double-space", "a double space", "Bearer  token", "Invalid authentication format"),
            refused(
                "wrong-scheme", "a Basic header", "Basic dXNlcjpwYXNz", #"Invalid authentication format. Use "Bearer <token>" or "ApiKey <token>"."#),
            refused(
                "lowercase-scheme", "the scheme is case-sensitive", "bearer abc",
                #"Invalid authentication format. Use "Bearer <token>" or "ApiKey <token>"."#),
            // HTTP strips the trailing space, so on the wire "Bearer " arrives as "Bearer" (one part), in v1 too.
            refused("empty-bearer", "an empty Bearer token", "Bearer ", "Invalid authentication format"),
            refused("garbage-bearer", "a Bearer value that is no token", "Bearer not.a.jwt", "Invalid session token"),
            refused("other-key", "a JWT signed with another key", "Bearer {forge.other_key.owner}", "Invalid session token", needs: [.owner]),
            refused(
                "alg-none", "a JWT with alg none", "Bearer {forge.alg_none.owner}", "Invalid session token",
                .v2Change("v2 verifies tokens itself, pinned to HS256 (D3)"), needs: [.owner]),
            refused(
                "unknown-hex-bearer", "an unknown 64-hex Bearer falls through to the JWT check", "Bearer \(String(repeating: "ab", count: 32))",
                "Invalid session token"),
            refused("unknown-apikey", "an unknown ApiKey", "ApiKey nope-{run}", "Invalid API token"),
            accepted("jwt", "a valid session token", as: .owner),
            accepted("api-token-bearer", "an API token as Bearer", as: .agent),
            Contract(
                id: "auth.matrix-api-token-apikey", area: area, summary: "an API token under the ApiKey scheme",
                source: V1Source(route: "authenticate", file: middleware), classification: .compatible, mutates: false,
                needs: [.agent],
                steps: [
                    Step("profile", RequestSpec.get("/auth/profile", headers: ["Authorization": "ApiKey {agent.token}"]))
                        .expect(status: 200).expect(body: .object(["id": .variable("agent.id")], exact: false))
                ]),
        ]
    }()
}
