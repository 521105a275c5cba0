/// Goals (owned by a user in v2), their plan links, decision requests and agent heartbeats.
enum GoalAndAgentTables {
    static let goals = TableSpec(
        "goals",
        columns: [
            .id,
            // v2 has no organisations: the owner is v1's `created_by` (DECISIONS.md §D2).
            .required("owner_id", .uuid),
            .required("title", .text),
            .column("description", .text),
            .column("success_metrics", .jsonb, default: .json("[]")),
            .column("time_horizon", .text),
            .required("status", .text, default: .text("active")),
            .column("github_repo_url", .text),
            .required("created_by", .uuid),
            .column("created_at", .timestamptz, default: .now),
            .column("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("goals_pkey", columns: ["id"]),
            .oneOf("goals_status_check", column: "status", ValueDomains.goalStatus),
            .references("goals_owner_id_fkey", column: "owner_id", table: "users", onDelete: .noAction),
            .references("goals_created_by_fkey", column: "created_by", table: "users", onDelete: .noAction),
        ],
        indexes: [
            IndexSpec("goals_owner_id_idx", on: ["owner_id"]),
            IndexSpec("goals_status_idx", on: ["status"]),
            .gin("goals_search_idx", on: "(to_tsvector('english', title || ' ' || coalesce(description, '')))"),
        ]
    )

    static let planGoals = TableSpec(
        "plan_goals",
        columns: [
            .id,
            .required("plan_id", .uuid),
            .required("goal_id", .uuid),
            .column("linked_at", .timestamptz, default: .now),
            .column("linked_by", .uuid),
        ],
        constraints: [
            .primaryKey("plan_goals_pkey", columns: ["id"]),
            .unique("plan_goals_plan_id_goal_id_key", columns: ["plan_id", "goal_id"]),
            .references("plan_goals_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .cascade),
            .references("plan_goals_goal_id_fkey", column: "goal_id", table: "goals", onDelete: .cascade),
            .references("plan_goals_linked_by_fkey", column: "linked_by", table: "users", onDelete: .noAction),
        ],
        indexes: [IndexSpec("plan_goals_goal_id_idx", on: ["goal_id"])]
    )

    static let decisionRequests = TableSpec(
        "decision_requests",
        columns: [
            .id,
            .required("plan_id", .uuid),
            .column("node_id", .uuid),
            .required("requested_by_user_id", .uuid),
            .column("requested_by_agent_name", .text),
            .required("title", .text),
            .required("context", .text),
            .column("options", .jsonb, default: .json("[]")),
            .required("urgency", .text, default: .text("can_continue")),
            .column("expires_at", .timestamptz),
            .required("status", .text, default: .text("pending")),
            .column("decided_by_user_id", .uuid),
            .column("decision", .text),
            .column("rationale", .text),
            .column("decided_at", .timestamptz),
            .column("metadata", .jsonb, default: .json("{}")),
            .required("created_at", .timestamptz, default: .now),
            .required("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("decision_requests_pkey", columns: ["id"]),
            .oneOf("decision_requests_urgency_check", column: "urgency", ValueDomains.decisionUrgency),
            .oneOf("decision_requests_status_check", column: "status", ValueDomains.decisionStatus),
            .references("decision_requests_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .cascade),
            .references("decision_requests_node_id_fkey", column: "node_id", table: "plan_nodes", onDelete: .setNull),
            .references(
                "decision_requests_requested_by_user_id_fkey", column: "requested_by_user_id", table: "users",
                onDelete: .noAction),
            .references(
                "decision_requests_decided_by_user_id_fkey", column: "decided_by_user_id", table: "users",
                onDelete: .noAction),
        ],
        indexes: [
            IndexSpec("decision_requests_plan_id_idx", on: ["plan_id"]),
            IndexSpec("decision_requests_node_id_idx", on: ["node_id"]),
            IndexSpec("decision_requests_status_idx", on: ["status"]),
            IndexSpec("decision_requests_requested_by_idx", on: ["requested_by_user_id"]),
            IndexSpec("decision_requests_pending_idx", on: ["plan_id", "status"], where: "status = 'pending'"),
        ]
    )

    static let agentHeartbeats = TableSpec(
        "agent_heartbeats",
        columns: [
            .required("user_id", .uuid),
            .required("last_seen_at", .timestamptz, default: .now),
            .required("status", .text, default: .text("online")),
            .column("current_plan_id", .uuid),
            .column("current_task_id", .uuid),
            .column("metadata", .jsonb, default: .json("{}")),
        ],
        constraints: [
            .primaryKey("agent_heartbeats_pkey", columns: ["user_id"]),
            .oneOf("agent_heartbeats_status_check", column: "status", ValueDomains.heartbeatStatus),
            .references("agent_heartbeats_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
            .references(
                "agent_heartbeats_current_plan_id_fkey", column: "current_plan_id", table: "plans", onDelete: .setNull),
            .references(
                "agent_heartbeats_current_task_id_fkey", column: "current_task_id", table: "plan_nodes",
                onDelete: .setNull),
        ],
        indexes: [
            IndexSpec("agent_heartbeats_status_idx", on: ["status"]),
            IndexSpec(
                "agent_heartbeats_current_plan_id_idx", on: ["current_plan_id"],
                where: "current_plan_id IS NOT NULL"),
        ]
    )
}
