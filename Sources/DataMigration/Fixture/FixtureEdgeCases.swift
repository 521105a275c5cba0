import Foundation

/// The rows issue 8 names as edge cases, added once whatever the scale. Each says what it exercises.
extension FixtureGenerator {
    /// Users first (other edge cases reference them); returns the canaries the verifier logs in with.
    func addEdgeCaseUsers(canaryHashes: [String]) -> FixtureCanaries {
        // The avatars bucket first: the users' Storage objects reference it.
        let opened = FixtureTime(micros: 1_704_067_200_000_000)
        buffer.add(
            "storage.buckets",
            [
                "id": .text("avatars"), "name": .text("avatars"), "owner": .null, "created_at": .time(opened), "updated_at": .time(opened),
                "public": .bool(true),
            ])
        for (index, hash) in canaryHashes.enumerated() {
            let id = addUser(email: FixtureCanaries.email(index), password: hash, name: "Canary \(index)")
            addToken(user: id, raw: FixtureCanaries.token(seed: options.seed, index: index, live: true), revoked: false)
            addToken(user: id, raw: FixtureCanaries.token(seed: options.seed, index: index, live: false), revoked: true)
        }
        // GitHub-only users: no password (one stored as empty string, one as NULL).
        addUser(email: "octo@example.com", github: ("583231", "octocat"), name: "The Octocat")
        let second = addUser(email: "hubber@example.com", github: ("9919", "hubber"))
        pendingSQL.append("UPDATE auth.users SET encrypted_password = NULL WHERE id = '\(second)'")
        // A user only in auth.users (the profile sync missed it), and a profile without an auth row.
        authOnlyUser = addUser(email: "authonly@example.com", profile: false)
        // A GoTrue-only GitHub user: signed in once through GitHub, never got a profile row.
        addUser(email: "gotrue.github@example.com", github: ("777001", "gotrue-gh"), profile: false)
        addUser(email: "profileonly@example.com", auth: false)
        // The same person with differently cased emails in auth and profile (not a collision: one id).
        addUser(email: "mixed.case@example.com", profileEmail: "Mixed.Case@Example.com")
        // Unconfirmed and banned users.
        addUser(email: "unconfirmed@example.com", confirmed: false)
        let banned = addUser(email: "banned@example.com")
        pendingSQL.append("UPDATE auth.users SET banned_until = '2099-01-01T00:00:00.000001Z' WHERE id = '\(banned)'")
        // A webhook user (production-only columns) with deliveries.
        let hooked = addUser(email: "webhooks@example.com")
        pendingSQL.append(
            "UPDATE users SET webhook_url = 'https://hooks.example.com/x', webhook_enabled = true, webhook_events = '{task.blocked}' WHERE id = '\(hooked)'"
        )
        webhookUser = hooked
        if options.emailCollision {
            addUser(email: "case.collide@example.com")
            addUser(email: "Case.Collide@example.com")
        }
        return FixtureCanaries(seed: options.seed, count: canaryHashes.count)
    }

    /// Broken trees, awkward values and rows in every table v2 drops.
    func addEdgeCaseData() {
        // A plan with no root: its top nodes have no parent.
        let noRoot = addPlan(nodes: 4, root: false)
        // A plan with two roots.
        let twoRoots = addPlan(nodes: 4)
        addNode(id: random.uuid(), plan: twoRoots.plan, parent: nil, type: "root", order: 9, created: random.timestamp())
        // A parent in another plan.
        let crossing = addPlan(nodes: 3)
        addNode(id: random.uuid(), plan: crossing.plan, parent: noRoot.nodes[1], type: "task", order: 5, created: random.timestamp())
        // A cycle of two, and a node that is its own parent (inserted in one statement).
        let cyclic = addPlan(nodes: 3)
        let a = random.uuid()
        let b = random.uuid()
        let selfParent = random.uuid()
        addNode(id: a, plan: cyclic.plan, parent: b, type: "task", order: 1, created: random.timestamp())
        addNode(id: b, plan: cyclic.plan, parent: a, type: "task", order: 2, created: random.timestamp())
        addNode(id: selfParent, plan: cyclic.plan, parent: selfParent, type: "task", order: 3, created: random.timestamp())
        // Duplicate order_index among siblings, unicode and a 50 KB description.
        let odd = addPlan(nodes: 2, title: "Ünïcödé 計画 🚀 שלום e\u{301}")
        let big = String(repeating: "Ελληνικά 😀 long text ", count: 2_600)
        for title in ["Zwillinge", "Gemelos"] {
            addNode(
                id: random.uuid(), plan: odd.plan, parent: odd.nodes[0], type: "task", order: 7, created: random.timestamp(), title: title,
                description: big)
        }
        addNode(
            id: random.uuid(), plan: odd.plan, parent: odd.nodes[0], type: "task", order: 7, created: random.timestamp(), title: "Nulls",
            description: nil)
        pendingSQL.append("UPDATE plan_nodes SET metadata = NULL, description = NULL WHERE title = 'Nulls'")
        pendingSQL.append(
            "UPDATE plans SET metadata = '{\"deep\":{\"a\":[1,2,{\"b\":{\"c\":[null,\"\\u00e9\"]}}]},\"n\":null}', github_repo_owner = 'o', github_repo_name = 'n' WHERE id = '\(odd.plan)'"
        )
        addDroppedTableRows(plan: odd.plan, node: odd.nodes[0])
    }

    private func addDroppedTableRows(plan: String, node: String) {
        let user = users[0]
        let other = users[1]
        let store = random.uuid()
        let org = random.uuid()
        let goal = random.uuid()
        let now = random.timestamp()
        buffer.add(
            "knowledge_stores",
            [
                "id": .text(store), "scope": .text("plan"), "scope_id": .text(plan), "storage_mode": .text("database"), "created_at": .time(now),
                "updated_at": .time(now),
            ])
        buffer.add(
            "organizations",
            [
                "id": .text(org), "name": .text("Acme"), "slug": .text("acme-\(options.seed)"), "description": .null, "is_personal": .null,
                "avatar_url": .null, "created_at": .time(now), "updated_at": .time(now), "knowledge_store_id": .text(store),
            ])
        buffer.add(
            "organization_members",
            ["id": .text(random.uuid()), "organization_id": .text(org), "user_id": .text(user), "role": .text("owner"), "joined_at": .time(now)])
        pendingSQL.append("UPDATE plans SET organization_id = '\(org)', knowledge_store_id = '\(store)' WHERE id = '\(plan)'")
        for status in ["active", "at_risk"] {
            let id = status == "active" ? goal : random.uuid()
            buffer.add(
                "goals",
                [
                    "id": .text(id), "organization_id": .text(org), "title": .text("Goal \(status)"), "description": .null,
                    "success_metrics": .json("[{\"metric\":\"nps\",\"target\":50}]"), "time_horizon": .text("Q2 2026"), "status": .text(status),
                    "github_repo_url": .null, "knowledge_store_id": .text(store), "created_by": .text(user), "created_at": .time(now),
                    "updated_at": .time(now),
                ])
        }
        buffer.add(
            "plan_goals",
            ["id": .text(random.uuid()), "plan_id": .text(plan), "goal_id": .text(goal), "linked_at": .time(now), "linked_by": .text(other)])
        buffer.add(
            "pending_invites",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "email": .text("invitee@example.com"), "role": .text("editor"),
                "invited_by": .text(user), "token": .text(random.uuid()), "created_at": .time(now), "expires_at": .time(now.adding(seconds: 604_800)),
            ])
        buffer.add(
            "handoffs",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "node_id": .text(node), "from_agent_id": .text(user), "to_agent_id": .text(other),
                "status": .text("completed"), "context": .text("ctx"), "reason": .null, "notes": .text("n"), "metadata": .json("{}"),
                "created_at": .time(now), "updated_at": .time(now), "resolved_at": .null,
            ])
        buffer.add(
            "agent_heartbeats",
            [
                "user_id": .text(user), "last_seen_at": .time(now), "status": .text("online"), "current_plan_id": .text(plan),
                "current_task_id": .text(node), "metadata": .json("{\"v\":\"1.2\"}"),
            ])
        // A pending decision that expired before the cut-over: v2's cron expires it at first start.
        buffer.add(
            "decision_requests",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "node_id": .text(node), "requested_by_user_id": .text(user),
                "requested_by_agent_name": .text("agent-x"), "title": .text("Expired"), "context": .text("decide before the release"),
                "options": .json("[]"), "urgency": .text("blocking"), "expires_at": .time(now), "status": .text("pending"),
                "decided_by_user_id": .null, "decision": .null, "rationale": .null, "decided_at": .null, "metadata": .json("{}"),
                "created_at": .time(now), "updated_at": .time(now),
            ])
        // Supabase sign-in state (dropped on purpose) and the avatars bucket (archived with its objects).
        let session = random.uuid()
        buffer.add("auth.sessions", ["id": .text(session), "user_id": .text(user), "created_at": .time(now), "updated_at": .time(now)])
        buffer.add(
            "auth.refresh_tokens",
            [
                "id": .int(1), "token": .text(random.hex(bytes: 12)), "user_id": .text(user), "revoked": .bool(false), "created_at": .time(now),
                "updated_at": .time(now),
            ])
        buffer.add("plan_stars", ["id": .text(random.uuid()), "user_id": .text(user), "plan_id": .text(plan), "created_at": .time(now)])
        buffer.add(
            "password_reset_tokens",
            [
                "id": .text(random.uuid()), "user_id": .text(user), "token": .text(random.hex(bytes: 16)), "expires_at": .time(now),
                "used": .bool(false), "created_at": .time(now),
            ])
        buffer.add(
            "email_verification_tokens",
            [
                "id": .text(random.uuid()), "user_id": .text(user), "token": .text(random.hex(bytes: 16)), "email": .text("x@example.com"),
                "expires_at": .time(now), "verified": .bool(true), "created_at": .time(now),
            ])
        buffer.add(
            "user_sessions",
            [
                "id": .text(random.uuid()), "user_id": .text(user), "ip_address": .text("10.0.0.1"), "user_agent": .text("curl"),
                "created_at": .time(now), "last_activity": .time(now),
            ])
        buffer.add("schema_migrations", ["version": .text("00032_slack"), "applied_at": .time(now)])
        buffer.add(
            "plan_templates",
            [
                "id": .text(random.uuid()), "title": .text("Starter"), "description": .null, "category": .text("general"),
                "structure": .json("{\"phases\":[]}"), "is_public": .bool(true), "is_starter": .bool(true), "owner_id": .null, "use_count": .int(3),
                "created_at": .time(now), "updated_at": .time(now),
            ])
        buffer.add(
            "knowledge_entries",
            [
                "id": .text(random.uuid()), "store_id": .text(store), "entry_type": .text("note"), "title": .text("k"), "content": .text("c"),
                "source_url": .null, "tags": .textArray(["t"]), "metadata": .json("{}"), "embedding": .json("[0.25,0.5]"), "created_by": .text(user),
                "created_at": .time(now), "updated_at": .time(now),
            ])
        buffer.add(
            "plan_chat_messages",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "user_id": .text(user), "role": .text("agent"), "content": .text("hello"),
                "metadata": .json("{}"), "created_at": .time(now),
            ])
        buffer.add(
            "prompt_templates",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "user_id": .text(user), "name": .text("p"), "template": .text("{{x}}"),
                "type": .text("task"), "is_default": .bool(false), "variables": .json("[\"x\"]"), "created_at": .time(now), "updated_at": .time(now),
            ])
        if let webhookUser {
            for status in ["success", "failed", "pending"] {
                buffer.add(
                    "webhook_deliveries",
                    [
                        "id": .text(random.uuid()), "user_id": .text(webhookUser), "event_type": .text("task.blocked"),
                        "payload": .json("{\"plan\":\"\(plan)\"}"), "status": .text(status),
                        "status_code": status == "pending" ? .null : .int(status == "success" ? 200 : 500),
                        "error_message": status == "failed" ? .text("HTTP 500") : .null, "created_at": .time(now),
                        "delivered_at": status == "success" ? .time(now.adding(seconds: 1)) : .null,
                    ])
            }
        }
        if let cipher = V1SlackCipher(slackEncryptionKey: FixtureBuilder.slackEncryptionKey, jwtSecret: nil) {
            for index in 0..<2 {
                let nonce = (0..<12).map { _ in UInt8(truncatingIfNeeded: random.next()) }
                let token = (try? cipher.encrypt("xoxb-fixture-\(options.seed)-\(index)", nonce: nonce)) ?? ""
                buffer.add(
                    "slack_integrations",
                    [
                        "id": .text(random.uuid()), "user_id": .text(index == 0 ? user : authOnlyUser ?? other), "team_id": .text("T\(index)"),
                        "team_name": .text("Team \(index)"), "bot_token": .text(token), "channel_id": .text("C1"), "channel_name": .text("general"),
                        "installed_at": .time(now), "updated_at": .time(now), "is_active": .bool(index == 0),
                    ])
            }
        }
        // An auth-only user referenced from auth foreign keys: it needs a v2 profile for these to resolve.
        if let authOnlyUser {
            buffer.add(
                "node_assignments",
                [
                    "id": .text(random.uuid()), "node_id": .text(node), "user_id": .text(authOnlyUser), "assigned_by": .text(user),
                    "assigned_at": .time(now),
                ])
        }
    }
}

/// Accounts and tokens whose secrets the generator knows: the verifier's functional proofs.
public struct FixtureCanaries: Codable, Sendable {
    public struct Login: Codable, Sendable {
        public var email: String
        public var password: String
        public var shouldSucceed: Bool
    }

    public struct Token: Codable, Sendable {
        public var token: String
        public var shouldSucceed: Bool
    }

    public var logins: [Login]
    public var tokens: [Token]

    public init(logins: [Login], tokens: [Token]) {
        self.logins = logins
        self.tokens = tokens
    }

    /// The canaries of a fixture built with `seed`: its secrets follow from the seed alone.
    public init(seed: UInt64, count: Int = 3) {
        logins = []
        tokens = []
        for index in 0..<count {
            let password = Self.password(seed: seed, index: index)
            logins.append(Login(email: Self.email(index), password: password, shouldSucceed: true))
            // v1 compared emails without case; so must v2.
            logins.append(Login(email: Self.email(index).uppercased(), password: password, shouldSucceed: true))
            logins.append(Login(email: Self.email(index), password: "not-the-password", shouldSucceed: false))
            tokens.append(Token(token: Self.token(seed: seed, index: index, live: true), shouldSucceed: true))
            tokens.append(Token(token: Self.token(seed: seed, index: index, live: false), shouldSucceed: false))
        }
    }

    static func email(_ index: Int) -> String { "canary\(index)@example.com" }
    static func password(seed: UInt64, index: Int) -> String { "canary-\(seed)-\(index)-Pa55" }
    static func token(seed: UInt64, index: Int, live: Bool) -> String {
        FixtureCrypto.sha256Hex("canary-token-\(seed)-\(index)-\(live ? "live" : "revoked")")
    }
}
