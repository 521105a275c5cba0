import DispatchLoad
import EventDispatch
import Foundation
import Logging
import Persistence
import TestSupport
import Testing

@Suite("Dispatch load", .tags(.slow))
struct DispatchLoadTests {
    @Test("2,000 agent requests × 3 adapters with 10% failing sends and a crashed worker: nothing lost")
    func faultInjection() async throws {
        var options = DispatchLoadRun.Options()
        options.requests = 2_000
        options.failEvery = 10
        options.workers = 2
        options.crashWorkerAt = 0.3
        options.maximumSeconds = Double(LoadBudget.maximumSeconds)
        #expect(options.requests * 3 <= LoadBudget.maximumRequests)
        var logger = Logger(label: "load")
        logger.logLevel = .critical
        let run = DispatchLoadRun(options: options)
        let quietLogger = logger
        // A pool of 10 connections: the test suites share one PostgreSQL.
        let report = try await TestDatabases.withPostgresLocation(migrated: true) { location in
            let store = try PostgresStore(location, logger: quietLogger, maximumConnections: 10)
            return try await DatabaseStores.withRunning(store) { store in
                try await run.run(store: store, logger: quietLogger)
            }
        }
        print("dispatch load (Postgres, debug build):\n\(report.description)")
        #expect(report.events == 2_000)
        #expect(report.expected == 6_000)
        #expect(report.lostKeys.isEmpty, "lost: \(report.lostKeys.prefix(5))")
        #expect(report.receivedKeys == 6_000)
        #expect(report.unexpectedKeys == 0)
        #expect(report.badSignatures == 0)
        #expect(report.statusCounts[.delivered] == 6_000)
        #expect(report.statusCounts[.dead, default: 0] == 0)
        #expect(report.crashedWorker != nil)
        // Every 10th request each receiver got failed (the last timed-out ones may still be waiting to be counted).
        #expect(report.faultsInjected >= 540)
        #expect(report.requestsSeen >= 6_000 + report.faultsInjected)
    }
}
