import DataMigration
import EventDispatch
import Foundation
import Logging
import Persistence
import Testing

/// Teams audit a migration days after the cut-over: what v2 itself did since the run finished is a note, a
/// migration fault is still a failure.
@Suite("Verify after go-live", .serialized)
struct AfterGoLiveTests {
    @Test("serve's cron and a login on the migrated database are notes; an unrecorded delete still fails")
    func cronAndLogin() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            var quiet = h.logger
            quiet.logLevel = .error
            // act: the cron `serve` runs at start, and a login through v2's repository
            let ran = try await DatabaseStores.withStore(.postgres(h.target), logger: quiet) { store in
                let ran = try await DispatchCron(store: store, settings: CronSettings()).runDue()
                try await store.withSession { session in
                    let user = try #require(try await session.users.find(email: "canary0@example.com"))
                    try await session.users.recordSignIn(id: user.id, at: Date())
                }
                return ran
            }
            let afterCron = try await h.verify()
            let purged = try #require(
                try await h.scalar(on: h.target, "SELECT row_key FROM maintenance_changes WHERE action = 'delete' ORDER BY row_key LIMIT 1"))
            let lost = try #require(try await h.scalar(on: h.target, "SELECT id::text FROM message_deliveries ORDER BY id LIMIT 1"))
            try await h.execute(on: h.target, ["DELETE FROM message_deliveries WHERE id = '\(lost)'"])
            let afterLoss = try await h.verify()
            // assert: each job changed migrated rows, and verify explains them
            #expect((ran[.heartbeatStaleness] ?? 0) > 0 && (ran[.decisionExpiry] ?? 0) > 0 && (ran[.deliveryPurge] ?? 0) > 0)
            #expect(afterCron.passed, "\(afterCron.failures.map { "\($0.name): \($0.firstDifferences)" })")
            let notes = Dictionary(
                afterCron.checks.filter { $0.section == "after go-live" }.map { ($0.name.components(separatedBy: ":")[0], $0) },
                uniquingKeysWith: { a, _ in a })
            #expect(Set(notes.keys).isSuperset(of: ["agent_heartbeats", "decision_requests", "message_deliveries", "users"]))
            #expect(notes.values.allSatisfy { $0.status == .note })
            #expect(notes["message_deliveries"]?.firstDifferences.contains("message_deliveries id=\(purged): purged by delivery-purge") == true)
            #expect(notes["agent_heartbeats"]?.firstDifferences.first?.hasSuffix("changed by heartbeat-staleness: status") == true)
            #expect(notes["users"]?.firstDifferences.first?.contains("last_sign_in_at") == true)
            // a row deleted outside v2's code paths is a loss
            #expect(!afterLoss.passed)
            let keys = try #require(afterLoss.failures.first { $0.name == "message_deliveries: row count and primary keys" })
            #expect(keys.firstDifferences == ["message_deliveries id=\(lost): missing in the target"])
        }
    }
}
