/// What the migration expects to find in a v1 database, and what becomes of each table (DECISIONS.md D6).
public struct V1Table: Sendable, Hashable {
    public enum Fate: String, Sendable {
        /// Copied into the v2 table of the same name (columns mapped by `Projections`).
        case kept
        /// Carried into a differently shaped v2 table, and archived as it was.
        case converted
        /// No v2 home: written to the archive only.
        case archived
        /// Neither carried nor archived, on purpose: Supabase's sign-in sessions and refresh tokens. v1 sessions
        /// end at the cut-over (SCHEMA.md §6 item 35); passwords and API tokens carry over. Reported by count.
        case dropped

        /// Copied into the staging schema because the mapping reads it.
        var isStaged: Bool { self == .kept || self == .converted }
        /// Written to the archive.
        var isArchived: Bool { self == .converted || self == .archived }
    }

    public let schema: String
    public let name: String
    public let primaryKey: String
    public let columns: [String]
    public let fate: Fate
    /// Production-only tables (SCHEMA.md §1.4) may be absent from a database built from the repository.
    public let optional: Bool

    /// `schema.name`, or the bare name for `public`.
    public var qualifiedName: String { schema == "public" ? name : "\(schema).\(name)" }
    /// The archive file name.
    public var archiveFile: String { "\(schema).\(name).jsonl" }

    init(_ schema: String, _ name: String, _ fate: Fate, key: String = "id", optional: Bool = false, _ columns: String) {
        self.schema = schema
        self.name = name
        self.primaryKey = key
        self.columns = columns.split(separator: " ").map(String.init)
        self.fate = fate
        self.optional = optional
    }
}

public enum V1Catalog {
    /// Every table, parents before children.
    public static let tables: [V1Table] = [
        V1Table(
            "auth", "users", .converted,
            "id email encrypted_password email_confirmed_at raw_user_meta_data raw_app_meta_data created_at updated_at last_sign_in_at banned_until deleted_at is_anonymous is_sso_user phone"
        ),
        V1Table("auth", "identities", .converted, "id provider provider_id user_id identity_data created_at updated_at"),
        V1Table("auth", "sessions", .dropped, optional: true, "id user_id created_at updated_at"),
        V1Table("auth", "refresh_tokens", .dropped, optional: true, "id token user_id revoked created_at updated_at"),
        // Supabase Storage's metadata (the avatars bucket): archived. The files themselves are not copied.
        V1Table("storage", "buckets", .archived, optional: true, "id name owner created_at updated_at public"),
        V1Table(
            "storage", "objects", .archived, optional: true, "id bucket_id name owner created_at updated_at metadata"),
        V1Table(
            "public", "users", .kept,
            "id email name created_at updated_at organization avatar_url github_id github_username github_avatar_url github_profile_url capability_tags webhook_url webhook_events webhook_enabled"
        ),
        V1Table(
            "public", "knowledge_stores", .archived, optional: true,
            "id scope scope_id storage_mode created_at updated_at"),
        V1Table(
            "public", "organizations", .archived,
            "id name slug description is_personal avatar_url created_at updated_at knowledge_store_id"),
        V1Table("public", "organization_members", .archived, "id organization_id user_id role joined_at"),
        V1Table(
            "public", "plans", .kept,
            "id title description owner_id created_at updated_at status metadata is_public github_repo_owner github_repo_name view_count last_viewed_at visibility github_repo_url github_repo_full_name organization_id knowledge_store_id"
        ),
        V1Table(
            "public", "plan_nodes", .kept,
            "id plan_id parent_id node_type title description status order_index due_date created_at updated_at context agent_instructions metadata agent_requested agent_requested_at agent_requested_by agent_request_message assigned_agent_id assigned_agent_at assigned_agent_by"
        ),
        V1Table("public", "plan_collaborators", .kept, "id plan_id user_id role created_at"),
        V1Table("public", "plan_comments", .kept, "id plan_node_id user_id content created_at updated_at comment_type"),
        V1Table("public", "plan_node_labels", .kept, "id plan_node_id label"),
        V1Table("public", "plan_node_logs", .kept, "id plan_node_id user_id content log_type created_at metadata tags"),
        V1Table("public", "api_tokens", .kept, "id user_id name token_hash permissions created_at last_used revoked"),
        V1Table(
            "public", "pending_invites", .archived, "id plan_id email role invited_by token created_at expires_at"),
        V1Table(
            "public", "goals", .kept,
            "id organization_id title description success_metrics time_horizon status github_repo_url knowledge_store_id created_by created_at updated_at"
        ),
        V1Table("public", "plan_goals", .kept, "id plan_id goal_id linked_at linked_by"),
        V1Table(
            "public", "decision_requests", .kept,
            "id plan_id node_id requested_by_user_id requested_by_agent_name title context options urgency expires_at status decided_by_user_id decision rationale decided_at metadata created_at updated_at"
        ),
        V1Table("public", "node_assignments", .kept, "id node_id user_id assigned_by assigned_at"),
        V1Table("public", "user_presence", .kept, "id user_id plan_id node_id status last_seen"),
        V1Table("public", "audit_logs", .kept, "id user_id action resource_type resource_id details created_at"),
        V1Table(
            "public", "handoffs", .archived,
            "id plan_id node_id from_agent_id to_agent_id status context reason notes metadata created_at updated_at resolved_at"
        ),
        V1Table(
            "public", "agent_heartbeats", .kept, key: "user_id",
            "user_id last_seen_at status current_plan_id current_task_id metadata"),
        V1Table(
            "public", "slack_integrations", .converted,
            "id user_id team_id team_name bot_token channel_id channel_name installed_at updated_at is_active"),
        V1Table("public", "password_reset_tokens", .archived, "id user_id token expires_at used created_at"),
        V1Table(
            "public", "email_verification_tokens", .archived, "id user_id token email expires_at verified created_at"),
        V1Table("public", "user_sessions", .archived, "id user_id ip_address user_agent created_at last_activity"),
        V1Table("public", "schema_migrations", .archived, "id version applied_at"),
        V1Table("public", "plan_stars", .archived, optional: true, "id user_id plan_id created_at"),
        V1Table(
            "public", "webhook_deliveries", .converted, optional: true,
            "id user_id event_type payload status status_code error_message created_at delivered_at"),
        V1Table(
            "public", "plan_templates", .archived, optional: true,
            "id title description category structure is_public is_starter owner_id use_count created_at updated_at"),
        V1Table(
            "public", "knowledge_entries", .archived, optional: true,
            "id store_id entry_type title content source_url tags metadata embedding created_by created_at updated_at"),
        V1Table(
            "public", "plan_chat_messages", .archived, optional: true, "id plan_id user_id role content metadata created_at"
        ),
        V1Table(
            "public", "prompt_templates", .archived, optional: true,
            "id plan_id user_id name template type is_default variables created_at updated_at"),
    ]

    /// Columns of kept tables that may be missing in a database built from the repository (production-only).
    public static let optionalColumns: Set<String> = [
        "public.users.webhook_url", "public.users.webhook_events", "public.users.webhook_enabled",
        "public.plans.knowledge_store_id", "public.goals.knowledge_store_id", "public.organizations.knowledge_store_id",
    ]

    /// Columns of kept tables that v2 has no place for: written to `<table>.dropped-columns.jsonl`.
    public static let droppedColumns: [String: [String]] = [
        "public.plans": ["organization_id", "knowledge_store_id"],
        "public.goals": ["organization_id", "knowledge_store_id"],
    ]

    public static func table(_ schema: String, _ name: String) -> V1Table? {
        tables.first { $0.schema == schema && $0.name == name }
    }
}
