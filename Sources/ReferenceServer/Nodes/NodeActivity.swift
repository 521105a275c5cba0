import AgentPlannerCore
import Foundation
import Persistence

/// One entry of a node's activity feed (v1's shapes: `log_<id>`, `assignment_<id>`, `status_<id>`).
struct NodeActivity {
    let id: String
    let timestamp: Date
    let json: JSONValue

    static func feed(logs: [NodeLog], assignments: [NodeAssignment], limit: Int) -> [NodeActivity] {
        var feed: [NodeActivity] = []
        for log in logs.prefix(limit) {
            feed.append(
                entry(
                    "log_", log.id, type: "log", subtype: log.logType, content: log.content, at: log.createdAt,
                    user: log.userID, metadata: log.metadata ?? .emptyObject))
        }
        for assignment in assignments.prefix(limit) {
            feed.append(
                entry(
                    "assignment_", assignment.id, type: "assignment", subtype: "assigned",
                    content: "User assigned to this task", at: assignment.assignedAt, user: assignment.assignedBy,
                    metadata: ["assignee_id": .string(assignment.userID.lowercased)]))
        }
        let prefix = "Updated status to "
        let statusLogs = logs.filter { $0.logType == "progress" && $0.content.hasPrefix(prefix) }.prefix(10)
        for log in statusLogs {
            let word = log.content.dropFirst(prefix.count).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !word.isEmpty else { continue }
            feed.append(
                entry(
                    "status_", log.id, type: "status_change", subtype: "status", content: log.content,
                    at: log.createdAt, user: log.userID, metadata: ["to_status": .string(String(word))]))
        }
        // Stable: equal timestamps keep the order above (log, assignment, status), as v1's sort did.
        return feed.enumerated().sorted { lhs, rhs in
            lhs.element.timestamp != rhs.element.timestamp
                ? lhs.element.timestamp > rhs.element.timestamp : lhs.offset < rhs.offset
        }.map(\.element)
    }

    private static func entry(
        _ prefix: String, _ id: UUID, type: String, subtype: String, content: String, at date: Date?, user: UUID,
        metadata: JSONValue
    ) -> NodeActivity {
        NodeActivity(
            id: prefix + id.lowercased, timestamp: date ?? .distantPast,
            json: [
                "id": .string(prefix + id.lowercased), "type": .string(type), "subtype": .string(subtype),
                "content": .string(content), "timestamp": PlanJSON.time(date),
                "user": ["id": .string(user.lowercased), "email": .null, "name": "User", "avatar_url": .null],
                "metadata": metadata,
            ])
    }
}
