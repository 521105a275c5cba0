import Synchronization

/// Rows handled so far, for a progress display (`agentplanner migrate run` and `verify` on a terminal).
public struct RowProgress: Sendable {
    /// `staging` (run) or `comparing` (verify).
    public let phase: String
    /// The table worked on last.
    public let table: String
    /// Rows of every table so far, and in all (expected).
    public let done: Int
    public let total: Int
}

/// Sums per-table row counts reported by concurrent workers into one `RowProgress`.
final class RowTally: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let phase: String
    let total: Int
    let report: @Sendable (RowProgress) -> Void

    init(phase: String, total: Int, report: @escaping @Sendable (RowProgress) -> Void) {
        self.phase = phase
        self.total = total
        self.report = report
    }

    /// `rows` is the table's count so far (not an increment).
    func update(_ table: String, rows: Int) {
        let done = counts.withLock { counts in
            counts[table] = rows
            return counts.values.reduce(0, +)
        }
        report(RowProgress(phase: phase, table: table, done: done, total: total))
    }
}
