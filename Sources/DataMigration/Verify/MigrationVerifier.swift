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
                checks += try await comparisons(source: source, target: target, shape: shape)
                checks += try await IntegrityChecks.run(target)
                checks.append(try await ArchiveCheck(source: source, shape: shape, directory: options.archiveDirectory).run())
                checks.append(try await SecretCheck(source: source, target: target, keys: options.keys).run())
                checks += try await notes(source: source, target: target)
            }
        }
        if let canaries = options.canaries, checks.first?.status == .pass {
            checks += try await FunctionalProofs(target: options.target, canaries: canaries, logger: logger).run()
        } else if options.canaries == nil {
            checks.append(
                CheckResult(
                    section: "functional", name: "canary logins and API tokens", status: .skipped,
                    summary: "no canaries given (--canaries FILE or --seed N of the fixture)"))
        }
        return VerificationReport(
            source: options.source.description, target: options.target.description,
            checkedAt: ISO8601DateFormatter().string(from: Date()), checks: checks)
    }

    private func completeness(_ target: PGLink) async throws -> CheckResult {
        let status = try await TargetState.status(target)
        return CheckResult(
            section: "run", name: "migration complete on the target", status: status == "complete" ? .pass : .fail,
            summary: status.map { "run status \($0)" } ?? "the target was never migrated into")
    }

    /// Row counts, key sets and the focused content comparisons, per v2 table.
    private func comparisons(source: PGLink, target: PGLink, shape: SourceShape) async throws -> [CheckResult] {
        let relations = SourceRelations(shape: shape)
        var results: [CheckResult] = []
        for focus in ComparisonFocus.allCases {
            for projection in MappingRules.tables {
                guard let sourceSQL = ComparisonSides.sourceSQL(projection, focus, relations: relations),
                    let targetSQL = ComparisonSides.targetSQL(projection, focus)
                else { continue }
                let result = try await SegmentComparison(
                    source: .init(link: source, rowsSQL: sourceSQL), target: .init(link: target, rowsSQL: targetSQL)
                ).run()
                if focus == .content {
                    let keysMatch = result.missing.isEmpty && result.extra.isEmpty
                    results.append(
                        CheckResult(
                            section: "counts and keys", name: "\(projection.target): row count and primary keys",
                            status: keysMatch && result.sourceRows == result.targetRows ? .pass : .fail,
                            summary: "source \(result.sourceRows), target \(result.targetRows), missing \(result.missing.count), extra \(result.extra.count)",
                            counts: ["source": result.sourceRows, "target": result.targetRows, "missing": result.missing.count, "extra": result.extra.count],
                            firstDifferences: result.missing.map { "missing \($0)" } + result.extra.map { "extra \($0)" }))
                }
                results.append(
                    CheckResult(
                        section: focus == .content ? "content" : "payloads", name: "\(projection.target): \(focus.rawValue)",
                        status: result.changed.isEmpty ? .pass : .fail,
                        summary: "\(result.changed.count) changed of \(result.sourceRows) rows",
                        counts: ["rows": result.sourceRows, "changed": result.changed.count],
                        firstDifferences: result.changed))
            }
        }
        return results
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
