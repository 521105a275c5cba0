/// Copies source tables as they are into the target's staging schema, in key order and in batches, so memory
/// stays flat and an interrupted copy resumes after the last staged key (the staging key refuses doubles).
struct StageCopier {
    let source: PGLink
    let target: PGLink
    let shape: SourceShape
    let batchSize: Int
    /// Called after each batch with (table, rows so far); tests use it to simulate an interruption.
    let onBatch: @Sendable (String, Int) async throws -> Void

    static func stageName(_ qualifiedName: String) -> String {
        let parts = qualifiedName.split(separator: ".")
        let (schema, name) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("public", qualifiedName)
        return "\(TargetState.stageSchema).\(schema)__\(name)"
    }

    /// The staged tables the mapping reads: kept and converted ones.
    var staged: [V1Table] { shape.tables.filter { $0.fate != .archived } }

    func createStageTables() async throws {
        for table in staged {
            var columns = shape.columns[table.qualifiedName] ?? []
            for name in table.columns where !columns.contains(where: { $0.name == name }) {
                columns.append((name, SourceInspector.optionalColumnTypes[name] ?? "text"))
            }
            let list = columns.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ", ")
            try await target.execute(
                "CREATE TABLE IF NOT EXISTS \(Self.stageName(table.qualifiedName)) (\(list), PRIMARY KEY (\"\(table.primaryKey)\"))")
        }
        // The mapping reads webhook deliveries; a source without them gets an empty stand-in.
        if !shape.has("webhook_deliveries") {
            try await target.execute(
                """
                CREATE TABLE IF NOT EXISTS \(Self.stageName("webhook_deliveries")) (id uuid PRIMARY KEY, user_id uuid,
                  event_type text, payload jsonb, status text, status_code integer, error_message text,
                  created_at timestamptz, delivered_at timestamptz)
                """)
        }
    }

    /// One batch read from the source: the rows as a JSON array, how many, and the last key.
    struct Batch: Sendable {
        let json: String
        let count: Int
        let lastKey: String?
    }

    /// Copies one table; returns the rows staged in total. Reading the next batch from the source overlaps
    /// writing the current one into the target (two connections, one batch in flight each).
    func copy(_ table: V1Table) async throws -> Int {
        let stage = Self.stageName(table.qualifiedName)
        let key = "\"\(table.primaryKey)\""
        let last = try await target.scalar("SELECT \(key)::text FROM \(stage) ORDER BY \(key) DESC LIMIT 1")
        var total = try await target.count("SELECT count(*)::text FROM \(stage)")
        var pending: Batch? = try await read(table, after: last)
        while let batch = pending, batch.count > 0 {
            let more = batch.count == batchSize
            async let next: Batch? = more ? read(table, after: batch.lastKey) : nil
            try await target.execute(
                "INSERT INTO \(stage) SELECT * FROM jsonb_populate_recordset(NULL::\(stage), $1::jsonb) ON CONFLICT DO NOTHING",
                [batch.json])
            total += batch.count
            try await onBatch(table.qualifiedName, total)
            pending = try await next
        }
        return total
    }

    private func read(_ table: V1Table, after last: String?) async throws -> Batch {
        let key = "\"\(table.primaryKey)\""
        let keyType = shape.columns[table.qualifiedName]?.first { $0.name == table.primaryKey }?.type ?? "uuid"
        let filter = last == nil ? "" : "WHERE \(key) > $1::\(keyType)"
        let row = try await source.rows(
            """
            SELECT coalesce(jsonb_agg(to_jsonb(s) ORDER BY s.\(key)), '[]'::jsonb)::text, count(*)::text,
                   (array_agg(s.\(key)::text ORDER BY s.\(key) DESC))[1]
              FROM (SELECT * FROM \(table.qualifiedName) \(filter) ORDER BY \(key) LIMIT \(batchSize)) s
            """, last == nil ? [] : [last]
        ).first
        return Batch(json: row?[0] ?? "[]", count: Int(row?[1] ?? "0") ?? 0, lastKey: row?[2] ?? nil)
    }
}
