import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import Testing
import TestSupport

@Suite("Node side effects")
struct NodeSideEffectTests {
    @Test("a status change writes v1's log row and an audit row naming the acting user", arguments: DatabaseDialect.allCases)
    func statusAudit(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (userID, access, _) = try await harness.register("auditor@example.com")
            let bearer = "Bearer \(access)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Audited"], authorization: bearer)
            let planID = try #require(plan.json["id"]?.stringValue)
            let task = try await harness.send(.post, "/plans/\(planID)/nodes", json: ["node_type": "task", "title": "T"], authorization: bearer)
            let taskID = try #require(task.json["id"]?.stringValue)
            // act
            let same = try await harness.send(.put, "/plans/\(planID)/nodes/\(taskID)/status", json: ["status": "not_started"], authorization: bearer)
            let changed = try await harness.send(.put, "/plans/\(planID)/nodes/\(taskID)/status", json: ["status": "blocked"], authorization: bearer)
            // assert
            #expect(same.status == .ok && changed.status == .ok)
            let audits = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.sql.select().columns("user_id", "action", "details").from("audit_logs").all()
                        .map { row in
                            (try session.types.optionalUUID(row, "user_id"), try row.decode(column: "action", as: String.self),
                             try session.types.json(row, "details"))
                        }
                }
            }
            #expect(audits.count == 1, "an unchanged status writes no audit row")
            #expect(audits.first?.0?.uuidString.lowercased() == userID)
            #expect(audits.first?.1 == "status_change")
            #expect(audits.first?.2 == ["old_status": "not_started", "new_status": "blocked", "node_title": "T"])
            let logs = try await harness.send(.get, "/plans/\(planID)/nodes/\(taskID)/logs", authorization: bearer)
            guard case .array(let items) = logs.json else {
                Issue.record("logs is not an array: \(logs.json)")
                return
            }
            #expect(items.compactMap { $0["content"]?.stringValue } == [
                "Updated status to blocked", "Updated status to not_started", "Created task \"T\"",
            ])
        }
    }
}
