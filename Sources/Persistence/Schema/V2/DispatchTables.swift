/// The transactional outbox, messaging integrations, deliveries and the dispatch engine's own tables
/// (DECISIONS.md §D2, §D4).
enum DispatchTables {
    static let messagingIntegrations = TableSpec(
        "messaging_integrations",
        columns: [
            .id,
            .required("user_id", .uuid),
            .required("adapter", .text),
            .required("name", .text),
            // Non-secret settings: team, channel, url.
            .required("config", .jsonb, default: .json("{}")),
            // AES-256-GCM ciphertext; never returned by the API.
            .column("secret", .text),
            // Subscribed event types; empty means the adapter's defaults.
            .required("events", .textArray, default: .textArray([])),
            .required("is_active", .boolean, default: .boolean(true)),
            .required("created_at", .timestamptz, default: .now),
            .required("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("messaging_integrations_pkey", columns: ["id"]),
            .oneOf("messaging_integrations_adapter_check", column: "adapter", ValueDomains.messagingAdapter),
            .references(
                "messaging_integrations_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [IndexSpec("messaging_integrations_user_id_idx", on: ["user_id"])]
    )

    /// The outbox: written in the same transaction as the change that caused the event.
    static let dispatchEvents = TableSpec(
        "dispatch_events",
        columns: [
            .id,
            .required("type", .text),
            .required("payload", .jsonb),
            .column("actor_user_id", .uuid),
            .column("plan_id", .uuid),
            .required("created_at", .timestamptz, default: .now),
            // Set once fan-out has written the event's deliveries.
            .column("dispatched_at", .timestamptz),
        ],
        constraints: [
            .primaryKey("dispatch_events_pkey", columns: ["id"]),
            .references(
                "dispatch_events_actor_user_id_fkey", column: "actor_user_id", table: "users", onDelete: .setNull),
            .references("dispatch_events_plan_id_fkey", column: "plan_id", table: "plans", onDelete: .setNull),
        ],
        indexes: [
            IndexSpec("dispatch_events_undispatched_idx", on: ["created_at"], where: "dispatched_at IS NULL")
        ]
    )

    static let messageDeliveries = TableSpec(
        "message_deliveries",
        columns: [
            .id,
            // Null only for history migrated from v1's `webhook_deliveries`, which had no event row.
            .column("event_id", .uuid),
            .required("integration_id", .uuid),
            .required("adapter", .text),
            .required("event_type", .text),
            .required("payload", .jsonb),
            .required("status", .text, default: .text("pending")),
            .required("attempts", .integer, default: .integer(0)),
            .required("next_attempt_at", .timestamptz, default: .now),
            .column("lease_expires_at", .timestamptz),
            // The worker holding the lease; a send is only recorded by the lease holder.
            .column("lease_owner", .text),
            .column("last_error", .text),
            .column("response_status", .integer),
            // `<event id>:<integration id>`: fan-out is idempotent, receivers drop duplicates by it.
            .required("idempotency_key", .text),
            .required("created_at", .timestamptz, default: .now),
            .column("delivered_at", .timestamptz),
            .required("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("message_deliveries_pkey", columns: ["id"]),
            .unique("message_deliveries_idempotency_key_key", columns: ["idempotency_key"]),
            .oneOf("message_deliveries_status_check", column: "status", ValueDomains.deliveryStatus),
            .oneOf("message_deliveries_adapter_check", column: "adapter", ValueDomains.messagingAdapter),
            .references(
                "message_deliveries_event_id_fkey", column: "event_id", table: "dispatch_events", onDelete: .setNull),
            .references(
                "message_deliveries_integration_id_fkey", column: "integration_id", table: "messaging_integrations",
                onDelete: .cascade),
        ],
        indexes: [
            IndexSpec(
                "message_deliveries_due_idx", on: ["next_attempt_at"],
                where: "status IN ('pending', 'failed', 'in_flight')"),
            IndexSpec("message_deliveries_integration_id_idx", on: ["integration_id", "created_at"]),
            IndexSpec("message_deliveries_event_id_idx", on: ["event_id"]),
        ]
    )

    /// Workers announce themselves here; an operator sees which processes hold leases.
    static let dispatchWorkers = TableSpec(
        "dispatch_workers",
        columns: [
            .id,
            .required("name", .text),
            .column("host", .text),
            .column("pid", .integer),
            .required("started_at", .timestamptz, default: .now),
            .required("heartbeat_at", .timestamptz, default: .now),
            .column("stopped_at", .timestamptz),
        ],
        constraints: [.primaryKey("dispatch_workers_pkey", columns: ["id"])]
    )

    /// One row per cron job: when it last ran, and a lock so one process runs it at a time.
    static let dispatchCronRuns = TableSpec(
        "dispatch_cron_runs",
        columns: [
            .required("job", .text),
            .column("locked_until", .timestamptz),
            .column("locked_by", .text),
            .column("last_started_at", .timestamptz),
            .column("last_finished_at", .timestamptz),
            .column("last_outcome", .text),
            .required("runs", .integer, default: .integer(0)),
        ],
        constraints: [.primaryKey("dispatch_cron_runs_pkey", columns: ["job"])]
    )

    /// The workers' claim index (migration 4, replacing `message_deliveries_due_idx`): one adapter's due rows in
    /// `next_attempt_at` order, so a claim reads only the rows it takes. Over `next_attempt_at` alone PostgreSQL
    /// filtered every adapter's rows or sorted the whole backlog on each claim (27 ms a claim at 30,000 rows).
    static let claimIndex = IndexSpec(
        "message_deliveries_claim_idx", on: ["adapter", "next_attempt_at"], where: "status IN ('pending', 'failed', 'in_flight')")

    /// What v2's own maintenance (the cron jobs) changed or deleted, row by row (migration 2). An audit of
    /// migrated data after go-live tells these from losses (`migrate verify`).
    static let maintenanceChanges = TableSpec(
        "maintenance_changes",
        columns: [
            .id,
            .required("job", .text),
            .required("table_name", .text),
            .required("row_key", .text),
            .required("action", .text),
            .required("changed_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("maintenance_changes_pkey", columns: ["id"]),
            .oneOf("maintenance_changes_action_check", column: "action", ["update", "delete"]),
        ],
        indexes: [IndexSpec("maintenance_changes_table_key_idx", on: ["table_name", "row_key"])]
    )
}
