import Foundation
import Logging
import Persistence

public struct VerificationOptions: Sendable {
    public var source: PostgresLocation
    public var target: PostgresLocation
    public var archiveDirectory: String
    public var canaries: FixtureCanaries?
    public var keys: SecretKeys

    public init(
        source: PostgresLocation, target: PostgresLocation, archiveDirectory: String, canaries: FixtureCanaries? = nil,
        keys: SecretKeys = SecretKeys()
    ) {
        self.source = source
        self.target = target
        self.archiveDirectory = archiveDirectory
        self.canaries = canaries
        self.keys = keys
    }
}

/// `agentplanner migrate verify`: the SCHEMA.md §6 checks that apply to the D6 mapping, run against the source
/// and the target as they are now. Reads only.
public struct MigrationVerifier: Sendable {
    public let options: VerificationOptions
    public let logger: Logger

    public init(options: VerificationOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    public func run() async throws -> VerificationReport {
        var checks: [CheckResult] = []
        try await PGLink.with(options.source, role: "source", logger: logger) { source in
            try await source.execute("SET default_transaction_read_only = on")
            try await PGLink.with(options.target, role: "target", logger: logger) { target in
                try await target.execute("SET default_transaction_read_only = on")
                let shape = try await SourceInspector(link: source).inspect()
                checks.append(try await completeness(target))
                guard checks[0].status == .pass else { return }
                // The proofs (bcrypt on the client) overlap the comparisons (work on the servers).
                async let proofs = functionalProofs()
                checks += try await comparisons(source: source, target: target, shape: shape)
                checks += try await IntegrityChecks.run(target)
                checks.append(try await ArchiveCheck(source: source, shape: shape, directory: options.archiveDirectory).run())
                checks.append(try await SecretCheck(source: source, target: target, keys: options.keys).run())
                checks += try await notes(source: source, target: target)
                checks += try await proofs
            }
        }
        if options.canaries == nil {
            checks.append(
                CheckResult(
                    section: "functional", name: "canary logins and API tokens", status: .skipped,
                    summary: "no canaries given (--canaries FILE or --seed N of the fixture)"))
        }
        return VerificationReport(
            source: options.source.description, target: options.target.description,
            checkedAt: ISO8601DateFormatter().string(from: Date()), checks: checks)
    }

    private func functionalProofs() async throws -> [CheckResult] {
        guard let canaries = options.canaries else { return [] }
        return try await FunctionalProofs(target: options.target, canaries: canaries, logger: logger).run()
    }

    private func completeness(_ target: PGLink) async throws -> CheckResult {
        let status = try await TargetState.status(target)
        return CheckResult(
            section: "run", name: "migration complete on the target", status: status == "complete" ? .pass : .fail,
            summary: status.map { "run status \($0)" } ?? "the target was never migrated into")
    }

    /// Row counts, key sets and the focused content comparisons, per v2 table. The row content hash covers
    /// every focused aspect, so a table whose content matches passes them all without another pass; where it
    /// differs, each aspect is compared on its own to name what broke.
    private func comparisons(source: PGLink, target: PGLink, shape: SourceShape) async throws -> [CheckResult] {
        let relations = SourceRelations(shape: shape)
        var byFocus: [ComparisonFocus: [CheckResult]] = [:]
        func compare(_ projection: Projection, _ focus: ComparisonFocus) async throws -> SegmentComparison.Result? {
            guard let sourceSQL = ComparisonSides.sourceSQL(projection, focus, relations: relations),
                let targetSQL = ComparisonSides.targetSQL(projection, focus)
            else { return nil }
            return try await SegmentComparison(
                source: .init(link: source, rowsSQL: sourceSQL), target: .init(link: target, rowsSQL: targetSQL)
            ).run()
        }
        for projection in MappingRules.tables {
            guard let content = try await compare(projection, .content) else { continue }
            let keysMatch = content.missing.isEmpty && content.extra.isEmpty
            byFocus[.content, default: []].append(
                CheckResult(
                    section: "counts and keys", name: "\(projection.target): row count and primary keys",
                    status: keysMatch && content.sourceRows == content.targetRows ? .pass : .fail,
                    summary: "source \(content.sourceRows), target \(content.targetRows), missing \(content.missing.count), extra \(content.extra.count)",
                    counts: ["source": content.sourceRows, "target": content.targetRows, "missing": content.missing.count, "extra": content.extra.count],
                    firstDifferences: content.missing.map { "missing \($0)" } + content.extra.map { "extra \($0)" }))
            for focus in ComparisonFocus.allCases where focus.columns(of: projection) != nil {
                let covered = focus != .content && content.differing == 0
                guard let result = focus == .content || covered ? content : try await compare(projection, focus) else { continue }
                byFocus[focus, default: []].append(
                    CheckResult(
                        section: focus == .content ? "content" : "payloads", name: "\(projection.target): \(focus.rawValue)",
                        status: result.changed.isEmpty ? .pass : .fail,
                        summary: "\(result.changed.count) changed of \(result.sourceRows) rows" + (covered ? " (row content hash equal)" : ""),
                        counts: ["rows": result.sourceRows, "changed": result.changed.count],
                        firstDifferences: result.changed))
            }
        }
        return ComparisonFocus.allCases.flatMap { byFocus[$0] ?? [] }
    }

    /// Items §6 asks to report rather than to assert.
    private func notes(source: PGLink, target: PGLink) async throws -> [CheckResult] {
        var results: [CheckResult] = []
        for finding in try await SourceFindings.evaluate(source) where !finding.blocking {
            results.append(
                CheckResult(
                    section: "notes", name: finding.name, status: .note, summary: "\(finding.count) — \(finding.explanation)",
                    counts: ["rows": finding.count], firstDifferences: finding.examples))
        }
        for row in try await target.rows("SELECT kind, count(*)::text FROM \(TargetLoader.repairs) GROUP BY kind ORDER BY kind") {
            results.append(
                CheckResult(
                    section: "notes", name: "tree repair \(row[0] ?? "?")", status: .note, summary: "\(row[1] ?? "0") node(s)",
                    counts: ["nodes": Int(row[1] ?? "0") ?? 0]))
        }
        return results
    }
}
