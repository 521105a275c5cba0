import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of plans (snake_case rows, PostgREST timestamps).
enum PlanJSON {
    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(TimestampFormat.api($0)) } ?? .null
    }

    static func text(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// round(100 × completed / all nodes, root included), as v1's calculatePlanProgress.
    static func progress(_ counts: (total: Int, completed: Int)?) -> Int {
        guard let counts, counts.total > 0 else { return 0 }
        return Int((100 * Double(counts.completed) / Double(counts.total)).rounded())
    }

    /// v1 ordered the children of its context views by creation, not by order_index.
    static func byCreation(_ nodes: [PlanNode]) -> [PlanNode] {
        nodes.map { node in
            var copy = node
            copy.orderIndex = 0
            return copy
        }
    }

    static func percentage(_ nodes: [PlanNode]) -> Int {
        PlanJSON.progress((nodes.count, nodes.filter { $0.status == "completed" }.count))
    }
}
