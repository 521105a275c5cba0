/// Users, API tokens and refresh sessions (DECISIONS.md §D2, §D3).
enum IdentityTables {
    static let users = TableSpec(
        "users",
        columns: [
            .id,
            .required("email", .text),
            .column("name", .text),
            // Null for GitHub-only users; Supabase's `$2a$10$...` hashes are carried byte for byte.
            .column("password_hash", .text),
            .column("email_confirmed_at", .timestamptz),
            .column("last_sign_in_at", .timestamptz),
            // v1's `organization` text and the rest of Supabase's user metadata.
            .required("metadata", .jsonb, default: .json("{}")),
            .column("avatar_url", .text),
            .column("github_id", .varchar(255)),
            .column("github_username", .varchar(255)),
            .column("github_avatar_url", .text),
            .column("github_profile_url", .text),
            .column("capability_tags", .textArray, default: .textArray([])),
            .column("created_at", .timestamptz, default: .now),
            .column("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("users_pkey", columns: ["id"]),
            .unique("users_github_id_key", columns: ["github_id"]),
        ],
        indexes: [
            IndexSpec("users_email_lower_key", on: ["lower(email)"], unique: true),
            IndexSpec("users_github_username_idx", on: ["github_username"]),
            .gin("users_capability_tags_idx", on: "capability_tags"),
        ]
    )

    static let apiTokens = TableSpec(
        "api_tokens",
        columns: [
            .id,
            .required("user_id", .uuid),
            .required("name", .text),
            // Unsalted SHA-256 of the raw token, 64 lowercase hex characters, as v1 stored it.
            .required("token_hash", .text),
            .column("permissions", .textArray, default: .textArray(["read"])),
            .column("created_at", .timestamptz, default: .now),
            .column("last_used", .timestamptz),
            .required("revoked", .boolean, default: .boolean(false)),
        ],
        constraints: [
            .primaryKey("api_tokens_pkey", columns: ["id"]),
            .unique("api_tokens_token_hash_key", columns: ["token_hash"]),
            .references("api_tokens_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [IndexSpec("api_tokens_user_id_idx", on: ["user_id"])]
    )

    /// Refresh sessions: a new meaning for v1's never-written table of the same name.
    static let userSessions = TableSpec(
        "user_sessions",
        columns: [
            .id,
            .required("user_id", .uuid),
            .required("refresh_token_hash", .text),
            // Every rotation keeps the family; reuse of a rotated token revokes the family.
            .required("family_id", .uuid),
            .column("user_agent", .text),
            .column("ip", .text),
            .required("created_at", .timestamptz, default: .now),
            .column("last_used_at", .timestamptz),
            .required("expires_at", .timestamptz),
            .column("revoked_at", .timestamptz),
        ],
        constraints: [
            .primaryKey("user_sessions_pkey", columns: ["id"]),
            .unique("user_sessions_refresh_token_hash_key", columns: ["refresh_token_hash"]),
            .references("user_sessions_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ],
        indexes: [
            IndexSpec("user_sessions_user_id_idx", on: ["user_id"]),
            IndexSpec("user_sessions_family_id_idx", on: ["family_id"]),
        ]
    )
}
