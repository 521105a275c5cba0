/// Copies source tables as they are into the target's staging schema, in key order and in batches, so memory
/// stays flat and an interrupted copy resumes after the last staged key (the staging key refuses doubles).
///
/// Each batch is read from the source as COPY text lines built by the source itself (one text value per
/// batch, so no per-value work on the client) and written into the target with `COPY … FROM STDIN`, one
/// statement per batch: a batch is staged whole or not at all.
struct StageCopier: Sendable {
    let shape: SourceShape
    let batchSize: Int
    /// Called after each batch with (table, rows so far); tests use it to simulate an interruption.
    let onBatch: @Sendable (String, Int) async throws -> Void

    static func stageName(_ qualifiedName: String) -> String {
        "\(TargetState.stageSchema).\(bareStageName(qualifiedName))"
    }

    /// The staging table's name inside the staging schema.
    static func bareStageName(_ qualifiedName: String) -> String {
        let parts = qualifiedName.split(separator: ".")
        let (schema, name) = parts.count == 2 ? (String(parts[0]), String(parts[1])) : ("public", qualifiedName)
        return "\(schema)__\(name)"
    }

    /// The staged tables: kept and converted ones the staged projections read (the others load directly).
    var staged: [V1Table] { shape.tables.filter { $0.fate.isStaged && MappingRules.stagedSources.contains($0.qualifiedName) } }

    /// Staging tables are unlogged: they are scratch, and a server crash that empties them is caught by the
    /// row counts recorded with each staged table (`StagingRun` stages such a table again).
    func createStageTables(_ target: PGLink) async throws {
        for table in staged {
            var columns = shape.columns[table.qualifiedName] ?? []
            for name in table.columns where !columns.contains(where: { $0.name == name }) {
                columns.append((name, SourceInspector.optionalColumnTypes[name] ?? "text"))
            }
            let list = columns.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ", ")
            try await target.execute(
                "CREATE UNLOGGED TABLE IF NOT EXISTS \(Self.stageName(table.qualifiedName)) (\(list), PRIMARY KEY (\"\(table.primaryKey)\"))")
        }
        // The mapping reads webhook deliveries; a source without them gets an empty stand-in.
        if !shape.has("webhook_deliveries") {
            try await target.execute(
                """
                CREATE UNLOGGED TABLE IF NOT EXISTS \(Self.stageName("webhook_deliveries")) (id uuid PRIMARY KEY, user_id uuid,
                  event_type text, payload jsonb, status text, status_code integer, error_message text,
                  created_at timestamptz, delivered_at timestamptz)
                """)
        }
    }

    /// One batch read from the source: COPY text lines, how many, and the last key.
    struct Batch: Sendable {
        let text: String
        let count: Int
        let lastKey: String?
    }

    /// Copies one table from `source` into `target` (whose search path is the staging schema); returns the
    /// rows staged in total. Reading the next batch overlaps writing the current one.
    func copy(_ table: V1Table, source: PGLink, target: PGLink) async throws -> Int {
        let stage = Self.stageName(table.qualifiedName)
        let key = "\"\(table.primaryKey)\""
        let columns = (shape.columns[table.qualifiedName] ?? []).map(\.name)
        let last = try await target.scalar("SELECT \(key)::text FROM \(stage) ORDER BY \(key) DESC LIMIT 1")
        var total = try await target.count("SELECT count(*)::text FROM \(stage)")
        let reader = BatchReader(table: table, shape: shape, batchSize: batchSize)
        var pending: Batch? = try await reader.read(source, after: last)
        while let batch = pending, batch.count > 0 {
            let more = batch.count == batchSize
            async let next: Batch? = more ? reader.read(source, after: batch.lastKey) : nil
            try await target.copyIn(table: Self.bareStageName(table.qualifiedName), columns: columns, text: batch.text)
            total += batch.count
            try await onBatch(table.qualifiedName, total)
            pending = try await next
        }
        return total
    }
}

/// The source-side query of one staged table: the next batch after a key, as COPY text lines.
struct BatchReader: Sendable {
    let table: V1Table
    let shape: SourceShape
    let batchSize: Int

    /// Types whose text form never holds a tab, newline, carriage return or backslash.
    static func isPlain(_ type: String) -> Bool {
        ["uuid", "integer", "bigint", "smallint", "boolean", "numeric", "real", "double precision", "date"].contains(type)
            || type.hasPrefix("timestamp")
    }

    /// One column as a COPY text field: `\N` for NULL, the four special characters escaped.
    static func field(_ name: String, type: String) -> String {
        let value = "t.\"\(name)\"::text"
        if isPlain(type) { return "coalesce(\(value), '\\N')" }
        return "coalesce(replace(replace(replace(replace(\(value), '\\', '\\\\'), E'\\n', '\\n'), E'\\r', '\\r'), E'\\t', '\\t'), '\\N')"
    }

    var lineExpression: String {
        (shape.columns[table.qualifiedName] ?? []).map { Self.field($0.name, type: $0.type) }.joined(separator: " || E'\\t' || ")
    }

    func read(_ source: PGLink, after last: String?) async throws -> StageCopier.Batch {
        let key = "\"\(table.primaryKey)\""
        let keyType = shape.columns[table.qualifiedName]?.first { $0.name == table.primaryKey }?.type ?? "uuid"
        let filter = last == nil ? "" : "WHERE t.\(key) > $1::\(keyType)"
        let row = try await source.rows(
            """
            SELECT string_agg(s.line, E'\\n') || E'\\n', count(*)::text, (array_agg(s.k ORDER BY s.k DESC))[1]::text
              FROM (SELECT \(lineExpression) AS line, t.\(key) AS k FROM \(table.qualifiedName) t \(filter)
                     ORDER BY t.\(key) LIMIT \(batchSize)) s
            """, last == nil ? [] : [last]
        ).first
        return StageCopier.Batch(text: row?[0] ?? "", count: Int(row?[1] ?? "0") ?? 0, lastKey: row?[2] ?? nil)
    }
}
