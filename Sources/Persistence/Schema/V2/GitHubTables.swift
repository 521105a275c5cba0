/// The GitHub access a user granted at GitHub sign-in (migration 2), used by `/github/*` (ROUTES.md §4.12):
/// v1 meant to use the provider token of the user's Supabase session; v2 keeps the token GitHub handed to its
/// own OAuth flow, sealed with the server's secrets key (never stored in clear, never in `users.metadata`,
/// which sessions expose as `user_metadata`).
enum GitHubTables {
    static let connections = TableSpec(
        "github_connections",
        columns: [
            .required("user_id", .uuid),
            // `SecretBox` output: `v2:<base64>`.
            .required("access_token", .text),
            .column("scope", .text),
            .required("created_at", .timestamptz, default: .now),
            .required("updated_at", .timestamptz, default: .now),
        ],
        constraints: [
            .primaryKey("github_connections_pkey", columns: ["user_id"]),
            .references("github_connections_user_id_fkey", column: "user_id", table: "users", onDelete: .cascade),
        ]
    )
}
