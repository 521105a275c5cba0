import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

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
                            (
                                try session.types.optionalUUID(row, "user_id"), try row.decode(column: "action", as: String.self),
                                try session.types.json(row, "details")
                            )
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
            #expect(
                items.compactMap { $0["content"]?.stringValue } == [
                    "Updated status to blocked", "Updated status to not_started", "Created task \"T\"",
                ])
        }
    }

    @Test("concurrent crossing moves: exactly one wins and the tree keeps no cycle", arguments: DatabaseDialect.allCases)
    func concurrentMoves(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (_, access, _) = try await harness.register("mover@example.com")
            let bearer = "Bearer \(access)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Crossing"], authorization: bearer)
            let planID = try #require(plan.json["id"]?.stringValue)
            for round in 0..<5 {
                let a = try await harness.send(
                    .post, "/plans/\(planID)/nodes", json: ["node_type": "phase", "title": .string("A\(round)")], authorization: bearer)
                let b = try await harness.send(
                    .post, "/plans/\(planID)/nodes", json: ["node_type": "phase", "title": .string("B\(round)")], authorization: bearer)
                let aID = try #require(a.json["id"]?.stringValue)
                let bID = try #require(b.json["id"]?.stringValue)
                // act
                async let first = harness.send(.post, "/plans/\(planID)/nodes/\(aID)/move", json: ["parent_id": .string(bID)], authorization: bearer)
                async let second = harness.send(.post, "/plans/\(planID)/nodes/\(bID)/move", json: ["parent_id": .string(aID)], authorization: bearer)
                let statuses = [try await first.status.code, try await second.status.code].sorted()
                // assert
                #expect(statuses == [200, 400], "round \(round): \(statuses)")
            }
            let tree = try await harness.send(.get, "/plans/\(planID)/nodes", authorization: bearer)
            guard case .array(let roots) = tree.json else {
                Issue.record("tree is not an array")
                return
            }
            #expect(roots.count == 1, "every node still hangs under the one root")
            func count(_ node: JSONValue) -> Int {
                guard case .array(let children)? = node["children"] else { return 1 }
                return 1 + children.map(count).reduce(0, +)
            }
            #expect(roots.map(count).reduce(0, +) == 11, "root plus ten phases, each reached once")
        }
    }
}
