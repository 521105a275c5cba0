import AgentPlannerCore
import Foundation
import Persistence

/// Writes `GET /plans/:id/nodes` in one pass from the rows to the bytes: the same forest and the same text as
/// `NodeJSON.forest` written by `JSONWriter` (siblings by `order_index`, creation, then id; a node whose parent is
/// missing, or is itself, becomes a root; nodes on a cycle are not reachable and not written; keys sorted), without
/// building a `JSONValue` tree. Iterative, so a 1,000-level plan is as easy as a flat one.
public enum NodeTreeWriter {
    public static func bytes(_ rows: [PlanTreeRow]) -> [UInt8] {
        let count = rows.count
        var position: [UUID: Int] = [:]
        position.reserveCapacity(count)
        for (index, row) in rows.enumerated() { position[row.id] = index }

        // Sort once, then fill each parent's slice of `children` in that order (counting sort by parent).
        let keys = rows.map(SortKey.init)
        let order = (0..<count).sorted { keys[$0] < keys[$1] }
        let parent: [Int] = rows.map { row in
            guard let id = row.parentID, id != row.id, let index = position[id] else { return -1 }
            return index
        }
        var start = [Int](repeating: 0, count: count + 1)
        for index in 0..<count where parent[index] >= 0 { start[parent[index] + 1] += 1 }
        for index in 0..<count { start[index + 1] += start[index] }
        var fill = start
        var children = [Int](repeating: 0, count: start[count])
        var roots: [Int] = []
        for index in order {
            if parent[index] >= 0 {
                children[fill[parent[index]]] = index
                fill[parent[index]] += 1
            } else {
                roots.append(index)
            }
        }

        var output: [UInt8] = []
        output.reserveCapacity(count * (rows.first?.details == nil ? 200 : 600) + 2)
        output.append(UInt8(ascii: "["))
        var visited = [Bool](repeating: false, count: count)
        // Each frame: a node whose `children` array is open, and the next of its children to write.
        var stack: [(node: Int, next: Int)] = []
        var wroteSibling = false
        for root in roots {
            if wroteSibling { output.append(UInt8(ascii: ",")) }
            wroteSibling = true
            visited[root] = true
            open(rows[root], into: &output)
            stack.append((root, start[root]))
            while let top = stack.last {
                if top.next < start[top.node + 1] {
                    stack[stack.count - 1].next += 1
                    let child = children[top.next]
                    if visited[child] { continue }
                    visited[child] = true
                    if output.last != UInt8(ascii: "[") { output.append(UInt8(ascii: ",")) }
                    open(rows[child], into: &output)
                    stack.append((child, start[child]))
                } else {
                    close(rows[top.node], into: &output)
                    stack.removeLast()
                }
            }
        }
        output.append(UInt8(ascii: "]"))
        return output
    }

    /// `{`, the keys that sort before `children`, and `"children":[`.
    private static func open(_ row: PlanTreeRow, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        if let details = row.details {
            field("agent_instructions", first: true, &output)
            text(details.agentInstructions, &output)
            output.append(UInt8(ascii: ","))
        }
        output.append(contentsOf: #""children":["#.utf8)
    }

    /// `]`, the keys that sort after `children`, and `}`.
    private static func close(_ row: PlanTreeRow, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "]"))
        if let details = row.details {
            field("context", &output)
            text(details.context, &output)
            field("created_at", &output)
            time(row.createdAt, &output)
            field("description", &output)
            text(details.description, &output)
            field("due_date", &output)
            time(details.dueDate, &output)
            field("id", &output)
            uuid(row.id, &output)
            field("metadata", &output)
            JSONWriter.append(details.metadata ?? .null, to: &output)
            summaryTail(row, &output)
            field("plan_id", &output)
            uuid(details.planID, &output)
            field("status", &output)
            JSONWriter.appendString(row.status, to: &output)
            field("title", &output)
            JSONWriter.appendString(row.title, to: &output)
            field("updated_at", &output)
            time(details.updatedAt, &output)
        } else {
            field("id", &output)
            uuid(row.id, &output)
            summaryTail(row, &output)
            field("status", &output)
            JSONWriter.appendString(row.status, to: &output)
            field("title", &output)
            JSONWriter.appendString(row.title, to: &output)
        }
        output.append(UInt8(ascii: "}"))
    }

    /// `node_type`, `order_index` and `parent_id`, which sort together in both shapes.
    private static func summaryTail(_ row: PlanTreeRow, _ output: inout [UInt8]) {
        field("node_type", &output)
        JSONWriter.appendString(row.nodeType, to: &output)
        field("order_index", &output)
        output.append(contentsOf: String(row.orderIndex).utf8)
        field("parent_id", &output)
        if let parent = row.parentID { uuid(parent, &output) } else { output.append(contentsOf: "null".utf8) }
    }

    private static func field(_ key: StaticString, first: Bool = false, _ output: inout [UInt8]) {
        if !first { output.append(UInt8(ascii: ",")) }
        output.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { output.append(contentsOf: $0) }
        output.append(contentsOf: #"":"#.utf8)
    }

    private static func text(_ value: String?, _ output: inout [UInt8]) {
        if let value { JSONWriter.appendString(value, to: &output) } else { output.append(contentsOf: "null".utf8) }
    }

    private static func time(_ value: Date?, _ output: inout [UInt8]) {
        if let value {
            JSONWriter.appendString(TimestampFormat.api(value), to: &output)
        } else {
            output.append(contentsOf: "null".utf8)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase canonical form, without going through `uuidString`.
    private static func uuid(_ id: UUID, _ output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: id.uuid) { bytes in
            for (index, byte) in bytes.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { output.append(UInt8(ascii: "-")) }
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `NodeJSON.forest`'s sibling order: `order_index`, creation (missing first), then the id's text, which for
    /// the canonical form is the order of its bytes.
    private struct SortKey: Comparable {
        let orderIndex: Int
        let created: Date
        let high: UInt64
        let low: UInt64

        init(_ row: PlanTreeRow) {
            orderIndex = row.orderIndex
            created = row.createdAt ?? .distantPast
            (high, low) = withUnsafeBytes(of: row.id.uuid) { bytes in
                (bytes.loadUnaligned(as: UInt64.self).bigEndian, bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self).bigEndian)
            }
        }

        static func < (lhs: SortKey, rhs: SortKey) -> Bool {
            (lhs.orderIndex, lhs.created, lhs.high, lhs.low) < (rhs.orderIndex, rhs.created, rhs.high, rhs.low)
        }
    }
}
