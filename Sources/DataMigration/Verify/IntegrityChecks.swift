/// Checks on the target alone (SCHEMA.md §6 items 10–23 and 30): each SQL yields the keys that break the rule.
enum IntegrityChecks {
    struct Rule {
        let section: String
        let name: String
        let sql: String
        /// Set for a rule over the rows of one table (`key` of rows of `public.<table> c` where `condition`):
        /// such rules are checked together, one scan per table.
        var perRow: (table: String, key: String, condition: String)?

        init(section: String, name: String, sql: String) {
            self.section = section
            self.name = name
            self.sql = sql
        }

        init(section: String, name: String, table: String, key: String, condition: String) {
            self.init(section: section, name: name, sql: "SELECT c.\(key)::text FROM public.\(table) c WHERE \(condition)")
            perRow = (table, key, condition)
        }
    }

    static let foreignKeys: [(String, String, String)] = [
        ("plans", "owner_id", "users"), ("plan_nodes", "plan_id", "plans"), ("plan_nodes", "agent_requested_by", "users"),
        ("plan_nodes", "assigned_agent_id", "users"), ("plan_nodes", "assigned_agent_by", "users"),
        ("plan_collaborators", "plan_id", "plans"), ("plan_collaborators", "user_id", "users"),
        ("plan_comments", "plan_node_id", "plan_nodes"), ("plan_comments", "user_id", "users"),
        ("plan_node_labels", "plan_node_id", "plan_nodes"), ("plan_node_logs", "plan_node_id", "plan_nodes"),
        ("plan_node_logs", "user_id", "users"), ("api_tokens", "user_id", "users"), ("goals", "owner_id", "users"),
        ("goals", "created_by", "users"), ("plan_goals", "plan_id", "plans"), ("plan_goals", "goal_id", "goals"),
        ("plan_goals", "linked_by", "users"), ("decision_requests", "plan_id", "plans"),
        ("decision_requests", "node_id", "plan_nodes"), ("decision_requests", "requested_by_user_id", "users"),
        ("decision_requests", "decided_by_user_id", "users"), ("node_assignments", "node_id", "plan_nodes"),
        ("node_assignments", "user_id", "users"), ("node_assignments", "assigned_by", "users"),
        ("user_presence", "user_id", "users"), ("user_presence", "plan_id", "plans"),
        ("user_presence", "node_id", "plan_nodes"), ("audit_logs", "user_id", "users"),
        ("agent_heartbeats", "user_id", "users"), ("agent_heartbeats", "current_plan_id", "plans"),
        ("agent_heartbeats", "current_task_id", "plan_nodes"), ("messaging_integrations", "user_id", "users"),
        ("message_deliveries", "integration_id", "messaging_integrations"),
    ]

    static let domains: [(String, String, [String])] = [
        ("plans", "status", ["draft", "active", "completed", "archived"]), ("plans", "visibility", ["private", "public"]),
        ("plan_nodes", "node_type", ["root", "phase", "task", "milestone"]),
        ("plan_nodes", "status", ["not_started", "in_progress", "completed", "blocked"]),
        ("plan_nodes", "agent_requested", ["start", "review", "help", "continue"]),
        ("plan_collaborators", "role", ["viewer", "editor", "admin"]),
        ("plan_comments", "comment_type", ["human", "agent", "system"]),
        ("plan_node_logs", "log_type", ["progress", "reasoning", "challenge", "decision"]),
        ("goals", "status", ["active", "achieved", "at_risk", "abandoned"]),
        ("decision_requests", "urgency", ["blocking", "can_continue", "informational"]),
        ("decision_requests", "status", ["pending", "decided", "expired", "cancelled"]),
        ("agent_heartbeats", "status", ["online", "active", "idle", "offline"]),
        ("user_presence", "status", ["active", "idle", "away"]),
    ]

    static var rules: [Rule] {
        var rules: [Rule] = []
        for (table, column, parent) in foreignKeys {
            rules.append(
                Rule(
                    section: "references", name: "\(table).\(column) resolves in \(parent)", table: table,
                    key: table == "agent_heartbeats" ? "user_id" : "id",
                    condition: "c.\(column) IS NOT NULL AND NOT EXISTS (SELECT 1 FROM public.\(parent) p WHERE p.id = c.\(column))"))
        }
        rules += [
            Rule(
                section: "run", name: "v2 indexes and foreign keys restored after the load",
                sql: """
                    SELECT d.name FROM \(IndexDeferral.table) d WHERE NOT EXISTS
                      (SELECT 1 FROM pg_indexes i WHERE i.schemaname = 'public' AND i.indexname = d.name)
                    UNION ALL
                    SELECT f.name FROM \(IndexDeferral.foreignKeys) f WHERE NOT EXISTS
                      (SELECT 1 FROM pg_constraint c WHERE c.conname = f.name AND c.contype = 'f' AND c.conrelid = f.relation::regclass)
                    """),
            Rule(
                section: "tree", name: "exactly one root per plan",
                sql:
                    "SELECT p.id::text FROM public.plans p WHERE (SELECT count(*) FROM public.plan_nodes n WHERE n.plan_id = p.id AND n.node_type = 'root') <> 1"
            ),
            Rule(
                section: "tree", name: "roots have no parent, other nodes have one",
                sql: "SELECT id::text FROM public.plan_nodes WHERE (node_type = 'root') <> (parent_id IS NULL)"),
            Rule(
                section: "tree", name: "parent exists in the same plan",
                sql: """
                    SELECT n.id::text FROM public.plan_nodes n WHERE n.parent_id IS NOT NULL AND NOT EXISTS
                      (SELECT 1 FROM public.plan_nodes p WHERE p.id = n.parent_id AND p.plan_id = n.plan_id)
                    """),
            Rule(
                section: "tree", name: "every node reaches its root (no cycles)",
                sql: """
                    WITH RECURSIVE reach AS (
                      SELECT id, plan_id FROM public.plan_nodes WHERE node_type = 'root' AND parent_id IS NULL
                      UNION SELECT n.id, n.plan_id FROM public.plan_nodes n JOIN reach r ON n.parent_id = r.id AND n.plan_id = r.plan_id)
                    SELECT n.id::text FROM public.plan_nodes n WHERE NOT EXISTS (SELECT 1 FROM reach r WHERE r.id = n.id)
                    """),
            Rule(
                section: "uniqueness", name: "lower(email) unique",
                sql: "SELECT lower(email) FROM public.users GROUP BY lower(email) HAVING count(*) > 1"),
            Rule(
                section: "uniqueness", name: "github_id unique",
                sql: "SELECT github_id FROM public.users WHERE github_id IS NOT NULL GROUP BY github_id HAVING count(*) > 1"),
            Rule(
                section: "uniqueness", name: "token_hash unique",
                sql: "SELECT token_hash FROM public.api_tokens GROUP BY token_hash HAVING count(*) > 1"),
            Rule(
                section: "uniqueness", name: "one collaborator row per plan and user",
                sql: "SELECT plan_id::text FROM public.plan_collaborators GROUP BY plan_id, user_id HAVING count(*) > 1"),
            Rule(
                section: "uniqueness", name: "one link per plan and goal",
                sql: "SELECT plan_id::text FROM public.plan_goals GROUP BY plan_id, goal_id HAVING count(*) > 1"),
            Rule(
                section: "authentication", name: "password hashes have the bcrypt format",
                sql:
                    "SELECT id::text FROM public.users WHERE password_hash IS NOT NULL AND password_hash !~ '^\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}$'"
            ),
            Rule(
                section: "authentication", name: "token hashes are 64 lowercase hex characters",
                sql: "SELECT id::text FROM public.api_tokens WHERE token_hash !~ '^[0-9a-f]{64}$'"),
            Rule(
                section: "timestamps", name: "v1 NOT NULL timestamps are not null",
                sql: """
                    SELECT id::text FROM public.audit_logs WHERE created_at IS NULL
                    UNION ALL SELECT id::text FROM public.decision_requests WHERE created_at IS NULL OR updated_at IS NULL
                    UNION ALL SELECT id::text FROM public.messaging_integrations WHERE created_at IS NULL
                    """),
        ]
        for (table, column, values) in domains {
            let list = values.map { "'\($0)'" }.joined(separator: ", ")
            let key = table == "agent_heartbeats" ? "user_id" : "id"
            rules.append(
                Rule(
                    section: "value domains", name: "\(table).\(column) in the v1 list", table: table, key: key,
                    condition: "c.\(column) IS NOT NULL AND c.\(column)::text NOT IN (\(list))"))
        }
        return rules
    }

    static func run(_ target: PGLink) async throws -> [CheckResult] {
        let all = rules
        var violations: [Int: (rows: [String], more: Bool)] = [:]
        // The per-row rules one scan per table: each row that breaks any says which (by rule index).
        let grouped = Dictionary(grouping: all.indices.filter { all[$0].perRow != nil }) { all[$0].perRow!.table }
        for (table, indices) in grouped.sorted(by: { $0.key < $1.key }) {
            let key = all[indices[0]].perRow!.key
            let flags = indices.map { "CASE WHEN coalesce(\(all[$0].perRow!.condition), false) THEN '\($0)' END" }
            let any = indices.map { "coalesce(\(all[$0].perRow!.condition), false)" }.joined(separator: " OR ")
            let limit = 1000 * indices.count
            let rows = try await target.rows(
                "SELECT c.\(key)::text, concat_ws(',', \(flags.joined(separator: ", "))) FROM public.\(table) c WHERE \(any) LIMIT \(limit)")
            for index in indices { violations[index] = ([], rows.count == limit) }
            for row in rows {
                for flag in (row[1] ?? "").split(separator: ",") {
                    guard let index = Int(flag) else { continue }
                    violations[index]?.rows.append(row[0] ?? "")
                }
            }
        }
        var results: [CheckResult] = []
        for (index, rule) in all.enumerated() {
            let found: (rows: [String], more: Bool)
            if let grouped = violations[index] {
                found = grouped
            } else {
                let rows = try await target.rows("SELECT x::text FROM (\(rule.sql)) AS f(x) LIMIT 1000")
                found = (rows.compactMap { $0[0] }, rows.count == 1000)
            }
            let count = found.rows.count
            results.append(
                CheckResult(
                    section: rule.section, name: rule.name, status: count == 0 ? .pass : .fail,
                    summary: count == 0 ? "0 violations" : "\(count)\(found.more ? "+" : "") violation(s)",
                    counts: ["violations": count], firstDifferences: Array(found.rows.prefix(10))))
        }
        return results
    }
}
