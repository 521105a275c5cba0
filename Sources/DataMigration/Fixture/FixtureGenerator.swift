import Foundation

/// Fills a v1 fixture database: `scale` units of ordinary data, plus the fixed set of edge cases
/// (`FixtureEdgeCases`) that every migration must survive. The same seed always gives the same rows.
final class FixtureGenerator {
    let options: FixtureOptions
    let buffer: RowBuffer
    var random: FixtureRandom
    /// Users present in both `auth.users` and `public.users`: safe to reference from any column.
    var users: [String] = []
    var plans: [(id: String, owner: String, created: FixtureTime)] = []
    /// Statements run after all rows are in: values easier to set than to generate (NULLs, cross references).
    var pendingSQL: [String] = []
    var authOnlyUser: String?
    var webhookUser: String?

    init(options: FixtureOptions, buffer: RowBuffer) {
        self.options = options
        self.buffer = buffer
        self.random = FixtureRandom(seed: options.seed)
    }

    // MARK: users

    /// A user with an auth row and a profile row; returns its id.
    @discardableResult
    func addUser(
        email: String, profileEmail: String? = nil, password: String? = nil, confirmed: Bool = true,
        github: (id: String, login: String)? = nil, name: String? = nil, profile: Bool = true, auth: Bool = true
    ) -> String {
        let id = random.uuid()
        let created = random.timestamp()
        let provider = github == nil ? "email" : "github"
        var metadata = "{\"name\":\(FixtureValue.quote(name ?? email))"
        if let github { metadata += ",\"provider_id\":\"\(github.id)\",\"user_name\":\"\(github.login)\",\"iss\":\"https://api.github.com\"" }
        metadata += ",\"email_verified\":\(confirmed)}"
        if auth {
            buffer.add(
                "auth.users",
                [
                    "id": .text(id), "email": .text(email),
                    "encrypted_password": password.map { .text($0) } ?? (github == nil ? .text(random.bcryptLike()) : .text("")),
                    "email_confirmed_at": confirmed ? .time(created.adding(seconds: 60)) : .null,
                    "raw_user_meta_data": .json(metadata),
                    "raw_app_meta_data": .json("{\"provider\":\"\(provider)\",\"providers\":[\"\(provider)\"]}"),
                    "created_at": .time(created), "updated_at": .time(created.adding(seconds: 3600)),
                    "last_sign_in_at": random.chance(70) ? .time(created.adding(seconds: 86_400)) : .null,
                    "banned_until": .null, "deleted_at": .null, "is_anonymous": .bool(false), "is_sso_user": .bool(false),
                    "phone": .null,
                ])
            if let github {
                buffer.add(
                    "auth.identities",
                    [
                        "id": .text(random.uuid()), "provider": .text("github"), "provider_id": .text(github.id),
                        "user_id": .text(id),
                        "identity_data": .json("{\"sub\":\"\(github.id)\",\"user_name\":\"\(github.login)\"}"),
                        "created_at": .time(created), "updated_at": .time(created),
                    ])
            }
        }
        if profile {
            // Drawn in the order the row lists them, so the generator's stream is as before.
            let organization = random.chance(30) ? "Org \(random.words(1))" : nil
            let avatar = random.chance(20)
            if avatar {
                // The avatar's Supabase Storage object (metadata as Storage records it).
                buffer.add(
                    "storage.objects",
                    [
                        "id": .text(random.uuid()), "bucket_id": .text("avatars"), "name": .text("\(id)-1.png"), "owner": .text(id),
                        "created_at": .time(created), "updated_at": .time(created), "last_accessed_at": .time(created),
                        "metadata": .json(FixtureAvatars.metadata),
                    ])
            }
            buffer.add(
                "users",
                [
                    "id": .text(id), "email": .text(profileEmail ?? email), "name": name.map { .text($0) } ?? .null,
                    "created_at": .time(created), "updated_at": .time(created.adding(seconds: 7200)),
                    "organization": organization.map { .text($0) } ?? .null,
                    "avatar_url": avatar ? .text("https://abc.supabase.co/storage/v1/object/public/avatars/\(id)-1.png") : .null,
                    "github_id": github.map { .text($0.id) } ?? .null,
                    "github_username": github.map { .text($0.login) } ?? .null,
                    "github_avatar_url": .null, "github_profile_url": github.map { .text("https://github.com/\($0.login)") } ?? .null,
                    "capability_tags": random.chance(50) ? .textArray(["code", "review"]) : .json("[]"),
                    "webhook_url": .null, "webhook_events": .textArray(["task.blocked", "task.assigned"]),
                    "webhook_enabled": .bool(false),
                ])
        }
        if auth && profile { users.append(id) }
        return id
    }

    // MARK: ordinary data

    func generateUnit(_ unit: Int) async throws {
        for k in 0..<3 {
            let id = addUser(email: "user\(unit)-\(k)@example.com", name: random.chance(80) ? "User \(unit)-\(k)" : nil)
            addToken(user: id, raw: nil, revoked: random.chance(10))
        }
        for _ in 0..<2 { addPlan(nodes: 10) }
        try await buffer.flushIfFull()
    }

    func addToken(user: String, raw: String?, revoked: Bool) {
        let raw = raw ?? random.hex(bytes: 32)
        buffer.add(
            "api_tokens",
            [
                "id": .text(random.uuid()), "user_id": .text(user), "name": .text("token \(random.words(1))"),
                "token_hash": .text(FixtureCrypto.sha256Hex(raw)),
                "permissions": random.chance(50) ? .textArray(["write", "read"]) : .textArray(["read"]),
                "created_at": .time(random.timestamp()),
                "last_used": random.chance(50) ? .time(random.timestamp()) : .null, "revoked": .bool(revoked),
            ])
    }

    /// A plan with a well-formed tree of `nodes` nodes and a few rows in each child table. Returns the plan and
    /// its node ids (root first).
    @discardableResult
    func addPlan(nodes count: Int, root: Bool = true, title: String? = nil) -> (plan: String, nodes: [String]) {
        let owner = random.pick(users)
        let plan = random.uuid()
        let created = random.timestamp()
        let visibility = random.chance(20) ? "public" : "private"
        buffer.add(
            "plans",
            [
                "id": .text(plan), "title": .text(title ?? "Plan \(random.words(3))"),
                "description": .text(random.words(12)), "owner_id": .text(owner), "created_at": .time(created),
                "updated_at": .time(created.adding(seconds: 500)),
                "status": .text(random.pick(["draft", "active", "completed", "archived"])),
                "metadata": random.chance(10) ? .null : .json("{\"b\":[1,{\"z\":null,\"a\":true}],\"a\":\"x\"}"),
                "is_public": .bool(visibility == "public"), "github_repo_owner": .null, "github_repo_name": .null,
                "view_count": .int(random.int(0..<500)), "last_viewed_at": .null, "visibility": .text(visibility),
                "github_repo_url": .null, "github_repo_full_name": .null, "organization_id": .null,
                "knowledge_store_id": .null,
            ])
        plans.append((plan, owner, created))
        var ids: [String] = []
        var parents: [String] = []
        for index in 0..<count {
            let id = random.uuid()
            let type: String
            let parent: String?
            if index == 0 && root {
                type = "root"
                parent = nil
            } else if index <= 2 || parents.isEmpty {
                type = "phase"
                parent = ids.first
            } else {
                type = index == count - 1 ? "milestone" : "task"
                parent = random.pick(parents)
            }
            addNode(id: id, plan: plan, parent: parent, type: type, order: index, created: created)
            if type == "phase" || type == "root" { parents.append(id) }
            ids.append(id)
        }
        addPlanChildren(plan: plan, owner: owner, nodes: ids, created: created)
        return (plan, ids)
    }

    func addNode(
        id: String, plan: String, parent: String?, type: String, order: Int, created: FixtureTime,
        title: String? = nil, description: String? = nil
    ) {
        let requested = random.chance(10)
        buffer.add(
            "plan_nodes",
            [
                "id": .text(id), "plan_id": .text(plan), "parent_id": parent.map { .text($0) } ?? .null,
                "node_type": .text(type), "title": .text(title ?? "\(type) \(random.words(2))"),
                "description": description.map { .text($0) } ?? .text(random.words(8)),
                "status": .text(random.pick(["not_started", "in_progress", "completed", "blocked"])),
                "order_index": .int(order), "due_date": random.chance(20) ? .time(random.timestamp()) : .null,
                "created_at": .time(random.timestamp(after: created.micros)),
                "updated_at": .time(random.timestamp(after: created.micros + 2_592_000_000_000)),
                "context": random.chance(30) ? .text(random.words(6)) : .null, "agent_instructions": .null,
                "metadata": random.chance(50) ? .json("{}") : .json("{\"estimate\":\(random.int(1..<9)),\"tags\":[\"x\"]}"),
                "agent_requested": requested ? .text(random.pick(["start", "review", "help", "continue"])) : .null,
                "agent_requested_at": requested ? .time(random.timestamp()) : .null,
                "agent_requested_by": requested ? .text(random.pick(users)) : .null,
                "agent_request_message": requested ? .text(random.words(4)) : .null,
                "assigned_agent_id": .null, "assigned_agent_at": .null, "assigned_agent_by": .null,
            ])
    }

    func addPlanChildren(plan: String, owner: String, nodes: [String], created: FixtureTime) {
        guard let first = nodes.first else { return }
        for node in nodes.prefix(3) {
            buffer.add(
                "plan_comments",
                [
                    "id": .text(random.uuid()), "plan_node_id": .text(node), "user_id": .text(owner),
                    "content": .text(random.words(10)), "created_at": .time(random.timestamp(after: created.micros)),
                    "updated_at": .time(random.timestamp(after: created.micros)),
                    "comment_type": .text(random.pick(["human", "agent", "system"])),
                ])
            buffer.add(
                "plan_node_logs",
                [
                    "id": .text(random.uuid()), "plan_node_id": .text(node), "user_id": .text(owner),
                    "content": .text(random.words(10)),
                    "log_type": .text(random.pick(["progress", "reasoning", "challenge", "decision"])),
                    "created_at": .time(random.timestamp(after: created.micros)),
                    "metadata": .json("{\"k\":\(random.int(0..<100))}"),
                    "tags": random.chance(50) ? .textArray(["beta", "alpha"]) : .json("[]"),
                ])
            buffer.add("plan_node_labels", ["id": .text(random.uuid()), "plan_node_id": .text(node), "label": .text(random.words(1))])
        }
        let collaborator = random.pick(users)
        if collaborator != owner {
            buffer.add(
                "plan_collaborators",
                [
                    "id": .text(random.uuid()), "plan_id": .text(plan), "user_id": .text(collaborator),
                    "role": .text(random.pick(["viewer", "editor", "admin"])), "created_at": .time(random.timestamp()),
                ])
        }
        let decided = random.chance(50)
        buffer.add(
            "decision_requests",
            [
                "id": .text(random.uuid()), "plan_id": .text(plan), "node_id": .text(random.pick(nodes)),
                "requested_by_user_id": .text(owner), "requested_by_agent_name": .text("agent-\(random.int(0..<9))"),
                "title": .text("Decide \(random.words(2))"), "context": .text(random.words(8)),
                "options": .json("[{\"label\":\"A\",\"weight\":1.5},{\"label\":\"B\"}]"),
                "urgency": .text(random.pick(["blocking", "can_continue", "informational"])), "expires_at": .null,
                "status": .text(decided ? "decided" : "pending"), "decided_by_user_id": decided ? .text(owner) : .null,
                "decision": decided ? .text("A") : .null, "rationale": .null,
                "decided_at": decided ? .time(random.timestamp(after: created.micros)) : .null,
                "metadata": .json("{}"), "created_at": .time(random.timestamp(after: created.micros)),
                "updated_at": .time(random.timestamp(after: created.micros)),
            ])
        buffer.add(
            "node_assignments",
            [
                "id": .text(random.uuid()), "node_id": .text(random.pick(nodes)), "user_id": .text(owner),
                "assigned_by": .text(owner), "assigned_at": .time(random.timestamp()),
            ])
        buffer.add(
            "user_presence",
            [
                "id": .text(random.uuid()), "user_id": .text(owner), "plan_id": .text(plan), "node_id": .text(first),
                "status": .text(random.pick(["active", "idle", "away"])), "last_seen": .time(random.timestamp()),
            ])
        buffer.add(
            "audit_logs",
            [
                "id": .text(random.uuid()), "user_id": .null, "action": .text("status_change"),
                "resource_type": .text("node"), "resource_id": .text(random.pick(nodes)),
                "details": .json("{\"old_status\":\"not_started\",\"new_status\":\"in_progress\",\"title\":\"t\"}"),
                "created_at": .time(random.timestamp()),
            ])
        buffer.add(
            "plan_stars",
            ["id": .text(random.uuid()), "user_id": .text(owner), "plan_id": .text(plan), "created_at": .time(random.timestamp())])
    }
}

public struct FixtureOptions: Sendable {
    public var seed: UInt64
    public var scale: Int
    /// Adds two users whose emails differ only in letter case: a database the migration must refuse (D6).
    public var emailCollision: Bool

    public init(seed: UInt64 = 1, scale: Int = 10, emailCollision: Bool = false) {
        self.seed = seed
        self.scale = scale
        self.emailCollision = emailCollision
    }
}
