import Foundation
import Logging
import Persistence

public struct MigrationOptions: Sendable {
    public var source: PostgresLocation
    public var target: PostgresLocation
    public var archiveDirectory: String
    public var dryRun: Bool
    public var batchSize: Int
    /// Tables staged at once, each on its own pair of connections.
    public var workers: Int
    public var keys: SecretKeys
    /// Where the archive is written (files; tests put a failing stand-in here).
    public var archiveStorage: ArchiveStorage
    /// `--storage-dir`: copy the avatars in and rewrite their URLs; nil leaves the Supabase URLs as they are.
    public var avatars: AvatarOptions?
    /// Called before each step (`stage:<table>`, `load:<table>`, `archive`…) and after each staged batch
    /// (`batch:<table>:<rows>`). Tests throw from it to simulate an interrupted run.
    public var checkpoint: @Sendable (String) async throws -> Void

    public init(
        source: PostgresLocation, target: PostgresLocation, archiveDirectory: String, dryRun: Bool = false,
        batchSize: Int = 5_000, workers: Int = 3, keys: SecretKeys = SecretKeys(), archiveStorage: ArchiveStorage = .files,
        avatars: AvatarOptions? = nil,
        checkpoint: @escaping @Sendable (String) async throws -> Void = { _ in }
    ) {
        self.source = source
        self.target = target
        self.archiveDirectory = archiveDirectory
        self.dryRun = dryRun
        self.batchSize = batchSize
        self.workers = workers
        self.keys = keys
        self.archiveStorage = archiveStorage
        self.avatars = avatars
        self.checkpoint = checkpoint
    }
}

public struct MigrationOutcome: Sendable {
    public var findings: [Finding] = []
    public var sourceRows: [String: Int] = [:]
    public var loadedRows: [String: Int] = [:]
    public var repairs: [String: Int] = [:]
    public var archive: ArchiveManifest?
    public var secretsReencrypted = 0
    /// Set when the run copied avatars in (`--storage-dir`).
    public var avatars: AvatarOutcome?
    public var resumed = false
    public var alreadyComplete = false
    public var dryRun = false
    public var absentOptional: [String] = []
    public var unknownTables: [String] = []
    /// Tables neither migrated nor archived, on purpose (Supabase sessions and refresh tokens), with their rows.
    public var dropped: [String: Int] = [:]

    public var blocking: [Finding] { findings.filter { $0.blocking && $0.count > 0 } }
}

/// `agentplanner migrate run`: checks the source, then stages, repairs, loads, re-encrypts and archives, each
/// step recorded in the target so a second run resumes where the first stopped.
public struct MigrationRunner: Sendable {
    public let options: MigrationOptions
    public let logger: Logger

    public init(options: MigrationOptions, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// `progress` gets a line per finished step; `rows` the rows staged so far, after each batch.
    public func run(
        progress: @escaping @Sendable (String) -> Void = { _ in }, rows: @escaping @Sendable (RowProgress) -> Void = { _ in }
    ) async throws -> MigrationOutcome {
        var outcome = MigrationOutcome()
        outcome.dryRun = options.dryRun
        // A key the server would refuse is refused before anything is written.
        _ = try SecretKeys.v2Key(explicit: options.keys.v2SecretKey, environment: [:])
        return try await PGLink.with(options.source, role: "source", logger: logger) { source in
            try await source.execute("SET default_transaction_read_only = on")
            let shape = try await SourceInspector(link: source).inspect()
            outcome.absentOptional = shape.absentOptional
            outcome.unknownTables = shape.unknownTables
            // The row counts on a second session, beside the findings.
            async let counts = PGLink.with(options.source, role: "source", logger: logger) { link in
                var counts: [String: Int] = [:]
                for table in shape.tables {
                    counts[table.qualifiedName] = try await link.count("SELECT count(*)::text FROM \(table.qualifiedName)")
                }
                return counts
            }
            // Only what blocks is needed before anything is written; the notes are found beside the load.
            outcome.findings = try await SourceFindings.evaluate(source, blocking: true)
            outcome.sourceRows = try await counts
            for table in shape.tables where table.fate == .dropped {
                outcome.dropped[table.qualifiedName] = outcome.sourceRows[table.qualifiedName] ?? 0
            }
            if !outcome.blocking.isEmpty { return outcome }
            let slackRows = outcome.sourceRows["slack_integrations"] ?? 0
            if slackRows > 0 && (options.keys.v1 == nil || options.keys.v2 == nil) {
                throw MigrationFailure(
                    "the source has \(slackRows) Slack integration(s): pass the v1 key (--v1-slack-key or --v1-jwt-secret) "
                        + "and the v2 key (--v2-secret-key) to re-encrypt their bot tokens")
            }
            if options.dryRun {
                outcome.findings += try await SourceFindings.evaluate(source, blocking: false)
                outcome.repairs = try await dryRunRepairs(source)
                return outcome
            }
            async let notes = PGLink.with(options.source, role: "source", logger: logger) { link in
                try await link.execute("SET default_transaction_read_only = on")
                return try await SourceFindings.evaluate(link, blocking: false)
            }
            try await migrate(source: source, shape: shape, outcome: &outcome, progress: progress, rows: rows)
            outcome.findings += try await notes
            return outcome
        }
    }

    private func migrate(
        source: PGLink, shape: SourceShape, outcome: inout MigrationOutcome, progress: @escaping @Sendable (String) -> Void,
        rows: @escaping @Sendable (RowProgress) -> Void
    ) async throws {
        let sourceName = options.source.description
        let clock = ContinuousClock()
        let started = clock.now
        let elapsed: @Sendable () -> String = {
            let duration = clock.now - started
            return String(format: "(%.1f s)", Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
        }
        try await PGLink.with(options.target, role: "target", logger: logger) { target in
            let state = TargetState(link: target)
            let condition = try await state.classify(source: sourceName)
            if condition == .complete {
                outcome.alreadyComplete = true
                return
            }
            outcome.resumed = condition == .resumable
            // The pool may be leased before its run loop starts (a harmless PostgresNIO warning); keep it quiet.
            let quiet = {
                var quiet = logger
                quiet.logLevel = .error
                return quiet
            }()
            try await DatabaseStores.withStore(.postgres(options.target), logger: quiet) { store in
                _ = try await Migrator(store: store).migrate(logger: quiet)
            }
            try await state.start(source: sourceName)
            let checkpoint = options.checkpoint
            let sizes = outcome.sourceRows
            let tally = RowTally(
                phase: "staging",
                total: shape.tables.filter { $0.fate.isStaged && MappingRules.stagedSources.contains($0.qualifiedName) }
                    .reduce(0) { $0 + (sizes[$1.qualifiedName] ?? 0) },
                report: rows)
            let copier = StageCopier(
                shape: shape, batchSize: options.batchSize,
                onBatch: { table, count in
                    tally.update(table, rows: count)
                    try await checkpoint("batch:\(table):\(count)")
                })
            try await copier.createStageTables(target)
            let indexes = IndexDeferral(
                target: target, state: state,
                keyedTables: MappingRules.tables.filter(MappingRules.loadsDirectly).map { "public.\($0.target)" })
            try await indexes.dropSecondaryIndexes()
            // The archive reads only the source and writes files: it runs beside the loads, the repairs and the
            // index builds (work on the target), and is recorded when they are done.
            let archiveWanted = try await !state.isDone("archive")
            async let archived: ArchiveManifest? = archiveWanted ? writeArchive(source, shape, sourceName) : nil
            // Plain tables (plan nodes as v1 had them included) go straight from the source through libpq COPY,
            // while the few that need joins are staged and loaded from the staging copy.
            var direct: [Projection] = []
            for projection in MappingRules.tables where MappingRules.loadsDirectly(projection) {
                if try await !state.isDone("load:\(projection.target)") { direct.append(projection) }
            }
            direct.sort { (sizes[$0.target] ?? 0) > (sizes[$1.target] ?? 0) }
            let loading = RowTally(phase: "loading", total: direct.reduce(0) { $0 + (sizes[$1.target] ?? 0) }, report: rows)
            async let directRows = DirectLoader(
                source: options.source, target: options.target, relations: SourceRelations(shape: shape),
                workers: options.workers, checkpoint: checkpoint
            ).load(direct) { table, count in
                loading.update(table, rows: count)
                progress("loaded \(table) \(elapsed())")
            }
            try await StagingRun(
                source: options.source, target: options.target, copier: copier, workers: options.workers, logger: logger,
                checkpoint: checkpoint
            ).run(sizes: outcome.sourceRows, state: state) { progress("\($0) \(elapsed())") }
            let pool = StatementPool(location: options.target, connections: options.workers, logger: logger)
            let stagedRows = try await TargetLoader(target: target, state: state, checkpoint: checkpoint)
                .load(pool, sizes: outcome.sourceRows) { progress("\($0) \(elapsed())") }
            outcome.loadedRows = stagedRows.merging(try await directRows) { staged, _ in staged }
            progress("loaded the v2 tables \(elapsed())")
            // Statistics for the repairs' joins, taken before the index builds (ANALYZE and CREATE INDEX exclude
            // each other); then the indexes go up on connections of their own while the trees are repaired.
            try await target.execute("ANALYZE public.plan_nodes (id, plan_id, parent_id, node_type, created_at)")
            async let early: Void = indexes.buildEarly(
                StatementPool(location: options.target, connections: max(1, options.workers - 1), logger: logger))
            try await repairTrees(target, state: state, progress: { progress("\($0) \(elapsed())") })
            try await early
            outcome.repairs = try await TreeRepairer(link: target, nodes: "", plans: "", repairs: TargetLoader.repairs).summary()
            try await checkpoint("indexes")
            // No ANALYZE here: autovacuum analyzes the loaded tables, and sampling v1's large texts cost more
            // than building the indexes.
            try await indexes.rebuild(pool, analyze: [])
            progress("restored secondary indexes and foreign keys \(elapsed())")
            if try await !state.isDone("secrets"), let v1 = options.keys.v1, let v2 = options.keys.v2 {
                try await checkpoint("secrets")
                outcome.secretsReencrypted = try await SecretReencryptor(target: target, v1: v1, v2: v2).run()
                try await state.markDone("secrets", rows: outcome.secretsReencrypted)
            }
            if let manifest = try await archived {
                outcome.archive = manifest
                try await state.markDone("archive", rows: manifest.entries.count)
                progress("archive written to \(options.archiveDirectory) \(elapsed())")
            }
            if let avatars = options.avatars {
                try await checkpoint("avatars")
                outcome.avatars = try await AvatarCopier(
                    source: source, target: target, state: state, options: avatars, archiveDirectory: options.archiveDirectory,
                    archiveStorage: options.archiveStorage
                ).run()
                progress("copied \(outcome.avatars?.rewritten ?? 0) avatar(s) into \(avatars.dataDirectory) \(elapsed())")
            }
            try await checkpoint("finish")
            try await state.finish()
        }
    }

    /// Finds the D6 tree repairs on the plan nodes loaded as v1 had them, records them and applies them, in one
    /// transaction with its step record (an interrupted repair leaves v1's nodes, found again next time).
    private func repairTrees(_ target: PGLink, state: TargetState, progress: @Sendable (String) -> Void) async throws {
        guard try await !state.isDone("tree_repairs") else { return }
        try await options.checkpoint("tree_repairs")
        try await target.transaction {
            try await target.execute("DELETE FROM \(TargetLoader.repairs)")
            try await TreeRepairer(link: target, nodes: "public.plan_nodes", plans: "public.plans", repairs: TargetLoader.repairs)
                .findRepairs()
            for statement in TargetLoader.applyRepairsStatements { try await target.execute(statement) }
            try await state.markDone("tree_repairs", rows: 0)
        }
        progress("repaired the plan trees")
    }

    private func writeArchive(_ source: PGLink, _ shape: SourceShape, _ sourceName: String) async throws -> ArchiveManifest {
        try await options.checkpoint("archive")
        let writer = ArchiveWriter(source: source, directory: options.archiveDirectory, storage: options.archiveStorage)
        return try await writer.write(ArchiveSubject.all(shape), sourceName: sourceName)
    }

    /// The repairs a run would make, found on the source in temporary tables (nothing is written).
    private func dryRunRepairs(_ source: PGLink) async throws -> [String: Int] {
        try await source.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE")
        try await source.execute("SET default_transaction_read_only = off")
        try await source.execute(
            """
            CREATE TEMP TABLE dry_tree_repairs (node_id uuid PRIMARY KEY, plan_id uuid NOT NULL, kind text NOT NULL,
              created boolean NOT NULL DEFAULT false, old_parent_id uuid, new_parent_id uuid, old_node_type text,
              new_node_type text)
            """)
        let repairer = TreeRepairer(link: source, nodes: "public.plan_nodes", plans: "public.plans", repairs: "dry_tree_repairs")
        try await repairer.findRepairs()
        return try await repairer.summary()
    }
}
