import Foundation
import Testing

@testable import DataMigration

/// The in-memory walk that finds the nodes on a cycle of parents, plan by plan.
@Suite("Cycle finder")
struct CycleFinderTests {
    /// A stable id per name, so expectations read as names.
    static func id(_ name: String) -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for (offset, byte) in name.utf8.enumerated() { bytes[offset % 16] ^= byte &+ UInt8(offset) }
        return UUID(
            uuid: (
                bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12],
                bytes[13], bytes[14], bytes[15]
            ))
    }

    /// Feeds `plans` (plan → [(node, parent)]) in plan order and names the cycle members found.
    static func members(_ plans: [(String, [(String, String?)])]) -> Set<String> {
        var names: [UUID: String] = [:]
        var finder = CycleFinder()
        for (plan, nodes) in plans {
            for (node, parent) in nodes {
                names[id(node)] = node
                finder.add(id: id(node), plan: id(plan), parent: parent.map(id))
            }
        }
        return Set(finder.finished().map { names[$0] ?? "?" })
    }

    @Test("a healthy tree has no cycle; a chain to a root still to be created is none either")
    func healthy() {
        #expect(Self.members([("p", [("root", nil), ("a", "root"), ("b", "a"), ("c", "b")])]).isEmpty)
        #expect(Self.members([("p", [("a", "created-root"), ("b", "a")])]).isEmpty)
    }

    @Test("the members of a cycle are found, the nodes hanging under it and a self-parent as well")
    func cycles() {
        let found = Self.members([
            ("p", [("root", nil), ("x", "y"), ("y", "z"), ("z", "x"), ("under", "x"), ("deeper", "under"), ("self", "self")])
        ])
        #expect(found == ["x", "y", "z", "self"])
    }

    @Test("each plan is walked on its own: the last plan counts, and a parent id in another plan ends a walk")
    func planByPlan() {
        let found = Self.members([
            ("p1", [("r1", nil), ("a", "b"), ("b", "a")]),
            ("p2", [("r2", nil), ("c", "a"), ("d", "e"), ("e", "d")]),
        ])
        #expect(found == ["a", "b", "d", "e"])
    }
}
