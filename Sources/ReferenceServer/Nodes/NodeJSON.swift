import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of plan nodes and their logs.
enum NodeJSON {
    /// Every column of `plan_nodes`.
    static func row(_ node: PlanNode) -> [String: JSONValue] {
        [
            "id": .string(node.id.lowercased), "plan_id": .string(node.planID.lowercased),
            "parent_id": node.parentID.map { .string($0.lowercased) } ?? .null, "node_type": .string(node.nodeType),
            "title": .string(node.title), "description": PlanJSON.text(node.description), "status": .string(node.status),
            "order_index": .number(Double(node.orderIndex)), "due_date": PlanJSON.time(node.dueDate),
            "created_at": PlanJSON.time(node.createdAt), "updated_at": PlanJSON.time(node.updatedAt),
            "context": PlanJSON.text(node.context), "agent_instructions": PlanJSON.text(node.agentInstructions),
            "metadata": node.metadata ?? .null, "agent_requested": PlanJSON.text(node.agentRequested),
            "agent_requested_at": PlanJSON.time(node.agentRequestedAt),
            "agent_requested_by": node.agentRequestedBy.map { .string($0.lowercased) } ?? .null,
            "agent_request_message": PlanJSON.text(node.agentRequestMessage),
            "assigned_agent_id": node.assignedAgentID.map { .string($0.lowercased) } ?? .null,
            "assigned_agent_at": PlanJSON.time(node.assignedAgentAt),
            "assigned_agent_by": node.assignedAgentBy.map { .string($0.lowercased) } ?? .null,
        ]
    }

    static let summaryKeys = ["id", "parent_id", "node_type", "title", "status", "order_index"]
    static let detailKeys =
        summaryKeys + [
            "plan_id", "description", "due_date", "created_at", "updated_at", "context", "agent_instructions", "metadata",
        ]
    /// `GET /plans/:id/nodes/:nodeId`.
    static let singleKeys = detailKeys

    static func pick(_ node: PlanNode, _ keys: [String]) -> [String: JSONValue] {
        let all = row(node)
        return Dictionary(uniqueKeysWithValues: keys.compactMap { key in all[key].map { (key, $0) } })
    }

    /// The forest built from `parent_id` in memory from one query's rows; siblings by `order_index`, then
    /// creation. Nodes whose parent is missing become roots of the forest, as in v1.
    static func forest(_ nodes: [PlanNode], keys: [String]) -> [JSONValue] {
        let ids = Set(nodes.map(\.id))
        var children: [UUID: [PlanNode]] = [:]
        var roots: [PlanNode] = []
        for node in nodes {
            if let parent = node.parentID, ids.contains(parent), parent != node.id {
                children[parent, default: []].append(node)
            } else {
                roots.append(node)
            }
        }
        func ordered(_ list: [PlanNode]) -> [PlanNode] {
            list.sorted {
                ($0.orderIndex, $0.createdAt ?? .distantPast, $0.id.uuidString)
                    < ($1.orderIndex, $1.createdAt ?? .distantPast, $1.id.uuidString)
            }
        }
        // `visited` stops cycles that v1 data may hold. Recursive: very deep trees (the 1,000-level case of the
        // planning-core issue) are not yet measured.
        var visited = Set<UUID>()
        func build(_ node: PlanNode) -> JSONValue {
            visited.insert(node.id)
            var object = pick(node, keys)
            let kids = ordered(children[node.id] ?? []).filter { !visited.contains($0.id) }
            object["children"] = .array(kids.map { build($0) })
            return .object(object)
        }
        return ordered(roots).map { build($0) }
    }
}
