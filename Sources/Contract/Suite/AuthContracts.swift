import AgentPlannerCore

/// The `/auth` surface (ROUTES.md §2, §4.1; DECISIONS.md §D3).
enum AuthContracts {
    static let area = "auth"
    static let controller = "src/controllers/auth.controller.js"
    static let middleware = "src/middleware/auth.middleware.js"

    static func post(_ path: String, _ body: JSONValue, as actor: ActorRole = .anonymous, headers: [String: String] = [:])
        -> RequestSpec
    {
        RequestSpec("POST", path, as: actor, headers: headers, body: .json(JSONValueTemplate(body)))
    }

    /// `{id, email, name, organization?, email_verified}`.
    static let userSummary = JSONMatcher.keys([
        "id": .uuid, "email": .string, "name": .string, "organization": .optional(.string), "email_verified": .bool,
    ])

    /// Supabase's session object: these keys at least (GoTrue sends more).
    static let session = JSONMatcher.object(
        [
            "access_token": .jwt, "token_type": .equals("bearer"), "expires_in": .integer, "expires_at": .integer,
            "refresh_token": .string, "user": .object(["id": .uuid, "email": .string], exact: false),
        ], exact: false)

    /// The opaque refresh token and the unix expiry differ on every run.
    static let sessionVolatile: [JSONPath: JSONMatcher] = [
        "$.session.refresh_token": .string, "$.session.expires_at": .integer,
    ]

    static let profileShape = JSONMatcher.keys([
        "id": .uuid, "email": .string, "name": .optional(.string), "organization": .optional(.string),
        "avatar_url": .optional(.string), "email_verified": .bool, "created_at": .timestamp, "updated_at": .timestamp,
    ])

    static let invalidCredentials = JSONMatcher.keys([
        "error": .equals("Invalid email or password. Please check your credentials and try again."),
        "code": .equals("INVALID_CREDENTIALS"),
    ])

    static var all: [Contract] {
        var contracts: [Contract] = registration
        contracts += login
        contracts += sessions
        contracts += passwords
        contracts += profile
        contracts += tokens
        contracts += matrix
        return contracts
    }

    static let registration: [Contract] = [
        Contract(
            id: "auth.register", area: area, summary: "register answers 201 with the user and a Supabase session",
            source: V1Source(route: "POST /auth/register", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step(
                    "register",
                    post("/auth/register", ["email": "new+{run}@contract.agentplanner.test", "password": "long-enough-1", "name": "New {run}"])
                )
                .expect(status: 201)
                .expect(body: .keys(["user": userSummary, "session": session, "converted_invites": .arrayCount(0, of: .any)]))
                .expect(
                    body: .object(["user": .object(["email_verified": .equals(false), "name": .equals("New {run}")], exact: false)], exact: false)
                )
                .capture("token", at: "$.session.access_token")
                .golden(volatile: sessionVolatile),
                Step("profile", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {token}"]))
                    .expect(status: 200)
                    .expect(body: profileShape),
            ]),
        Contract(
            id: "auth.register-name-defaults-to-local-part", area: area,
            summary: "without a name, the name is the email's local part",
            source: V1Source(route: "POST /auth/register", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("register", post("/auth/register", ["email": "plain{run}@contract.agentplanner.test", "password": "long-enough-1"]))
                    .expect(status: 201)
                    .expect(body: .object(["user": .object(["name": .equals("plain{run}")], exact: false)], exact: false))
            ]),
        Contract(
            id: "auth.register-missing-fields", area: area, summary: "register without email or password is a 400",
            source: V1Source(route: "POST /auth/register", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("empty", post("/auth/register", [:])).expect(status: 400).expect(body: .error("Email and password are required")).golden(),
                Step("no-password", post("/auth/register", ["email": "x+{run}@contract.agentplanner.test"]))
                    .expect(status: 400).expect(body: .error("Email and password are required")),
            ]),
        Contract(
            id: "auth.register-weak-password", area: area, summary: "a short password is refused with Supabase's 400",
            source: V1Source(route: "POST /auth/register", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("short", post("/auth/register", ["email": "weak+{run}@contract.agentplanner.test", "password": "123"]))
                    .expect(status: 400).expect(body: .anyError)
            ]),
        Contract(
            id: "auth.register-duplicate", area: area, summary: "registering a taken email again (any case) is a 400",
            source: V1Source(route: "POST /auth/register", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("first", post("/auth/register", ["email": "dup+{run}@contract.agentplanner.test", "password": "long-enough-1"]))
                    .expect(status: 201).expect(body: .object(["user": userSummary], exact: false)),
                Step("again", post("/auth/register", ["email": "DUP+{run}@contract.agentplanner.test", "password": "long-enough-1"]))
                    .expect(status: 400).expect(body: .anyError),
            ]),
        Contract(
            id: "auth.register-malformed-json", area: area, summary: "a malformed JSON body is a 400, not a 500",
            source: V1Source(route: "express.json()", file: "src/index.js"), classification: .compatible, mutates: false,
            steps: [
                Step("broken", RequestSpec("POST", "/auth/register", body: .raw("{\"email\": ", contentType: "application/json")))
                    .expect(status: 400).expect(body: .anyError)
            ]),
        Contract(
            id: "auth.register-wrong-types", area: area, summary: "an email that is not a string is a clear 400",
            source: V1Source(route: "POST /auth/register", file: controller),
            classification: .v1Defect("non-string fields went to Supabase and came back as its error text"), mutates: false,
            steps: [
                Step("number", post("/auth/register", ["email": 42, "password": "long-enough-1"]))
                    .expect(status: 400).expect(body: .anyError)
            ]),
    ]

    static let login: [Contract] = [
        Contract(
            id: "auth.login", area: area, summary: "login answers the user and a Supabase session",
            source: V1Source(route: "POST /auth/login", file: controller), classification: .compatible, mutates: true,
            needs: [.owner],
            steps: [
                Step("login", post("/auth/login", ["email": "{owner.email}", "password": "{owner.password}"]))
                    .expect(status: 200)
                    .expect(body: .keys(["user": userSummary, "session": session, "converted_invites": .array(.any)]))
                    .expect(body: .object(["user": .object(["id": .variable("owner.id")], exact: false)], exact: false))
                    .golden(volatile: sessionVolatile)
            ]),
        Contract(
            id: "auth.login-email-any-case", area: area, summary: "login matches the email without case, as GoTrue did",
            source: V1Source(route: "POST /auth/login", file: controller), classification: .compatible, mutates: true,
            needs: [.owner],
            steps: [
                Step("login", post("/auth/login", ["email": "OWNER+{run}@CONTRACT.agentplanner.test", "password": "{owner.password}"]))
                    .expect(status: 200).expect(body: .object(["user": .object(["id": .variable("owner.id")], exact: false)], exact: false))
            ]),
        Contract(
            id: "auth.login-wrong-password", area: area, summary: "a wrong password is v1's INVALID_CREDENTIALS 401",
            source: V1Source(route: "POST /auth/login", file: controller), classification: .compatible, mutates: false,
            needs: [.owner],
            steps: [
                Step("login", post("/auth/login", ["email": "{owner.email}", "password": "not-the-password"]))
                    .expect(status: 401).expect(body: invalidCredentials).golden()
            ]),
        Contract(
            id: "auth.login-unknown-email", area: area, summary: "an unknown email answers exactly like a wrong password",
            source: V1Source(route: "POST /auth/login", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("login", post("/auth/login", ["email": "nobody+{run}@contract.agentplanner.test", "password": "whatever-1"]))
                    .expect(status: 401).expect(body: invalidCredentials)
            ]),
        Contract(
            id: "auth.login-missing-fields", area: area, summary: "login without email or password is a 400",
            source: V1Source(route: "POST /auth/login", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("login", post("/auth/login", ["email": "someone@contract.agentplanner.test"]))
                    .expect(status: 400).expect(body: .error("Email and password are required"))
            ]),
    ]

    static let sessions: [Contract] = [
        Contract(
            id: "auth.refresh-rotates", area: area,
            summary: "refresh answers new tokens; the old refresh token then fails and revokes the login",
            source: V1Source(route: "POST /auth/refresh", file: controller),
            classification: .v2Change("refresh tokens are opaque, rotated on use, and reuse revokes the family (D3)"),
            mutates: true, needs: [.owner],
            steps: [
                Step("login", post("/auth/login", ["email": "{owner.email}", "password": "{owner.password}"]))
                    .expect(status: 200).expect(body: .object(["session": session], exact: false))
                    .capture("refresh1", at: "$.session.refresh_token"),
                Step("refresh", post("/auth/refresh", ["refresh_token": "{refresh1}"]))
                    .expect(status: 200)
                    .expect(body: .keys(["access_token": .jwt, "refresh_token": .string, "expires_at": .integer]))
                    .capture("access2", at: "$.access_token").capture("refresh2", at: "$.refresh_token")
                    .golden(volatile: ["$.refresh_token": .string, "$.expires_at": .integer]),
                Step("new-token-works", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {access2}"]))
                    .expect(status: 200).expect(body: .object(["id": .variable("owner.id")], exact: false)),
                Step("reuse-old", post("/auth/refresh", ["refresh_token": "{refresh1}"]))
                    .expect(status: 401).expect(body: .error("Invalid or expired refresh token")),
                Step("family-revoked", post("/auth/refresh", ["refresh_token": "{refresh2}"]))
                    .expect(status: 401).expect(body: .error("Invalid or expired refresh token")),
                Step("access-revoked", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {access2}"]))
                    .expect(status: 401).expect(body: .error("Invalid session token")),
            ]),
        Contract(
            id: "auth.refresh-errors", area: area, summary: "refresh without a token is 400; with a bad one 401",
            source: V1Source(route: "POST /auth/refresh", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("missing", post("/auth/refresh", [:])).expect(status: 400).expect(body: .error("Refresh token is required")),
                Step("bad", post("/auth/refresh", ["refresh_token": "not-a-token-{run}"]))
                    .expect(status: 401).expect(body: .error("Invalid or expired refresh token")),
            ]),
        Contract(
            id: "auth.logout-revokes", area: area, summary: "logout answers v1's message and ends the session",
            source: V1Source(route: "POST /auth/logout", file: controller),
            classification: .v2Change("v1's logout revoked nothing; v2 revokes the session (D3)"), mutates: true,
            needs: [.owner],
            steps: [
                Step("login", post("/auth/login", ["email": "{owner.email}", "password": "{owner.password}"]))
                    .expect(status: 200).expect(body: .object(["session": session], exact: false))
                    .capture("access", at: "$.session.access_token"),
                Step("logout", post("/auth/logout", [:], headers: ["Authorization": "Bearer {access}"]))
                    .expect(status: 200).expect(body: .keys(["message": .equals("Successfully logged out")])).golden(),
                Step("after", RequestSpec.get("/auth/profile", headers: ["Authorization": "Bearer {access}"]))
                    .expect(status: 401).expect(body: .error("Invalid session token")),
            ]),
        Contract(
            id: "auth.logout-anonymous", area: area, summary: "logout without a session still answers 200",
            source: V1Source(route: "POST /auth/logout", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("logout", post("/auth/logout", [:])).expect(status: 200).expect(body: .keys(["message": .equals("Successfully logged out")]))
            ]),
    ]

    static let passwords: [Contract] = [
        Contract(
            id: "auth.forgot-password", area: area, summary: "forgot-password says the same for known and unknown emails",
            source: V1Source(route: "POST /auth/forgot-password", file: controller), classification: .compatible,
            mutates: false, needs: [.owner],
            steps: [
                Step("known", post("/auth/forgot-password", ["email": "{owner.email}"])).expect(status: 200)
                    .expect(body: .keys(["message": .equals("If an account exists with that email, a password reset link has been sent.")])),
                Step("unknown", post("/auth/forgot-password", ["email": "nobody+{run}@contract.agentplanner.test"])).expect(status: 200)
                    .expect(body: .keys(["message": .equals("If an account exists with that email, a password reset link has been sent.")])),
                Step("missing", post("/auth/forgot-password", [:])).expect(status: 400).expect(body: .error("Email is required")),
            ]),
        Contract(
            id: "auth.reset-password-checks-token", area: area, summary: "reset-password refuses a token that is not genuine",
            source: V1Source(route: "POST /auth/reset-password", file: controller),
            classification: .v1Defect("v1 ignored the token and changed the password of whatever session the process last held"),
            mutates: false,
            steps: [
                Step("forged", post("/auth/reset-password", ["token": "forged-{run}", "password": "new-password-1"]))
                    .expect(status: 400).expect(body: .error("Invalid or expired reset token")),
                Step("missing", post("/auth/reset-password", ["token": "x"]))
                    .expect(status: 400).expect(body: .error("Token and new password are required")),
            ]),
        Contract(
            id: "auth.verify-email-errors", area: area, summary: "verify-email needs a genuine token",
            source: V1Source(route: "POST /auth/verify-email", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("missing", post("/auth/verify-email", [:])).expect(status: 400).expect(body: .error("Verification token is required")),
                Step("forged", post("/auth/verify-email", ["token": "forged-{run}"]))
                    .expect(status: 400).expect(body: .error("Invalid or expired verification token")),
            ]),
        Contract(
            id: "auth.resend-verification", area: area, summary: "resend-verification does not tell who is registered",
            source: V1Source(route: "POST /auth/resend-verification", file: controller),
            classification: .v1Defect("v1 answered 'Email is already verified' for confirmed users, revealing them"),
            mutates: false, needs: [.owner],
            steps: [
                Step("known", post("/auth/resend-verification", ["email": "{owner.email}"])).expect(status: 200)
                    .expect(body: .keys(["message": .equals("If an account exists with that email, a verification link has been sent.")])),
                Step("unknown", post("/auth/resend-verification", ["email": "nobody+{run}@contract.agentplanner.test"])).expect(status: 200)
                    .expect(body: .keys(["message": .equals("If an account exists with that email, a verification link has been sent.")])),
                Step("missing", post("/auth/resend-verification", [:])).expect(status: 400).expect(body: .error("Email is required")),
            ]),
        Contract(
            id: "auth.change-password", area: area, summary: "change-password checks the current password, then logins use the new one",
            source: V1Source(route: "POST /auth/change-password", file: controller), classification: .compatible,
            mutates: true, needs: [.stranger],
            steps: [
                Step("missing", post("/auth/change-password", ["currentPassword": "{stranger.password}"], as: .stranger))
                    .expect(status: 400).expect(body: .error("Current password and new password are required")),
                Step(
                    "wrong-current",
                    post("/auth/change-password", ["currentPassword": "wrong-password-1", "newPassword": "another-password-1"], as: .stranger)
                )
                .expect(status: 401).expect(body: .error("Current password is incorrect")),
                Step(
                    "change",
                    post("/auth/change-password", ["currentPassword": "{stranger.password}", "newPassword": "another-password-1"], as: .stranger)
                )
                .expect(status: 200).expect(body: .keys(["message": .equals("Password has been successfully changed")])),
                Step("old-fails", post("/auth/login", ["email": "{stranger.email}", "password": "{stranger.password}"]))
                    .expect(status: 401).expect(body: invalidCredentials),
                Step("new-works", post("/auth/login", ["email": "{stranger.email}", "password": "another-password-1"]))
                    .expect(status: 200).expect(body: .object(["user": userSummary], exact: false)),
                Step(
                    "restore",
                    post("/auth/change-password", ["currentPassword": "another-password-1", "newPassword": "{stranger.password}"], as: .stranger)
                )
                .expect(status: 200).expect(body: .keys(["message": .string])),
            ]),
    ]

    static let profile: [Contract] = [
        Contract(
            id: "auth.profile", area: area, summary: "GET /auth/profile answers the caller's profile",
            source: V1Source(route: "GET /auth/profile", file: controller), classification: .compatible, mutates: false,
            steps: [
                Step("profile", .get("/auth/profile", as: .owner)).expect(status: 200).expect(body: profileShape)
                    .expect(body: .object(["id": .variable("owner.id"), "email": .variable("owner.email")], exact: false))
                    .golden()
            ]),
        Contract(
            id: "auth.profile-update", area: area, summary: "PUT /auth/profile changes only the keys sent",
            source: V1Source(route: "PUT /auth/profile", file: controller), classification: .compatible, mutates: true,
            steps: [
                Step("update", RequestSpec("PUT", "/auth/profile", as: .owner, body: .json(["organization": "Contract Org {run}"])))
                    .expect(status: 200).expect(body: profileShape)
                    .expect(body: .object(["organization": .equals("Contract Org {run}"), "name": .equals("Contract owner {run}")], exact: false)),
                Step("read", .get("/auth/profile", as: .owner)).expect(status: 200)
                    .expect(body: .object(["organization": .equals("Contract Org {run}")], exact: false)),
            ]),
    ]
}
