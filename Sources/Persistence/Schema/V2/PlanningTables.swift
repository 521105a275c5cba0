/// Plans and their tree, collaborators, comments, logs, labels, assignments, presence and audit rows.
enum PlanningTables {
    static let plans = TableSpec(
        "plans",
        columns: [
            .id,
            .required("title", .text),
            .column("description", .text),
            .required("owner_id", .uuid),
            .column("created_at", .timestamptz, default: .now),
            .column("updated_at", .timestamptz, default: .now),
            .required("status", .text, default: .text("draft")),
            .column("metadata", .jsonb, default: .json("{}")),
            // Legacy flag that v1 kept equal to `visibility = 'public'`.
            .required("is_public", .boolean, default: .boolean(false)),
            .column("github_repo_owner", .text),
            .column("github_repo_name", .text),
            .required("view_count", .integer, default: .integer(0)),
            .column("last_viewed_at", .timestamptz),
            .required("visibility", .varchar(20), default: .text("private")),
            .column("github_repo_url", .text),
            .column("github_repo_full_name", .varchar(512)),
        ],
        constraints: [
            .primaryKey("plans_pkey", columns: ["id"]),
            .oneOf("plans_status_check", column: "status", ValueDomains.planStatus),
            .oneOf("plans_visibility_check", column: "visibility", ValueDomains.planVisibility),
            .references("plans_owner_id_fkey", column: "owner_id", table: "users", onDelete: .cascade),
        ],
        indexes: [
            IndexSpec("plans_owner_id_idx", on: ["owner_id"]),
            IndexSpec("plans_public_view_count_idx", on: ["is_public", "view_count DESC"], where: "is_public"),
            IndexSpec("plans_public_created_at_idx", on: ["is_public", "created_at DESC"], where: "is_public"),
            IndexSpec(
                "plans_github_repo_idx", on: ["github_repo_owner", "github_repo_name"],
                where: "github_repo_owner IS NOT NULL AND github_repo_name IS NOT NULL"),
            IndexSpec("plans_visibility_public_idx", on: ["visibility"], where: "visibility = 'public'"),
        ]
    )

    static let planNodes = TableSpec(
        "plan_nodes",
        columns: [
            .id,
            .required("plan_id", .uuid),
            .column("parent_id", .uuid),
            .required("node_type", .text),
            .required("title", .text),
            .column("description", .text),
            .required("status", .text, default: .text("not_started")),
            .required("order_index", .integer, default: .integer(0)),
            .column("due_date", .timestamptz),
            .column("created_at", .timestamptz, default: .now),
            .column("updated_at", .timestamptz, default: .now),
            .column("context", .text),
            .column("agent_instructions", .text),
            .column("metadata", .jsonb, default: .json("{}")),
            .column("agent_requested", .text),
            .column("agent_requested_at", .timestamptz),
            .column("agent_requested_by", .uuid),
            .column("agent_request_message", .text),
            .column("assigned_agent_id", .uuid),
            .column("assigned_agent_at", .timestamptz),
            .column("assigned_agent_by", .uuid),
        ],
        constraints: [
            .primaryKey("plan_nodes_pkey", columns: ["id"]),
            // Target of the composite parent key below.
            .unique("plan_nodes_plan_id_id_key", columns: ["plan_id", "id"]),
            .oneOf("plan_nodes_node_type_check", column: "node_type", ValueDomains.nodeType),
            .oneOf("plan_nodes_status_check", column: "status", ValueDomains.nodeStatus),
            .oneOf("plan_nodes_agent_requested_check", column: "agent_requested", ValueDomains.agentRequest),
            .references("plan_nodes_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .cascade),
            // v1 never forced the parent into the same plan; the composite key does.
            .foreignKey(
                "plan_nodes_parent_fkey", columns: ["plan_id", "parent_id"], references: "plan_nodes",
                referencedColumns: ["plan_id", "id"], onDelete: .cascade),
            .references(
                "plan_nodes_agent_requested_by_fkey", column: "agent_requested_by", table: "users",
                onDelete: .noAction),
            .references(
                "plan_nodes_assigned_agent_id_fkey", column: "assigned_agent_id", table: "users", onDelete: .setNull),
            .references(
                "plan_nodes_assigned_agent_by_fkey", column: "assigned_agent_by", table: "users", onDelete: .setNull),
        ],
        indexes: [
            IndexSpec("plan_nodes_one_root_per_plan", on: ["plan_id"], unique: true, where: "node_type = 'root'"),
            IndexSpec("plan_nodes_parent_id_idx", on: ["parent_id"]),
            IndexSpec("plan_nodes_status_idx", on: ["status"]),
            IndexSpec("plan_nodes_node_type_idx", on: ["node_type"]),
            IndexSpec("plan_nodes_created_at_idx", on: ["created_at"]),
            IndexSpec(
                "plan_nodes_agent_requested_idx", on: ["agent_requested"], where: "agent_requested IS NOT NULL"),
            IndexSpec(
                "plan_nodes_agent_requested_by_idx", on: ["agent_requested_by"],
                where: "agent_requested_by IS NOT NULL"),
            IndexSpec(
                "plan_nodes_assigned_agent_id_idx", on: ["assigned_agent_id"],
                where: "assigned_agent_id IS NOT NULL"),
            .gin(
                "plan_nodes_search_idx",
                on: "(to_tsvector('english', title || ' ' || coalesce(description, '')))"),
            .gin("plan_nodes_context_search_idx", on: "(to_tsvector('english', coalesce(context, '')))"),
        ]
    )

    static let planCollaborators = TableSpec(
        "plan_collaborators",
        columns: [
            .id,
            .required("plan_id", .uuid),
            .required("user_id", .uuid),
            .required("role", .text),
            .column("created_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("plan_collaborators_pkey", columns: ["id"]),
            .unique("plan_collaborators_plan_id_user_id_key", columns: ["plan_id", "user_id"]),
            .oneOf("plan_collaborators_role_check", column: "role", ValueDomains.collaboratorRole),
            .references("plan_collaborators_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .cascade),
            .references("plan_collaborators_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [IndexSpec("plan_collaborators_user_id_idx", on: ["user_id"])]
    )

    static let planComments = TableSpec(
        "plan_comments",
        columns: [
            .id,
            .required("plan_node_id", .uuid),
            .required("user_id", .uuid),
            .required("content", .text),
            .column("created_at", .timestamptz, default: .now),
            .column("updated_at", .timestamptz, default: .now),
            .required("comment_type", .text, default: .text("human")),
        ],
        constraints: [
            .primaryKey("plan_comments_pkey", columns: ["id"]),
            .oneOf("plan_comments_comment_type_check", column: "comment_type", ValueDomains.commentType),
            .references(
                "plan_comments_plan_node_id_fkey", column: "plan_node_id", table: "plan_nodes", onDelete: .cascade),
            .references("plan_comments_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [
            IndexSpec("plan_comments_plan_node_id_idx", on: ["plan_node_id"]),
            .gin("plan_comments_content_search_idx", on: "(to_tsvector('english', content))"),
        ]
    )

    static let planNodeLogs = TableSpec(
        "plan_node_logs",
        columns: [
            .id,
            .required("plan_node_id", .uuid),
            .required("user_id", .uuid),
            .required("content", .text),
            .required("log_type", .text),
            .column("created_at", .timestamptz, default: .now),
            .column("metadata", .jsonb, default: .json("{}")),
            .column("tags", .textArray, default: .textArray([])),
        ],
        constraints: [
            .primaryKey("plan_node_logs_pkey", columns: ["id"]),
            .oneOf("plan_node_logs_log_type_check", column: "log_type", ValueDomains.logType),
            .references(
                "plan_node_logs_plan_node_id_fkey", column: "plan_node_id", table: "plan_nodes", onDelete: .cascade),
            .references("plan_node_logs_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [
            IndexSpec("plan_node_logs_plan_node_id_idx", on: ["plan_node_id"]),
            IndexSpec("plan_node_logs_user_id_idx", on: ["user_id"]),
            IndexSpec("plan_node_logs_log_type_idx", on: ["log_type"]),
            .gin("plan_node_logs_tags_idx", on: "tags"),
            .gin("plan_node_logs_content_search_idx", on: "(to_tsvector('english', content))"),
        ]
    )

    /// No unique (node, label): v1 data may hold duplicates (DECISIONS.md §D2).
    static let planNodeLabels = TableSpec(
        "plan_node_labels",
        columns: [.id, .required("plan_node_id", .uuid), .required("label", .text)],
        constraints: [
            .primaryKey("plan_node_labels_pkey", columns: ["id"]),
            .references(
                "plan_node_labels_plan_node_id_fkey", column: "plan_node_id", table: "plan_nodes", onDelete: .cascade),
        ],
        indexes: [IndexSpec("plan_node_labels_plan_node_id_idx", on: ["plan_node_id"])]
    )

    static let nodeAssignments = TableSpec(
        "node_assignments",
        columns: [
            .id,
            .required("node_id", .uuid),
            .required("user_id", .uuid),
            .required("assigned_by", .uuid),
            .required("assigned_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("node_assignments_pkey", columns: ["id"]),
            .unique("node_assignments_node_id_user_id_key", columns: ["node_id", "user_id"]),
            .references("node_assignments_node_id_fkey", column: "node_id", table: "plan_nodes", onDelete: .cascade),
            .references("node_assignments_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
            .references(
                "node_assignments_assigned_by_fkey", column: "assigned_by", table: "users", onDelete: .noAction),
        ],
        indexes: [
            IndexSpec("node_assignments_user_id_idx", on: ["user_id"]),
            IndexSpec("node_assignments_assigned_by_idx", on: ["assigned_by"]),
        ]
    )

    static let userPresence = TableSpec(
        "user_presence",
        columns: [
            .id,
            .required("user_id", .uuid),
            .required("plan_id", .uuid),
            .column("node_id", .uuid),
            .column("status", .varchar(50), default: .text("active")),
            .required("last_seen", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("user_presence_pkey", columns: ["id"]),
            .unique("user_presence_user_id_plan_id_key", columns: ["user_id", "plan_id"]),
            .oneOf("user_presence_status_check", column: "status", ValueDomains.presenceStatus),
            .references("user_presence_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
            .references("user_presence_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .cascade),
            .references("user_presence_node_id_fkey", column: "node_id", table: "plan_nodes", onDelete: .setNull),
        ],
        indexes: [
            IndexSpec("user_presence_plan_id_idx", on: ["plan_id"]),
            IndexSpec("user_presence_last_seen_idx", on: ["last_seen"]),
        ]
    )

    /// Status-change audit rows. v2 writes the acting user, which v1's trigger lost.
    static let auditLogs = TableSpec(
        "audit_logs",
        columns: [
            .id,
            .column("user_id", .uuid),
            .required("action", .varchar(100)),
            .required("resource_type", .varchar(50)),
            .required("resource_id", .uuid),
            .column("details", .jsonb),
            .required("created_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("audit_logs_pkey", columns: ["id"]),
            .references("audit_logs_user_id_fkey", column: "user_id", table: "users", onDelete: .noAction),
        ],
        indexes: [
            IndexSpec("audit_logs_user_id_idx", on: ["user_id"]),
            IndexSpec("audit_logs_resource_idx", on: ["resource_type", "resource_id"]),
            IndexSpec("audit_logs_created_at_idx", on: ["created_at"]),
        ]
    )
}
