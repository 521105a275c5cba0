/// Row counts, key sets and the focused content comparisons, per v2 table. The row content hash covers every
/// focused aspect, so a table whose content matches passes them all without another pass; where it differs,
/// each aspect is compared on its own to name what broke, and the first differing rows are read column by
/// column to name the column.
struct TableComparisons {
    let source: PGLink
    let target: PGLink
    let shape: SourceShape
    /// Set when the run finished: rows v2 changed since then are judged on their own (`AfterGoLive`).
    let afterGoLive: AfterGoLive?
    let tally: RowTally

    func run() async throws -> [CheckResult] {
        let relations = try await SourceRelations(shape: shape).inlining(source).typed(target)
        var byFocus: [ComparisonFocus: [CheckResult]] = [:]
        var notes: [CheckResult] = []
        for projection in MappingRules.tables {
            guard let sides = Sides(projection, .content, relations) else { continue }
            var touched: [AfterGoLive.Touched] = []
            var verdict = AfterGoLive.Verdict()
            var exclusion: String?
            if let afterGoLive {
                touched = try await afterGoLive.touched(target, projection)
                if !touched.isEmpty {
                    try await AfterGoLive.exclude(touched.map(\.key), on: source)
                    exclusion = afterGoLive.touchedSQL(projection)
                    verdict = try await afterGoLive.judge(touched, sides: sides, source: source, target: target)
                    notes.append(
                        CheckResult(
                            section: "after go-live", name: "\(projection.target): changed by v2 after the migration finished",
                            status: .note,
                            summary:
                                "\(verdict.notes.count) row(s) explained by v2's own work, \(verdict.faults.count) not (judged column by column)",
                            counts: ["explained": verdict.notes.count, "unexplained": verdict.faults.count],
                            firstDifferences: Array(verdict.notes.prefix(20))))
                }
            }
            let content = try await compare(sides.excluding(exclusion))
            tally.update(projection.target, rows: content.sourceRows)
            let keysMatch = content.missing.isEmpty && content.extra.isEmpty
            let keyName = projection.key
            byFocus[.content, default: []].append(
                CheckResult(
                    section: "counts and keys", name: "\(projection.target): row count and primary keys",
                    status: keysMatch && content.sourceRows == content.targetRows ? .pass : .fail,
                    summary:
                        "source \(content.sourceRows), target \(content.targetRows), missing \(content.missing.count), extra \(content.extra.count)",
                    counts: [
                        "source": content.sourceRows, "target": content.targetRows, "missing": content.missing.count, "extra": content.extra.count,
                    ],
                    firstDifferences: content.missing.map { "\(projection.target) \(keyName)=\($0): missing in the target" }
                        + content.extra.map { "\(projection.target) \(keyName)=\($0): in the target, not in the source" }))
            for focus in ComparisonFocus.allCases where focus.columns(of: projection) != nil {
                let covered = focus != .content && content.differing == 0
                guard let focused = Sides(projection, focus, relations)?.excluding(exclusion) else { continue }
                let result = focus == .content || covered ? content : try await compare(focused)
                // Touched rows that v2's evidence does not explain fail the row content check.
                let faults = focus == .content ? verdict.faults : []
                let touchedNote = touched.isEmpty ? "" : "; \(touched.count) touched by v2 judged on their own"
                byFocus[focus, default: []].append(
                    CheckResult(
                        section: focus == .content ? "content" : "payloads", name: "\(projection.target): \(focus.rawValue)",
                        status: result.changed.isEmpty && faults.isEmpty ? .pass : .fail,
                        summary: "\(result.changed.count + faults.count) changed of \(result.sourceRows) rows"
                            + (covered ? " (row content hash equal)" : "") + touchedNote,
                        counts: ["rows": result.sourceRows, "changed": result.changed.count + faults.count],
                        firstDifferences: faults + (try await diagnose(focused, result.changed))))
            }
        }
        return ComparisonFocus.allCases.flatMap { byFocus[$0] ?? [] } + notes
    }

    /// One comparison's SQL on each side.
    struct Sides: Sendable {
        let projection: Projection
        let columns: [String]
        let sourceValues: String
        let targetValues: String

        private init(projection: Projection, columns: [String], sourceValues: String, targetValues: String) {
            self.projection = projection
            self.columns = columns
            self.sourceValues = sourceValues
            self.targetValues = targetValues
        }

        /// Both sides without the rows `touchedSQL` (over the target, loaded into the source's `touched_keys`) names.
        func excluding(_ touchedSQL: String?) -> Sides {
            guard let touchedSQL else { return self }
            return Sides(
                projection: projection, columns: columns,
                sourceValues: "SELECT * FROM (\(sourceValues)) s WHERE NOT EXISTS (SELECT 1 FROM \(AfterGoLive.touchedKeys) x WHERE x.k = s.k)",
                targetValues: "SELECT * FROM (\(targetValues)) s WHERE NOT EXISTS (SELECT 1 FROM (\(touchedSQL)) x WHERE x.k = s.k)")
        }

        init?(_ projection: Projection, _ focus: ComparisonFocus, _ relations: SourceRelations) {
            guard let columns = focus.columns(of: projection),
                let sourceValues = ComparisonSides.sourceValues(projection, focus, relations: relations),
                let targetValues = ComparisonSides.targetValues(projection, focus)
            else { return nil }
            self.projection = projection
            self.columns = columns.map(\.name)
            self.sourceValues = sourceValues
            self.targetValues = targetValues
        }
    }

    private func compare(_ sides: Sides) async throws -> SegmentComparison.Result {
        try await SegmentComparison(
            source: .init(link: source, rowsSQL: ComparisonSides.hashed(sides.sourceValues, columns: sides.columns)),
            target: .init(link: target, rowsSQL: ComparisonSides.hashed(sides.targetValues, columns: sides.columns))
        ).run()
    }

    /// "table key=…: column c (source …, target …)" for the first changed keys, then the rest by key.
    private func diagnose(_ sides: Sides, _ changed: [String]) async throws -> [String] {
        guard !changed.isEmpty else { return [] }
        let examined = Array(changed.prefix(ColumnDiagnosis.keysExamined))
        let diagnosis = ColumnDiagnosis(table: sides.projection.target, keyName: sides.projection.key, columns: sides.columns)
        async let a = ColumnDiagnosis.fetch(source, sides.sourceValues, columns: sides.columns, keys: examined)
        async let b = ColumnDiagnosis.fetch(target, sides.targetValues, columns: sides.columns, keys: examined)
        let named = diagnosis.describe(examined, source: try await a, target: try await b)
        return named + changed.dropFirst(examined.count).map { "\(sides.projection.target) \(sides.projection.key)=\($0)" }
    }
}
