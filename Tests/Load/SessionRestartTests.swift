import Foundation
import Logging
import Persistence
import Synchronization
import Testing

/// PostgresNIO 1.33 can leave a query unanswered forever when PostgreSQL restarts under it; the store's
/// sessions must come back with an error instead (`ConnectionLossGuard`), so every loop goes on.
@Suite("PostgreSQL restart under sessions", .tags(.slow))
struct SessionRestartTests {
    final class Progress: Sendable {
        let entries = Mutex<[Int: (at: Date, iterations: Int, errors: Int, doing: String)]>([:])
    }

    @Test("20 sessions querying while PostgreSQL restarts: every one finishes its loop")
    func sessionsSurviveRestart() async throws {
        let cluster = try PrivateCluster.start()
        defer { cluster.remove() }
        let logger = Logger(label: "restart-probe", factory: { _ in SwiftLogNoOpLogHandler() })
        let store = try PostgresStore(cluster.location, logger: logger, maximumConnections: 10)
        let progress = Progress()
        let seconds: TimeInterval = 12
        try await DatabaseStores.withRunning(store) { store in
            // Unstructured, so a loop stuck in a query fails the test instead of holding it forever.
            var loops: [Task<Void, Never>] = []
            do {
                for loop in 0..<20 {
                    loops.append(
                        Task {
                            let end = Date().addingTimeInterval(seconds)
                            var iterations = 0
                            var errors = 0
                            while Date() < end {
                                progress.entries.withLock { $0[loop] = (Date(), iterations, errors, "query") }
                                do {
                                    try await store.withSession { try await $0.sql.raw("SELECT pg_sleep(0.005)").run() }
                                } catch {
                                    errors += 1
                                    try? await Task.sleep(for: .milliseconds(20))
                                }
                                iterations += 1
                            }
                            progress.entries.withLock { $0[loop] = (Date(), iterations, errors, "done") }
                        })
                }
                try await Task.sleep(for: .seconds(3))
                try cluster.control("restart")
                // Bounded: a loop stuck in a query is reported, not waited for.
                let deadline = Date().addingTimeInterval(seconds + 15)
                while Date() < deadline, progress.entries.withLock({ $0.values.contains { $0.doing != "done" } || $0.count < 20 }) {
                    try await Task.sleep(for: .milliseconds(200))
                }
                let entries = progress.entries.withLock { $0 }
                let stuck = entries.filter { $0.value.doing != "done" }.keys.sorted()
                let totals = entries.values.reduce((0, 0)) { ($0.0 + $1.iterations, $0.1 + $1.errors) }
                print("restart under sessions: \(totals.0) queries, \(totals.1) errors, stuck loops: \(stuck)")
                #expect(entries.count == 20)
                #expect(stuck.isEmpty, "loops waiting on a query since the restart: \(stuck)")
                #expect(totals.1 > 0, "the restart cut no session: the test did not test anything")
                if stuck.isEmpty { for loop in loops { await loop.value } }
            }
        }
    }
}
