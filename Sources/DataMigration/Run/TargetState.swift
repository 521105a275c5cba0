import Foundation

/// The migration's own bookkeeping in the target (schema `agentplanner_migration`): which source it is filled
/// from, which steps are done, the tree repairs. Makes a re-run resume instead of doubling rows, and marks a
/// target that is not complete.
struct TargetState {
    static let schema = "agentplanner_migration"
    static let stageSchema = "agentplanner_v1"

    enum Condition: Equatable {
        case empty
        case resumable
        case complete
    }

    let link: PGLink

    /// Decides whether the target may be written: empty, or a migration of the same source. Anything else
    /// is refused with a reason.
    func classify(source: String) async throws -> Condition {
        let ours = try await link.count(
            "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = '\(Self.schema)' AND table_name = 'run'")
        if ours > 0 {
            guard let row = try await link.rows("SELECT source, status FROM \(Self.schema).run").first else {
                return .resumable
            }
            guard row[0] == source else {
                throw MigrationFailure(
                    "the target holds a migration from another source (\(row[0] ?? "?")); use an empty target database")
            }
            return row[1] == "complete" ? .complete : .resumable
        }
        let foreign = try await link.rows(
            """
            SELECT table_schema || '.' || table_name FROM information_schema.tables
             WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
               AND NOT (table_schema = 'public' AND table_name = 'agentplanner_migrations')
            """)
        var filled: [String] = []
        for table in foreign.compactMap({ $0[0] }) {
            if try await link.scalar("SELECT 1::text FROM \(table) LIMIT 1") != nil { filled.append(table) }
            if table.hasPrefix("auth.") { filled.append(table) }
        }
        guard filled.isEmpty else {
            throw MigrationFailure(
                "the target is not empty and not a migration in progress (rows in \(filled.prefix(3).joined(separator: ", "))"
                    + (filled.count > 3 ? " and \(filled.count - 3) more" : "") + "); refusing to write into it")
        }
        return .empty
    }

    func start(source: String) async throws {
        try await link.execute("CREATE SCHEMA IF NOT EXISTS \(Self.schema)")
        try await link.execute("CREATE SCHEMA IF NOT EXISTS \(Self.stageSchema)")
        try await link.execute(
            "CREATE TABLE IF NOT EXISTS \(Self.schema).run (source text NOT NULL, status text NOT NULL, started_at timestamptz NOT NULL DEFAULT now(), finished_at timestamptz)"
        )
        try await link.execute(
            "CREATE TABLE IF NOT EXISTS \(Self.schema).steps (name text PRIMARY KEY, rows bigint NOT NULL, finished_at timestamptz NOT NULL DEFAULT now())"
        )
        try await link.execute(
            """
            CREATE TABLE IF NOT EXISTS \(Self.schema).tree_repairs (
              node_id uuid PRIMARY KEY, plan_id uuid NOT NULL, kind text NOT NULL, created boolean NOT NULL DEFAULT false,
              old_parent_id uuid, new_parent_id uuid, old_node_type text, new_node_type text)
            """)
        try await link.execute(
            "INSERT INTO \(Self.schema).run (source, status) SELECT $1, 'in_progress' WHERE NOT EXISTS (SELECT 1 FROM \(Self.schema).run)",
            [source])
    }

    func isDone(_ step: String) async throws -> Bool {
        try await link.scalar("SELECT 1::text FROM \(Self.schema).steps WHERE name = $1", [step]) != nil
    }

    /// Records a step; call inside the step's own transaction so the two commit together.
    func markDone(_ step: String, rows: Int) async throws {
        try await link.execute(
            "INSERT INTO \(Self.schema).steps (name, rows) VALUES ($1, $2::bigint) ON CONFLICT (name) DO NOTHING",
            [step, String(rows)])
    }

    /// The statement recording `step` with the row count of `relation`, for a transaction run elsewhere.
    static func markDoneStatement(_ step: String, rowsOf relation: String) -> String {
        "INSERT INTO \(schema).steps (name, rows) SELECT '\(step)', count(*) FROM \(relation) ON CONFLICT (name) DO NOTHING"
    }

    /// The rows recorded with a finished step, or nil when the step is not done.
    func rows(_ step: String) async throws -> Int? {
        try await link.scalar("SELECT rows::text FROM \(Self.schema).steps WHERE name = $1", [step]).flatMap { Int($0) }
    }

    /// Drops a step's record, so the step runs again.
    func forget(_ step: String) async throws {
        try await link.execute("DELETE FROM \(Self.schema).steps WHERE name = $1", [step])
    }

    func finish() async throws {
        try await link.execute("DROP SCHEMA IF EXISTS \(Self.stageSchema) CASCADE")
        try await link.execute("UPDATE \(Self.schema).run SET status = 'complete', finished_at = now()")
    }

    /// `complete`, `in_progress`, or nil when the target was never migrated into.
    static func status(_ link: PGLink) async throws -> String? {
        let exists = try await link.count(
            "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = '\(schema)' AND table_name = 'run'")
        guard exists > 0 else { return nil }
        return try await link.scalar("SELECT status FROM \(schema).run")
    }
}
