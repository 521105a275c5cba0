/// Secondary (non-unique) indexes and foreign keys of the v2 tables are dropped before the bulk load and
/// restored after it: building a full-text GIN index once, and validating a foreign key with one join, is far
/// cheaper than maintaining them row by row. Their definitions are kept in the target first, so an interrupted
/// run still restores every one; a foreign key the data breaks fails its restore with the constraint's name.
/// Unique indexes stay where the load relies on them (the staged tables); the primary and unique keys of the
/// tables copied straight from the source (`keyedTables`, whose rows carry v1's own keys) go up after their
/// COPY, as `pg_restore` does, and a duplicate fails that restore naming the constraint. One root per plan is
/// deferred too: v1's nodes break it until the run repairs the trees on the target.
struct IndexDeferral {
    static let deferredUnique = ["plan_nodes_one_root_per_plan"]
    /// Tables the tree repairs read while the early index builds run: their keys wait for `rebuild`, since
    /// adding a key locks the table whole.
    static let readByRepairs = ["public.plan_nodes", "public.plans"]

    let target: PGLink
    let state: TargetState
    /// `public.<table>` of the tables loaded directly (`MappingRules.loadsDirectly`).
    let keyedTables: [String]

    static let table = "\(TargetState.schema).deferred_indexes"
    static let foreignKeys = "\(TargetState.schema).deferred_foreign_keys"
    static let keys = "\(TargetState.schema).deferred_keys"

    func dropSecondaryIndexes() async throws {
        if try await state.isDone("indexes:deferred") { return }
        try await target.transaction {
            try await target.execute("CREATE TABLE IF NOT EXISTS \(Self.table) (name text PRIMARY KEY, definition text NOT NULL)")
            try await target.execute(
                """
                INSERT INTO \(Self.table) (name, definition)
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                 WHERE i.schemaname = 'public'
                   AND (i.indexdef NOT LIKE 'CREATE UNIQUE INDEX%' OR i.indexname = ANY ($1::text[])
                        OR ('public.' || quote_ident(i.tablename) = ANY ($2::text[])
                            AND NOT EXISTS (SELECT 1 FROM pg_constraint c
                                             WHERE c.conindid = ('public.' || quote_ident(i.indexname))::regclass)))
                ON CONFLICT (name) DO NOTHING
                """, [ColumnDiagnosis.textArray(Self.deferredUnique), ColumnDiagnosis.textArray(keyedTables)])
            for row in try await target.rows("SELECT name FROM \(Self.table) ORDER BY name") {
                try await target.execute("DROP INDEX IF EXISTS public.\"\(row[0] ?? "")\"")
            }
            try await deferConstraints(into: Self.foreignKeys, where: "c.contype = 'f'")
            // The keys after the foreign keys that reference them.
            try await deferConstraints(
                into: Self.keys, where: "c.contype IN ('p', 'u') AND 'public.' || quote_ident(t.relname) = ANY ($1::text[])",
                [ColumnDiagnosis.textArray(keyedTables)])
            try await state.markDone("indexes:deferred", rows: 0)
        }
    }

    /// Keeps the definitions of the public schema's constraints matching `condition` (over `pg_constraint c`
    /// and its table `t`) in `table`, then drops them.
    private func deferConstraints(into table: String, where condition: String, _ binds: [String?] = []) async throws {
        try await target.execute(
            "CREATE TABLE IF NOT EXISTS \(table) (name text NOT NULL, relation text NOT NULL, definition text NOT NULL, PRIMARY KEY (relation, name))"
        )
        try await target.execute(
            """
            INSERT INTO \(table) (name, relation, definition)
            SELECT c.conname, 'public.' || quote_ident(t.relname), pg_get_constraintdef(c.oid)
              FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
             WHERE c.connamespace = 'public'::regnamespace AND \(condition)
            ON CONFLICT DO NOTHING
            """, binds)
        for row in try await target.rows("SELECT relation, name FROM \(table) ORDER BY relation, name") {
            try await target.execute("ALTER TABLE \(row[0] ?? "") DROP CONSTRAINT IF EXISTS \"\(row[1] ?? "")\"")
        }
    }

    /// Builds the deferred indexes that the tree repairs cannot break, while the repairs run; `rebuild` then skips
    /// them (`IF NOT EXISTS`) and builds the rest (one root per plan) once the trees are repaired. A build on
    /// `plan_nodes` holds a SHARE lock, so the repairs' few updates wait for it; they only read until then.
    func buildEarly(_ pool: StatementPool) async throws {
        if try await state.isDone("indexes:rebuilt") { return }
        let definitions = try await target.rows(
            """
            SELECT definition FROM \(Self.table)
             WHERE name <> ALL ($1::text[])
             ORDER BY definition LIKE '% USING gin %' DESC,
                      pg_relation_size(substring(definition FROM ' ON ([^ ]+) USING ')::regclass) DESC, name
            """, [ColumnDiagnosis.textArray(Self.deferredUnique)]
        ).compactMap { $0[0] }
        let keys = try await missingKeys().filter { !Self.readByRepairs.contains($0.relation) }
        try await pool.run(keys.map { [$0.statement] } + definitions.map { [Self.ifNotExists($0)] })
    }

    /// The deferred keys not restored yet, as `ALTER TABLE … ADD CONSTRAINT` statements.
    private func missingKeys() async throws -> [(relation: String, statement: String)] {
        try await target.rows(
            """
            SELECT k.relation, k.name, k.definition FROM \(Self.keys) k
             WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = k.name
                                 AND c.conrelid = k.relation::regclass AND c.contype IN ('p', 'u'))
             ORDER BY k.relation, k.name
            """
        ).map { row in
            let relation = row[0] ?? ""
            return (relation, "ALTER TABLE \(relation) ADD CONSTRAINT \"\(row[1] ?? "")\" \(row[2] ?? "")")
        }
    }

    static func ifNotExists(_ definition: String) -> String {
        definition.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS ")
            .replacingOccurrences(of: "CREATE UNIQUE INDEX ", with: "CREATE UNIQUE INDEX IF NOT EXISTS ")
    }

    /// Builds the indexes on several connections at once (the GIN ones first: they take longest), then adds
    /// the foreign keys unchecked (a short lock each) and validates them table by table at once, with each
    /// loaded table's ANALYZE.
    func rebuild(_ pool: StatementPool, analyze tables: [String]) async throws {
        if try await state.isDone("indexes:rebuilt") { return }
        // Longest first, so the slowest build starts at once: GIN ones, then by the size of their table.
        let definitions = try await target.rows(
            """
            SELECT definition FROM \(Self.table)
             ORDER BY definition LIKE '% USING gin %' DESC,
                      pg_relation_size(substring(definition FROM ' ON ([^ ]+) USING ')::regclass) DESC, name
            """
        )
        .compactMap { $0[0] }
        // Keys before the foreign keys that need them; each table's key before its other indexes.
        try await pool.run(try await missingKeys().map { [$0.statement] })
        try await pool.run(definitions.map { [Self.ifNotExists($0)] })
        let missing = try await target.rows(
            """
            SELECT f.relation, f.name, f.definition FROM \(Self.foreignKeys) f
             WHERE NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = f.name
                                 AND c.conrelid = f.relation::regclass AND c.contype = 'f')
             ORDER BY f.relation, f.name
            """)
        for key in missing {
            try await target.execute("ALTER TABLE \(key[0] ?? "") ADD CONSTRAINT \"\(key[1] ?? "")\" \(key[2] ?? "") NOT VALID")
        }
        let unchecked = try await target.rows(
            """
            SELECT f.relation, f.name FROM \(Self.foreignKeys) f
              JOIN pg_constraint c ON c.conname = f.name AND c.conrelid = f.relation::regclass AND c.contype = 'f'
             WHERE NOT c.convalidated ORDER BY f.relation, f.name
            """)
        var groups: [String: [String]] = [:]
        for key in unchecked {
            groups[key[0] ?? "", default: []].append("ALTER TABLE \(key[0] ?? "") VALIDATE CONSTRAINT \"\(key[1] ?? "")\"")
        }
        for table in tables { groups[table, default: []].append("ANALYZE \(table)") }
        try await pool.run(groups.sorted { $0.value.count > $1.value.count }.map(\.value))
        try await state.markDone("indexes:rebuilt", rows: definitions.count + missing.count)
    }
}
