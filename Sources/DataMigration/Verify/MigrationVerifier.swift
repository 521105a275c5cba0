import Foundation
import Logging
import Persistence

/// The checks that need something the user may not have (keys, canaries). Without it such a check is "not run"
/// and the verification fails, unless the user names it with `--skip`.
public enum SkippableCheck: String, CaseIterable, Sendable {
    case secrets
    case canaries
    case avatars
}

public struct VerificationOptions: Sendable {
    public var source: PostgresLocation
    public var target: PostgresLocation
    public var archiveDirectory: String
    public var canaries: FixtureCanaries?
    public var keys: SecretKeys
    /// Checks left out on request (`--skip CHECK`); the report lists them.
    public var skip: Set<SkippableCheck>
    /// The v2 server's data folder, where `migrate run --storage-dir` copied the avatars (`--data-dir`).
    public var dataDirectory: String?

    public init(
        source: PostgresLocation, target: PostgresLocation, archiveDirectory: String, canaries: FixtureCanaries? = nil,
        keys: SecretKeys = SecretKeys(), skip: Set<SkippableCheck> = [], dataDirectory: String? = nil
    ) {
        self.dataDirectory = dataDirectory
        self.source = source
        self.target = target
        self.archiveDirectory = archiveDirectory
        self.canaries = canaries
        self.keys = keys
        self.skip = skip
    }

    /// The result of a check that cannot run for `reason`: skipped when the user asked, otherwise not run.
    func unavailable(_ check: SkippableCheck, section: String, name: String, reason: String) -> CheckResult {
        skip.contains(check)
            ? CheckResult(section: section, name: name, status: .skipped, summary: "skipped on request (--skip \(check.rawValue)): \(reason)")
            : CheckResult(
                section: section, name: name, status: .notRun,
                summary: "not run: \(reason); give what it needs, or leave it out with --skip \(check.rawValue)")
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

    /// Runs every check; `rows` gets the rows compared so far after each table.
    public func run(rows: @escaping @Sendable (RowProgress) -> Void = { _ in }) async throws -> VerificationReport {
        _ = try SecretKeys.v2Key(explicit: options.keys.v2SecretKey, environment: [:])
        var checks: [CheckResult] = []
        try await PGLink.with(options.source, role: "source", logger: logger) { source in
            let shape = try await SourceInspector(link: source).inspect()
            try await PGLink.with(options.target, role: "target", logger: logger) { target in
                try await target.execute("SET default_transaction_read_only = on")
                checks.append(try await completeness(target))
                guard checks[0].status == .pass else { return }
                // The proofs (bcrypt on the client) overlap the comparisons (work on the servers).
                async let proofs = functionalProofs()
                // The archive (files read and hashed here, lines compared on the source), the integrity rules
                // (target only) and the source's findings, each on a session of its own: they start at once and
                // fill the time one server waits for the other.
                async let archive = ArchiveCheck.run(options.source, shape: shape, directory: options.archiveDirectory, logger: logger)
                async let integrity = readOnly(options.target, role: "target") { try await IntegrityChecks.run($0) }
                async let findings = readOnly(options.source, role: "source") { try await findingNotes($0, shape: shape) }
                // The expected tree repairs are recomputed from the source into temporary tables (nothing else is
                // written); from then on the session only reads.
                try await ExpectedRepairs.compute(source)
                try await AfterGoLive.prepare(source)
                try await AvatarCheck.prepare(source)
                try await source.execute("SET default_transaction_read_only = on")
                let afterGoLive = try await AfterGoLive.load(target)
                // The rows the run recorded per loaded table: the progress total, without counting again.
                let expected = try await target.count(
                    "SELECT coalesce(sum(rows), 0)::text FROM \(TargetState.schema).steps WHERE name LIKE 'load:%'")
                // The avatar rewrites first: the users comparison expects v2's URL for exactly those.
                let avatars = try await AvatarCheck(
                    source: source, target: target, relations: SourceRelations(shape: shape), options: options
                ).run()
                let tally = RowTally(phase: "comparing", total: expected, report: rows)
                checks += try await TableComparisons(source: source, target: target, shape: shape, afterGoLive: afterGoLive, tally: tally).run()
                checks.append(try await ExpectedRepairs.compare(source: source, target: target))
                checks += try await integrity
                checks += avatars
                checks += try await archive
                checks.append(try await SecretCheck(source: source, target: target, options: options).run())
                checks += try await findings
                checks += try await repairNotes(source)
                checks += try await proofs
            }
        }
        return VerificationReport(
            source: options.source.description, target: options.target.description,
            checkedAt: ISO8601DateFormatter().string(from: Date()), checks: checks)
    }

    /// `body` on a read-only session of its own.
    private func readOnly<T: Sendable>(
        _ location: PostgresLocation, role: String, _ body: @escaping @Sendable (PGLink) async throws -> T
    ) async throws -> T {
        try await PGLink.with(location, role: role, logger: logger) { link in
            try await link.execute("SET default_transaction_read_only = on")
            return try await body(link)
        }
    }

    private func functionalProofs() async throws -> [CheckResult] {
        guard let canaries = options.canaries else {
            return [
                options.unavailable(
                    .canaries, section: "functional", name: "canary logins and API tokens",
                    reason: "no canaries given (--canaries FILE or --seed N of the fixture)")
            ]
        }
        return try await FunctionalProofs(target: options.target, canaries: canaries, logger: logger).run()
    }

    private func completeness(_ target: PGLink) async throws -> CheckResult {
        let status = try await TargetState.status(target)
        return CheckResult(
            section: "run", name: "migration complete on the target", status: status == "complete" ? .pass : .fail,
            summary: status.map { "run status \($0)" } ?? "the target was never migrated into")
    }

    /// Items §6 asks to report rather than to assert.
    private func findingNotes(_ source: PGLink, shape: SourceShape) async throws -> [CheckResult] {
        var results: [CheckResult] = []
        for table in shape.tables where table.fate == .dropped {
            let rows = try await source.count("SELECT count(*)::text FROM \(table.qualifiedName)")
            results.append(
                CheckResult(
                    section: "notes", name: "\(table.qualifiedName) dropped on purpose", status: .note,
                    summary: "\(rows) row(s) neither migrated nor archived: v1 sign-in sessions end at the cut-over (SCHEMA.md §6 item 35)",
                    counts: ["rows": rows]))
        }
        for finding in try await SourceFindings.evaluate(source) where !finding.blocking {
            results.append(
                CheckResult(
                    section: "notes", name: finding.name, status: .note, summary: "\(finding.count) — \(finding.explanation)",
                    counts: ["rows": finding.count], firstDifferences: finding.examples))
        }
        return results
    }

    /// The tree repairs the rules give, as notes (from the recomputed repairs on the main source session).
    private func repairNotes(_ source: PGLink) async throws -> [CheckResult] {
        var results: [CheckResult] = []
        // The repairs the rules give for this source (what the run must have done), not the target's record.
        for row in try await source.rows("SELECT kind, count(*)::text FROM \(ComparisonSides.expectedRepairs) GROUP BY kind ORDER BY kind") {
            results.append(
                CheckResult(
                    section: "notes", name: "tree repair \(row[0] ?? "?")", status: .note, summary: "\(row[1] ?? "0") node(s)",
                    counts: ["nodes": Int(row[1] ?? "0") ?? 0]))
        }
        return results
    }
}
