/// What the source holds that the mapping must refuse (blocking) or that the report must mention (notes).
public struct Finding: Sendable, Codable {
    public let name: String
    public let blocking: Bool
    public let count: Int
    public let examples: [String]
    public let explanation: String
}

enum SourceFindings {
    struct Rule {
        let name: String
        let blocking: Bool
        let explanation: String
        /// Rows of (example text); the count is the number of rows.
        let sql: String
    }

    static let mergedUsers = """
        SELECT coalesce(p.id, a.id) AS id, coalesce(p.email, a.email) AS email
          FROM auth.users a FULL JOIN public.users p ON p.id = a.id
        """

    static let rules: [Rule] = [
        Rule(
            name: "email collisions (case-insensitive)", blocking: true,
            explanation: "v2 keeps one account per lower(email) (D6); merge or rename these accounts in v1 first",
            sql: """
                SELECT string_agg(email || ' ' || id::text, ' / ' ORDER BY email) FROM (\(mergedUsers)) u
                 GROUP BY lower(email) HAVING count(*) > 1
                """),
        Rule(
            name: "duplicate API token hashes", blocking: true,
            explanation: "v1 refused such tokens and v2 keeps token_hash unique; revoke the duplicates in v1",
            sql: "SELECT token_hash FROM public.api_tokens GROUP BY token_hash HAVING count(*) > 1"),
        Rule(
            name: "duplicate GitHub ids", blocking: true,
            explanation: "v2 keeps github_id unique; two accounts claim one GitHub identity",
            sql: """
                SELECT string_agg(id::text, ' / ') FROM (
                  SELECT coalesce(p.id, a.id) AS id, coalesce(g.provider_id, p.github_id) AS github_id
                    FROM auth.users a FULL JOIN public.users p ON p.id = a.id
                    LEFT JOIN (SELECT DISTINCT ON (user_id) user_id, provider_id FROM auth.identities
                                WHERE provider = 'github' ORDER BY user_id, created_at, id) g
                      ON g.user_id = coalesce(p.id, a.id)) u
                 WHERE github_id IS NOT NULL GROUP BY github_id HAVING count(*) > 1
                """),
        Rule(
            name: "auth users without an email and without a profile", blocking: true,
            explanation: "v2 users need an email (phone-only Supabase accounts); give them one or delete them in v1",
            sql: """
                SELECT a.id::text FROM auth.users a
                 WHERE a.email IS NULL AND NOT EXISTS (SELECT 1 FROM public.users p WHERE p.id = a.id)
                """),
        Rule(
            name: "auth users without a profile", blocking: false,
            explanation: "each gets a v2 users row built from auth.users (D6)",
            sql: "SELECT a.email FROM auth.users a WHERE NOT EXISTS (SELECT 1 FROM public.users p WHERE p.id = a.id)"),
        Rule(
            name: "profiles without an auth user", blocking: false,
            explanation: "kept, with no password (they could not log in to v1 either)",
            sql: "SELECT p.email FROM public.users p WHERE NOT EXISTS (SELECT 1 FROM auth.users a WHERE a.id = p.id)"),
        Rule(
            name: "auth and profile emails differ", blocking: false,
            explanation: "v2 keeps the profile email; logins compare without case",
            sql: "SELECT p.email FROM public.users p JOIN auth.users a ON a.id = p.id WHERE a.email IS DISTINCT FROM p.email"),
        Rule(
            name: "unconfirmed, banned or deleted auth users", blocking: false,
            explanation: "carried with email_confirmed_at and metadata; v2 decides what they may do",
            sql: """
                SELECT email FROM auth.users
                 WHERE email_confirmed_at IS NULL OR banned_until > now() OR deleted_at IS NOT NULL
                """),
        Rule(
            name: "open invites whose links break", blocking: false,
            explanation: "pending_invites is archived, not carried (D2); resend these invites",
            sql: "SELECT email FROM public.pending_invites WHERE expires_at > now()"),
        Rule(
            name: "avatars on Supabase storage", blocking: false,
            explanation: "the URLs are kept, unless `migrate run --storage-dir` copies the downloaded bucket's files into v2",
            sql: "SELECT avatar_url FROM public.users WHERE avatar_url LIKE '%supabase.co/storage/%'"),
        Rule(
            name: "siblings sharing an order_index", blocking: false,
            explanation: "kept as they are; order falls back to created_at, then id",
            sql: """
                SELECT plan_id::text || ' / ' || coalesce(parent_id::text, '-') FROM public.plan_nodes
                 GROUP BY plan_id, parent_id, order_index HAVING count(*) > 1
                """),
        Rule(
            name: "is_public disagrees with visibility", blocking: false,
            explanation: "copied as they are",
            sql: "SELECT id::text FROM public.plans WHERE is_public <> (visibility = 'public')"),
    ]

    /// The findings of every rule, or only of the blocking ones (`true`) or the notes (`false`).
    static func evaluate(_ source: PGLink, blocking: Bool? = nil) async throws -> [Finding] {
        var findings: [Finding] = []
        for rule in rules where blocking == nil || rule.blocking == blocking {
            let rows = try await source.rows("SELECT x::text FROM (\(rule.sql)) AS f(x)")
            findings.append(
                Finding(
                    name: rule.name, blocking: rule.blocking, count: rows.count,
                    examples: rows.prefix(5).compactMap { $0[0] }, explanation: rule.explanation))
        }
        return findings
    }
}
