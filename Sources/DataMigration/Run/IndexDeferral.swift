/// Secondary (non-unique) indexes of the v2 tables are dropped before the bulk load and rebuilt after it:
/// building a full-text GIN index once is far cheaper than maintaining it row by row. Their definitions are
/// kept in the target first, so an interrupted run still rebuilds every one. Unique indexes stay: they are
/// what the load must not violate.
struct IndexDeferral {
    let target: PGLink
    let state: TargetState

    static let table = "\(TargetState.schema).deferred_indexes"

    func dropSecondaryIndexes() async throws {
        if try await state.isDone("indexes:deferred") { return }
        try await target.transaction {
            try await target.execute("CREATE TABLE IF NOT EXISTS \(Self.table) (name text PRIMARY KEY, definition text NOT NULL)")
            try await target.execute(
                """
                INSERT INTO \(Self.table) (name, definition)
                SELECT indexname, indexdef FROM pg_indexes
                 WHERE schemaname = 'public' AND indexdef NOT LIKE 'CREATE UNIQUE INDEX%'
                ON CONFLICT (name) DO NOTHING
                """)
            for row in try await target.rows("SELECT name FROM \(Self.table) ORDER BY name") {
                try await target.execute("DROP INDEX IF EXISTS public.\"\(row[0] ?? "")\"")
            }
            try await state.markDone("indexes:deferred", rows: 0)
        }
    }

    func rebuild() async throws {
        if try await state.isDone("indexes:rebuilt") { return }
        let rows = try await target.rows("SELECT definition FROM \(Self.table) ORDER BY name")
        for row in rows {
            guard let definition = row[0] else { continue }
            try await target.execute(
                definition.replacingOccurrences(of: "CREATE INDEX ", with: "CREATE INDEX IF NOT EXISTS "))
        }
        try await state.markDone("indexes:rebuilt", rows: rows.count)
    }
}
