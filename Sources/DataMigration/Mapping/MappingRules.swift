/// DECISIONS.md D6 as projections, in the order the target is filled (parents first).
public enum MappingRules {
    static func copied(_ table: String, key: String = "id", _ columns: [Projection.Column]) -> Projection {
        Projection(target: table, key: key, columns: columns, from: "{public.\(table)} t")
    }

    static let ts = Projection.Column.Kind.timestamp
    static let json = Projection.Column.Kind.jsonb
    static let array = Projection.Column.Kind.array

    /// The id a v1 row with no v2 counterpart gets, derived from what it stands for so a re-run gives the same.
    static func derivedID(_ label: String, _ expression: String) -> String {
        "md5('agentplanner-\(label):' || \(expression))::uuid"
    }

    public static let users = Projection(
        target: "users", key: "id",
        columns: [
            .mapped("id", "coalesce(p.id, a.id)"),
            .mapped("email", "coalesce(p.email, a.email)"),
            .mapped(
                "name",
                "CASE WHEN p.id IS NOT NULL THEN p.name ELSE coalesce(a.raw_user_meta_data->>'name', split_part(a.email, '@', 1)) END"
            ),
            .mapped("password_hash", "nullif(a.encrypted_password, '')"),
            .mapped("email_confirmed_at", "a.email_confirmed_at", ts),
            .mapped("last_sign_in_at", "a.last_sign_in_at", ts),
            .mapped(
                "metadata",
                """
                coalesce((SELECT jsonb_object_agg(m.key, m.value) FROM jsonb_each(jsonb_build_object(
                  'organization', p.organization, 'user_metadata', a.raw_user_meta_data,
                  'app_metadata', a.raw_app_meta_data, 'banned_until', a.banned_until, 'deleted_at', a.deleted_at,
                  'phone', a.phone, 'v1_profile', CASE WHEN p.id IS NULL THEN 'created from auth.users'
                  WHEN a.id IS NULL THEN 'no auth.users row' END)) m WHERE m.value <> 'null'::jsonb), '{}'::jsonb)
                """, json),
            .mapped("avatar_url", "CASE WHEN p.id IS NOT NULL THEN p.avatar_url ELSE a.raw_user_meta_data->>'avatar_url' END"),
            .mapped("github_id", "coalesce(g.provider_id, p.github_id)"),
            .mapped("github_username", "coalesce(p.github_username, CASE WHEN g.user_id IS NOT NULL THEN a.raw_user_meta_data->>'user_name' END)"),
            .mapped("github_avatar_url", "p.github_avatar_url"),
            .mapped("github_profile_url", "p.github_profile_url"),
            .mapped("capability_tags", "CASE WHEN p.id IS NULL THEN '{}'::text[] ELSE p.capability_tags END", array),
            .mapped("created_at", "coalesce(p.created_at, a.created_at)", ts),
            .mapped("updated_at", "coalesce(p.updated_at, a.updated_at)", ts),
        ],
        from: """
            {auth.users} a FULL JOIN {public.users} p ON p.id = a.id
            LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, provider_id FROM {auth.identities}
                       WHERE provider = 'github' ORDER BY user_id, created_at, id) g ON g.user_id = coalesce(p.id, a.id)
            """)

    public static let plans = copied(
        "plans",
        [
            .same("id"), .same("title"), .same("description"), .same("owner_id"), .same("created_at", ts),
            .same("updated_at", ts), .same("status"), .same("metadata", json), .same("is_public"),
            .same("github_repo_owner"), .same("github_repo_name"), .same("view_count"), .same("last_viewed_at", ts),
            .same("visibility"), .same("github_repo_url"), .same("github_repo_full_name"),
        ])

    /// Plan nodes as v1 had them; the run overlays the tree repairs (`TreeRepairer`).
    public static let planNodes = copied(
        "plan_nodes",
        [
            .same("id"), .same("plan_id"), .same("parent_id"), .same("node_type"), .same("title"), .same("description"),
            .same("status"), .same("order_index"), .same("due_date", ts), .same("created_at", ts),
            .same("updated_at", ts), .same("context"), .same("agent_instructions"), .same("metadata", json),
            .mapped("agent_requested", "t.agent_requested::text"), .same("agent_requested_at", ts),
            .same("agent_requested_by"), .same("agent_request_message"), .same("assigned_agent_id"),
            .same("assigned_agent_at", ts), .same("assigned_agent_by"),
        ])

    public static let tables: [Projection] = [
        users,
        copied(
            "api_tokens",
            [
                .same("id"), .same("user_id"), .same("name"), .same("token_hash"), .same("permissions", array),
                .same("created_at", ts), .same("last_used", ts), .same("revoked"),
            ]),
        plans,
        planNodes,
        copied("plan_collaborators", [.same("id"), .same("plan_id"), .same("user_id"), .same("role"), .same("created_at", ts)]),
        copied(
            "plan_comments",
            [
                .same("id"), .same("plan_node_id"), .same("user_id"), .same("content"), .same("created_at", ts),
                .same("updated_at", ts), .same("comment_type"),
            ]),
        copied("plan_node_labels", [.same("id"), .same("plan_node_id"), .same("label")]),
        copied(
            "plan_node_logs",
            [
                .same("id"), .same("plan_node_id"), .same("user_id"), .same("content"), .same("log_type"),
                .same("created_at", ts), .same("metadata", json), .same("tags", array),
            ]),
        copied(
            "goals",
            [
                .same("id"), .mapped("owner_id", "t.created_by"), .same("title"), .same("description"),
                .same("success_metrics", json), .same("time_horizon"), .same("status"), .same("github_repo_url"),
                .same("created_by"), .same("created_at", ts), .same("updated_at", ts),
            ]),
        copied("plan_goals", [.same("id"), .same("plan_id"), .same("goal_id"), .same("linked_at", ts), .same("linked_by")]),
        copied(
            "decision_requests",
            [
                .same("id"), .same("plan_id"), .same("node_id"), .same("requested_by_user_id"),
                .same("requested_by_agent_name"), .same("title"), .same("context"), .same("options", json),
                .mapped("urgency", "t.urgency::text"), .same("expires_at", ts), .mapped("status", "t.status::text"),
                .same("decided_by_user_id"), .same("decision"), .same("rationale"), .same("decided_at", ts),
                .same("metadata", json), .same("created_at", ts), .same("updated_at", ts),
            ]),
        copied("node_assignments", [.same("id"), .same("node_id"), .same("user_id"), .same("assigned_by"), .same("assigned_at", ts)]),
        copied("user_presence", [.same("id"), .same("user_id"), .same("plan_id"), .same("node_id"), .same("status"), .same("last_seen", ts)]),
        copied(
            "audit_logs",
            [
                .same("id"), .same("user_id"), .same("action"), .same("resource_type"), .same("resource_id"),
                .same("details", json), .same("created_at", ts),
            ]),
        copied(
            "agent_heartbeats", key: "user_id",
            [
                .same("user_id"), .same("last_seen_at", ts), .same("status"), .same("current_plan_id"),
                .same("current_task_id"), .same("metadata", json),
            ]),
        messagingIntegrations,
        messageDeliveries,
    ]

    /// Whether the table is loaded straight from the source (`DirectLoader`): a plain copy of one v1 table.
    /// Plan nodes are too, as v1 had them; the run repairs the trees on the target afterwards.
    static func loadsDirectly(_ projection: Projection) -> Bool {
        projection.from == "{public.\(projection.target)} t"
    }

    /// The v1 tables (as `V1Table.qualifiedName`) the staged path reads: those of the other projections.
    static let stagedSources: Set<String> = {
        var names: Set<String> = []
        for projection in tables where !loadsDirectly(projection) {
            _ = Projection.resolve(projection.from) { name in
                names.insert(name.hasPrefix("public.") ? String(name.dropFirst(7)) : name)
                return name
            }
        }
        return names
    }()

    /// Slack installs (secret re-encrypted afterwards by `SecretReencryptor`) and v1 users' webhook settings.
    public static let messagingIntegrations = Projection(
        target: "messaging_integrations", key: "id",
        columns: [
            .mapped("id", "x.id"), .mapped("user_id", "x.user_id"), .mapped("adapter", "x.adapter"),
            .mapped("name", "x.name"), .mapped("config", "x.config", json), .mapped("secret", "x.secret", .secret),
            .mapped("events", "x.events", array), .mapped("is_active", "x.is_active"),
            .mapped("created_at", "x.created_at", ts), .mapped("updated_at", "x.updated_at", ts),
        ],
        from: """
            (SELECT s.id, s.user_id, 'slack'::text AS adapter, s.team_name AS name,
                    jsonb_build_object('team_id', s.team_id, 'team_name', s.team_name, 'channel_id', s.channel_id,
                                       'channel_name', s.channel_name) AS config,
                    NULL::text AS secret, '{}'::text[] AS events, s.is_active, s.installed_at AS created_at, s.updated_at
               FROM {public.slack_integrations} s
             UNION ALL
             SELECT \(derivedID("webhook", "u.id::text")), u.id, 'webhook', 'webhook',
                    jsonb_build_object('url', u.webhook_url), NULL::text, coalesce(u.webhook_events, '{}'::text[]),
                    coalesce(u.webhook_enabled, false), coalesce(u.created_at, now()), coalesce(u.updated_at, now())
               FROM {public.users} u WHERE u.webhook_url IS NOT NULL) x
            """)

    /// v1 webhook deliveries of users whose webhook became an integration. Anything not delivered becomes `dead`:
    /// months-old events must not be sent again by the v2 dispatcher.
    public static let messageDeliveries = Projection(
        target: "message_deliveries", key: "id",
        columns: [
            .mapped("id", "d.id"), .mapped("event_id", "NULL::uuid"),
            .mapped("integration_id", derivedID("webhook", "d.user_id::text")), .mapped("adapter", "'webhook'"),
            .mapped("event_type", "d.event_type"), .mapped("payload", "d.payload", json),
            .mapped(
                "status",
                "CASE d.status WHEN 'success' THEN 'delivered' ELSE 'dead' END"),
            .mapped("attempts", "CASE WHEN d.status_code IS NULL THEN 0 ELSE 1 END"),
            .mapped("next_attempt_at", "coalesce(d.created_at, 'epoch'::timestamptz)", ts),
            .mapped("last_error", "d.error_message"), .mapped("response_status", "d.status_code"),
            .mapped("idempotency_key", "'v1-webhook-delivery:' || d.id::text"),
            .mapped("created_at", "coalesce(d.created_at, 'epoch'::timestamptz)", ts),
            .mapped("delivered_at", "d.delivered_at", ts),
            .mapped("updated_at", "coalesce(d.delivered_at, d.created_at, 'epoch'::timestamptz)", ts),
        ],
        from: "{public.webhook_deliveries} d JOIN {public.users} u ON u.id = d.user_id AND u.webhook_url IS NOT NULL")
}
