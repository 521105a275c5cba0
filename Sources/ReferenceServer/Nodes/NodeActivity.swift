import AgentPlannerCore
import Foundation
import Persistence

/// One entry of a node's activity feed (v1's shapes: `log_<id>`, `assignment_<id>`, `status_<id>`).
struct NodeActivity: ShapedOutput {
    let id: String
    let type: String
    let subtype: String
    let content: String
    let date: Date?
    let user: UUID
    let metadata: JSONValue

    var timestamp: Date { date ?? .distantPast }

    static let shape = ObjectShape<NodeActivity>([
        .text("id") { $0.id }, .value("type", JSONSchema.oneOf(["log", "assignment", "status_change"])) { .string($0.type) },
        .text("subtype") { $0.subtype }, .text("content") { $0.content }, .time("timestamp") { $0.date },
        .object("user", author) { $0.user }, .stored("metadata", "what the entry is about") { $0.metadata },
    ])

    /// v1 named no one: every author is `User`, without email or avatar.
    private static let author = ObjectShape<UUID>([
        .id("id") { $0 }, .value("email", JSONSchema.type("null")) { _ in .null }, .constant("name", "User"),
        .value("avatar_url", JSONSchema.type("null")) { _ in .null },
    ])

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
            id: prefix + id.lowercased, type: type, subtype: subtype, content: content, date: date, user: user, metadata: metadata)
    }
}
