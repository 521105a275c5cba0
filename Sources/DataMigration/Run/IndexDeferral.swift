/// Secondary (non-unique) indexes and foreign keys of the v2 tables are dropped before the bulk load and
/// restored after it: building a full-text GIN index once, and validating a foreign key with one join, is far
/// cheaper than maintaining them row by row. Their definitions are kept in the target first, so an interrupted
/// run still restores every one; a foreign key the data breaks fails its restore with the constraint's name.
/// Unique indexes stay: they are what the load must not violate; except one root per plan, which v1's nodes
/// break until the run repairs the trees on the target.
struct IndexDeferral {
    static let deferredUnique = ["plan_nodes_one_root_per_plan"]

    let target: PGLink
    let state: TargetState

    static let table = "\(TargetState.schema).deferred_indexes"
    static let foreignKeys = "\(TargetState.schema).deferred_foreign_keys"

    func dropSecondaryIndexes() async throws {
        if try await state.isDone("indexes:deferred") { return }
        try await target.transaction {
            try await target.execute("CREATE TABLE IF NOT EXISTS \(Self.table) (name text PRIMARY KEY, definition text NOT NULL)")
            try await target.execute(
                """
                INSERT INTO \(Self.table) (name, definition)
                SELECT indexname, indexdef FROM pg_indexes
                 WHERE schemaname = 'public'
                   AND (indexdef NOT LIKE 'CREATE UNIQUE INDEX%' OR indexname = ANY ($1::text[]))
                ON CONFLICT (name) DO NOTHING
                """, [ColumnDiagnosis.textArray(Self.deferredUnique)])
            for row in try await target.rows("SELECT name FROM \(Self.table) ORDER BY name") {
                try await target.execute("DROP INDEX IF EXISTS public.\"\(row[0] ?? "")\"")
            }
            try await target.execute(
                "CREATE TABLE IF NOT EXISTS \(Self.foreignKeys) (name text NOT NULL, relation text NOT NULL, definition text NOT NULL, PRIMARY KEY (relation, name))"
            )
            try await target.execute(
                """
                INSERT INTO \(Self.foreignKeys) (name, relation, definition)
                SELECT c.conname, 'public.' || quote_ident(t.relname), pg_get_constraintdef(c.oid)
                  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                 WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
                ON CONFLICT DO NOTHING
                """)
            for row in try await target.rows("SELECT relation, name FROM \(Self.foreignKeys) ORDER BY relation, name") {
                try await target.execute("ALTER TABLE \(row[0] ?? "") DROP CONSTRAINT IF EXISTS \"\(row[1] ?? "")\"")
            }
            try await state.markDone("indexes:deferred", rows: 0)
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
        try await pool.run(definitions.map { [Self.ifNotExists($0)] })
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
