import Logging
import Persistence

/// The staging step of a run: every staged table copied by `StageCopier`, several tables at once, each
/// worker on its own pair of connections. A table is recorded as staged (with its row count) by the worker
/// that copied it; an unlogged staging table that lost rows to a server restart is staged again.
struct StagingRun: Sendable {
    let source: PostgresLocation
    let target: PostgresLocation
    let copier: StageCopier
    let workers: Int
    let logger: Logger
    let checkpoint: @Sendable (String) async throws -> Void

    /// Copies every table not staged yet, largest first; `progress` gets one line per table.
    func run(sizes: [String: Int], state: TargetState, progress: @escaping @Sendable (String) -> Void) async throws {
        var pending: [V1Table] = []
        for table in copier.staged {
            if try await isStaged(table, state: state) { continue }
            pending.append(table)
        }
        pending.sort { (sizes[$0.qualifiedName] ?? 0) > (sizes[$1.qualifiedName] ?? 0) }
        let queue = TableQueue(pending)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<max(1, min(workers, pending.count)) {
                group.addTask { try await work(queue, progress: progress) }
            }
            try await group.waitForAll()
        }
    }

    /// Staged, and still holding the rows recorded then (unlogged tables are emptied by a server crash).
    private func isStaged(_ table: V1Table, state: TargetState) async throws -> Bool {
        let step = "stage:\(table.qualifiedName)"
        guard let recorded = try await state.rows(step) else { return false }
        let stage = StageCopier.stageName(table.qualifiedName)
        if try await state.link.count("SELECT count(*)::text FROM \(stage)") == recorded { return true }
        try await state.link.execute("TRUNCATE \(stage)")
        try await state.forget(step)
        return false
    }

    private func work(_ queue: TableQueue, progress: @Sendable (String) -> Void) async throws {
        try await PGLink.with(source, role: "source", logger: logger) { source in
            try await source.execute("SET default_transaction_read_only = on")
            try await PGLink.with(target, role: "target", logger: logger) { target in
                try await target.execute("SET search_path = \(TargetState.stageSchema)")
                try await target.execute("SET synchronous_commit = off")
                let state = TargetState(link: target)
                while let table = await queue.next() {
                    try await checkpoint("stage:\(table.qualifiedName)")
                    let rows = try await copier.copy(table, source: source, target: target)
                    try await state.markDone("stage:\(table.qualifiedName)", rows: rows)
                    progress("staged \(table.qualifiedName): \(rows) rows")
                }
            }
        }
    }
}

/// The tables still to stage, handed out one at a time to the workers.
actor TableQueue {
    private var tables: [V1Table]

    init(_ tables: [V1Table]) { self.tables = tables }

    func next() -> V1Table? { tables.isEmpty ? nil : tables.removeFirst() }
}
