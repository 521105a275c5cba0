import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

@Suite("Deep trees")
struct DeepTreeTests {
    @Test("a 1,000-level chain is created, read back whole, moved and deleted without a 500", arguments: DatabaseDialect.allCases)
    func thousandLevels(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (_, access, _) = try await harness.register("deep@example.com")
            let bearer = "Bearer \(access)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Deep 🌳"], authorization: bearer)
            let planID = try #require(plan.json["id"]?.stringValue)
            // The chain is written in one statement (1,000 HTTP round trips would dominate the test run).
            let chain = try await harness.withStore { store in
                try await store.transaction { session -> [String] in
                    guard let root = try await session.planNodes.root(planID: UUID(uuidString: planID)!) else { return [] }
                    let types = session.types
                    let ids = (1...1_000).map { _ in UUID() }
                    var insert = session.sql.insert(into: "plan_nodes")
                        .columns("id", "plan_id", "parent_id", "node_type", "title", "status", "order_index", "metadata")
                    for (index, id) in ids.enumerated() {
                        insert = insert.values(
                            types.bind(id), types.bind(root.planID), types.bind(index == 0 ? root.id : ids[index - 1]),
                            SQLBind("task"), SQLBind("Level \(index + 1) ✨"), SQLBind("not_started"), SQLBind(0),
                            types.bind(json: .emptyObject))
                    }
                    try await insert.run()
                    return ids.map { $0.uuidString.lowercased() }
                }
            }
            try #require(chain.count == 1_000)
            // act
            let tree = try await harness.send(.get, "/plans/\(planID)/nodes?include_details=true", authorization: bearer)
            let ancestry = try await harness.send(.get, "/plans/\(planID)/nodes/\(chain[999])/ancestry", authorization: bearer)
            let cycle = try await harness.send(
                .post, "/plans/\(planID)/nodes/\(chain[0])/move", json: ["parent_id": .string(chain[999])], authorization: bearer)
            let deleted = try await harness.send(.delete, "/plans/\(planID)/nodes/\(chain[0])", authorization: bearer)
            let after = try await harness.send(.get, "/plans/\(planID)/nodes", authorization: bearer)
            // assert
            #expect(tree.status == .ok)
            func first(_ value: JSONValue?) -> JSONValue? {
                if case .array(let items)? = value { return items.first }
                return nil
            }
            // Foundation's JSON reader stops at 512 levels, so the nesting is checked on the text.
            let text = tree.json.stringValue ?? tree.json.jsonText
            #expect(text.components(separatedBy: "\"children\":[").count - 1 == 1_001, "root plus 1,000 levels")
            #expect(text.contains("Level 1000 ✨"))
            // Keys are sorted, so `children` precede `title`: the deepest title is written first.
            let positions = (1...1_000).map { text.range(of: "\"Level \($0) ✨\"")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil })
            #expect(
                zip(positions, positions.dropFirst()).allSatisfy { pair in
                    guard let upper = pair.0, let lower = pair.1 else { return false }
                    return lower < upper
                }, "each level nests inside the one above")
            guard case .array(let path)? = ancestry.json["ancestry"] else {
                Issue.record("ancestry: \(ancestry.status)")
                return
            }
            #expect(path.count == 1_001)
            #expect(cycle.status == .badRequest, "moving a node under its own descendant is refused")
            #expect(deleted.status == .noContent)
            #expect(first(after.json)?["children"] == .array([]), "the whole chain went with its top")
        }
    }
}
