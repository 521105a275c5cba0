/// An audit after go-live: rows v2 itself changed since the run finished are told apart from migration faults.
///
/// v2's code paths leave evidence: `updated_at` moves on an edit, `created_at` on a new row, `last_sign_in_at`,
/// `last_used`, `last_seen_at`… on use, and the cron jobs record each row they change or purge in
/// `maintenance_changes`. A row with such evidence after the recorded completion is "touched": it is left out of
/// the segment comparison and checked on its own, column by column. A change the evidence explains is a note;
/// any other change, and any row missing without a recorded purge, is still a failure.
struct AfterGoLive: Sendable {
    /// `agentplanner_migration.run.finished_at` as a timestamptz literal.
    let completedAt: String
    let hasMaintenanceLog: Bool

    static let touchedKeys = "pg_temp.touched_keys"

    /// Columns whose value after the completion shows v2 touched the row.
    static let evidenceColumns = [
        "updated_at", "created_at", "last_sign_in_at", "last_used", "last_seen_at", "last_seen", "last_viewed_at",
    ]
    /// Columns that use moves without an edit (logins, token use, heartbeats, views), and the cron's status change.
    static let movedByUse: Set<String> = [
        "last_sign_in_at", "last_used", "last_seen_at", "last_seen", "last_viewed_at", "view_count", "updated_at",
    ]

    /// Reads the completion from the target; nil when the target has no finished run.
    static func load(_ target: PGLink) async throws -> AfterGoLive? {
        guard let finished = try await target.scalar("SELECT finished_at::text FROM \(TargetState.schema).run") else { return nil }
        let log = try await target.scalar("SELECT to_regclass('public.maintenance_changes')::text") != nil
        return AfterGoLive(completedAt: finished, hasMaintenanceLog: log)
    }

    /// The source session's table of keys left out of the comparison; created before the session turns read-only.
    static func prepare(_ source: PGLink) async throws {
        try await source.execute("CREATE TEMP TABLE IF NOT EXISTS touched_keys (k text PRIMARY KEY)")
    }

    /// Keys of `projection`'s table v2 touched: `k`, `edited` (updated_at moved), `created`, `jobs` (cron jobs
    /// that recorded it), `purged` (a recorded delete). SQL over the target.
    func touchedSQL(_ projection: Projection) -> String {
        let names = Set(projection.columns.map(\.name))
        let after = "'\(completedAt)'::timestamptz"
        let evidence = Self.evidenceColumns.filter(names.contains)
        var parts: [String] = []
        if !evidence.isEmpty {
            let edited = names.contains("updated_at") ? "t.updated_at > \(after)" : "false"
            let created = names.contains("created_at") ? "t.created_at > \(after)" : "false"
            let any = evidence.map { "t.\"\($0)\" > \(after)" }.joined(separator: " OR ")
            parts.append(
                "SELECT t.\"\(projection.key)\"::text AS k, \(edited) AS edited, \(created) AS created, NULL::text AS job, false AS purged FROM public.\(projection.target) t WHERE \(any)"
            )
        }
        if hasMaintenanceLog {
            parts.append(
                """
                SELECT row_key AS k, false AS edited, false AS created, job, action = 'delete' AS purged FROM public.maintenance_changes
                 WHERE table_name = '\(projection.target)' AND changed_at >= \(after)
                """)
        }
        guard !parts.isEmpty else {
            return "SELECT NULL::text AS k, false AS edited, false AS created, NULL::text AS jobs, false AS purged WHERE false"
        }
        return """
            SELECT x.k, bool_or(x.edited)::text AS edited, bool_or(x.created)::text AS created,
                   string_agg(DISTINCT x.job, ', ') AS jobs, bool_or(x.purged)::text AS purged
              FROM (\(parts.joined(separator: " UNION ALL "))) x GROUP BY x.k
            """
    }

    struct Touched: Sendable {
        let key: String
        let edited: Bool
        let created: Bool
        let jobs: String?
        let purged: Bool

        var reason: String {
            var parts: [String] = []
            if created { parts.append("created in v2") }
            if edited { parts.append("edited in v2 (updated_at)") }
            if let jobs { parts.append(purged ? "purged by \(jobs)" : "changed by \(jobs)") }
            return parts.isEmpty ? "used in v2" : parts.joined(separator: ", ")
        }
    }

    func touched(_ target: PGLink, _ projection: Projection) async throws -> [Touched] {
        try await target.rows(touchedSQL(projection) + " ORDER BY 1").map {
            Touched(key: $0[0] ?? "", edited: $0[1] == "true", created: $0[2] == "true", jobs: $0[3], purged: $0[4] == "true")
        }
    }

    /// Puts `keys` into the source session's `touched_keys`, replacing what was there.
    static func exclude(_ keys: [String], on source: PGLink) async throws {
        try await source.execute("DELETE FROM \(touchedKeys)")
        for start in stride(from: 0, to: keys.count, by: 5_000) {
            let text = keys[start..<min(start + 5_000, keys.count)].map { ArchiveLines.escaped($0) + "\n" }.joined()
            try await source.copyIn(table: "touched_keys", columns: ["k"], text: text)
        }
    }

    /// The outcome for touched rows: notes for what v2's evidence explains, failures for the rest.
    struct Verdict: Sendable {
        var notes: [String] = []
        var faults: [String] = []
    }

    /// Compares the touched rows column by column (`sides` of the row content), in batches.
    func judge(_ touched: [Touched], sides: TableComparisons.Sides, source: PGLink, target: PGLink) async throws -> Verdict {
        var verdict = Verdict()
        let table = sides.projection.target
        let keyName = sides.projection.key
        for start in stride(from: 0, to: touched.count, by: 500) {
            let batch = Array(touched[start..<min(start + 500, touched.count)])
            let keys = batch.map(\.key)
            async let a = ColumnDiagnosis.fetch(source, sides.sourceValues, columns: sides.columns, keys: keys)
            async let b = ColumnDiagnosis.fetch(target, sides.targetValues, columns: sides.columns, keys: keys)
            let (before, now) = try await (a, b)
            for row in batch {
                let prefix = "\(table) \(keyName)=\(row.key)"
                switch (before[row.key], now[row.key]) {
                case (.none, .none):
                    verdict.notes.append("\(prefix): \(row.reason) (not migrated, gone)")
                case (.some, .none):
                    if row.purged {
                        verdict.notes.append("\(prefix): \(row.reason)")
                    } else {
                        verdict.faults.append("\(prefix): missing in the target")
                    }
                case (.none, .some):
                    if row.created {
                        verdict.notes.append("\(prefix): \(row.reason)")
                    } else {
                        verdict.faults.append("\(prefix): in the target, not in the source")
                    }
                case (.some(let old), .some(let new)):
                    let differing = sides.columns.indices.filter { old[$0] != new[$0] }.map { sides.columns[$0] }
                    // Evidence without a difference (a v1 timestamp after the cut-over, a job that changed nothing).
                    if differing.isEmpty { continue }
                    let allowed = row.edited ? Set(sides.columns) : Self.movedByUse.union(row.jobs == nil ? [] : ["status"])
                    let unexplained = differing.filter { !allowed.contains($0) }
                    if unexplained.isEmpty {
                        verdict.notes.append("\(prefix): \(row.reason): " + differing.joined(separator: ", "))
                    } else {
                        verdict.faults.append(
                            "\(prefix): " + unexplained.map { "column \($0)" }.joined(separator: "; ") + " changed, not explained by \(row.reason)")
                    }
                }
            }
        }
        return verdict
    }
}
