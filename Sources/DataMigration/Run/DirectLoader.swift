import Persistence
import Synchronization

/// Loads the v2 tables that need no repair and no join straight from the source: the mapping's SELECT runs on
/// the source as `COPY … TO STDOUT` and its lines go into `COPY public.<table> FROM STDIN` on the target (libpq),
/// each table in one transaction with its step record, several tables at once. No staging copy, no second
/// pass, nothing held in memory but one row.
struct DirectLoader: Sendable {
    let source: PostgresLocation
    let target: PostgresLocation
    let relations: SourceRelations
    let workers: Int
    let checkpoint: @Sendable (String) async throws -> Void

    /// Loads `projections` (largest first); returns rows per table and reports each table's count.
    func load(_ projections: [Projection], rows: @escaping @Sendable (String, Int) -> Void) async throws -> [String: Int] {
        let queue = Locked(projections)
        let loaded = Locked<[String: Int]>([:])
        let relations = self.relations
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<max(1, min(workers, projections.count)) {
                tasks.addTask { [source, target, checkpoint] in
                    let links = try await PQCopy.onThread {
                        let from = try PQConnection(source, role: "source")
                        try from.execute("SET default_transaction_read_only = on")
                        let to = try PQConnection(target, role: "target")
                        try to.execute("SET synchronous_commit = off")
                        return (from, to)
                    }
                    while let projection = queue.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) as Projection? {
                        let step = "load:\(projection.target)"
                        try await checkpoint(step)
                        let count = try await PQCopy.onThread {
                            try links.1.execute("BEGIN")
                            do {
                                // The table is empty (a load not recorded as done rolled back whole); truncating
                                // it in this transaction lets the rows be written frozen.
                                try links.1.execute("TRUNCATE public.\(projection.target)")
                                let count = try links.0.copy(
                                    projection.select(relations.resolve), into: "public.\(projection.target)",
                                    columns: projection.columns.map(\.name), on: links.1, freeze: true)
                                try links.1.execute(TargetState.markDoneStatement(step, rowsOf: "public.\(projection.target)"))
                                try links.1.execute("COMMIT")
                                return count
                            } catch {
                                try? links.1.execute("ROLLBACK")
                                throw error
                            }
                        }
                        loaded.withLock { $0[projection.target] = count }
                        rows(projection.target, count)
                    }
                }
            }
            try await tasks.waitForAll()
        }
        return loaded.withLock { $0 }
    }
}

/// A value behind a lock, shareable between tasks and threads.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<T: Sendable>(_ body: (inout Value) -> T) -> T { mutex.withLock { body(&$0) } }
}
