import AgentPlannerCore
import Foundation
import Persistence
import SQLKit
import TestSupport
import Testing

@testable import ReferenceServer

@Suite("The tree read's one-pass writer")
struct TreeWriterTests {
    /// A plan whose rows hold every case the forest rules name: ties on `order_index` and on creation, a missing
    /// creation time, a node that is its own parent, a two-node cycle with a child,
    /// text that needs escaping, and metadata whose keys arrive unsorted.
    @Test("answers byte for byte what the generic forest writer answers", arguments: DatabaseDialect.allCases)
    func sameBytes(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            let owner = UUID()
            let plan = UUID()
            try await store.transaction { session in
                try await seed(session, owner: owner, plan: plan)
            }
            for details in [false, true] {
                // act
                let (fast, generic) = try await store.withSession { session in
                    let rows = try await session.planTree.rows(planID: plan, details: details)
                    let nodes = try await session.planNodes.list(planID: plan)
                    let keys = details ? NodeJSON.detailKeys : NodeJSON.summaryKeys
                    return (NodeTreeWriter.bytes(rows), JSONWriter.bytes(.array(NodeJSON.forest(nodes, keys: keys))))
                }
                // assert
                #expect(String(decoding: fast, as: UTF8.self) == String(decoding: generic, as: UTF8.self), "details: \(details)")
                let text = String(decoding: fast, as: UTF8.self)
                #expect(text.contains(#"quote \" backslash \\ newline \n tab \t"#))
                #expect(!text.contains("cycle a"), "nodes on a cycle are unreachable, as in v1")
                #expect(text.components(separatedBy: #""node_type":"root""#).count == 2)
            }
        }
    }

    private func seed(_ session: DataSession, owner: UUID, plan: UUID) async throws {
        let types = session.types
        try await session.sql.insert(into: "users").columns("id", "email", "name")
            .values(types.bind(owner), SQLBind("tree-writer@example.com"), SQLBind("Owner")).run()
        try await session.sql.insert(into: "plans").columns("id", "title", "owner_id", "status")
            .values(types.bind(plan), SQLBind("Plan"), types.bind(owner), SQLBind("active")).run()
        let root = UUID()
        let (cycleA, cycleB, self_) = (UUID(), UUID(), UUID())
        let when = Date(timeIntervalSince1970: 1_700_000_000.123456)
        // (id, plan, parent, type, title, order, created, metadata)
        var rows: [(UUID, UUID, UUID?, String, String, Int, Date?, String)] = [
            (root, plan, nil, "root", "Root", 0, when, #"{"z": 1, "a": {"y": [1, 2.5, "x"], "b": null}}"#),
            (self_, plan, self_, "task", "its own parent", 1, nil, "{}"),
            (cycleA, plan, nil, "task", "cycle a", 0, when, "{}"),
            (cycleB, plan, cycleA, "task", "cycle b", 0, when, "{}"),
            (UUID(), plan, cycleB, "task", "cycle a child", 0, when, "{}"),
        ]
        for index in 0..<12 {
            // Ties: four share an order_index and a creation time, so the id decides.
            rows.append(
                (
                    UUID(), plan, root, index % 3 == 0 ? "milestone" : "task",
                    "quote \" backslash \\ newline \n tab \t ✨ \(index)", index / 4, index % 2 == 0 ? when : nil,
                    #"{"n": \#(index), "tags": ["b", "a"]}"#
                ))
        }
        for row in rows {
            try await session.sql.insert(into: "plan_nodes")
                .columns(
                    "id", "plan_id", "parent_id", "node_type", "title", "status", "order_index", "created_at", "metadata",
                    "description", "due_date"
                )
                .values(
                    types.bind(row.0), types.bind(row.1), row.2 == self_ ? SQLLiteral.null : types.bind(row.2),
                    SQLBind(row.3), SQLBind(row.4), SQLBind("not_started"), SQLBind(row.5), types.bind(row.6),
                    types.bind(json: try JSONValue(jsonText: row.7)), row.5 == 1 ? SQLLiteral.null : SQLBind("d \(row.4)"),
                    types.bind(row.6)
                )
                .run()
        }
        // The cycle and the self-parent are closed afterwards, as a v1 database may hold them.
        try await session.sql.update("plan_nodes").set("parent_id", to: types.bind(cycleB))
            .where("id", .equal, types.bind(cycleA)).run()
        try await session.sql.update("plan_nodes").set("parent_id", to: types.bind(self_))
            .where("id", .equal, types.bind(self_)).run()
    }
}
