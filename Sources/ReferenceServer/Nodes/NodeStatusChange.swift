import Foundation
import Persistence

/// What a node's status change writes besides the row itself, in the change's transaction.
enum NodeStatusChange {
    /// v1's `Updated status to <s>` log row (written even when the status is unchanged) and, when it really
    /// changes, an audit row with the acting user and the `task.status_changed` event. Shared by PUT …/status
    /// and PUT node; v1 sent its status webhooks from PUT node only, v2 from both (one rule for one change).
    static func record(
        _ status: String, of node: PlanNode, now updated: PlanNode, plan: Plan, by identity: AuthenticatedUser,
        in session: DataSession
    ) async throws {
        _ = try await session.nodeLogs.create(
            nodeID: node.id, userID: identity.id, content: "Updated status to \(status)", logType: "progress",
            metadata: .emptyObject, tags: [])
        if node.status != status {
            try await session.nodeLogs.auditStatusChange(
                nodeID: node.id, userID: identity.id, from: node.status, to: status, title: node.title)
            try await session.domainEvents.record(
                NodeEvents.statusChanged(
                    updated, from: node.status, plan: plan, actorID: identity.id,
                    actorName: identity.name ?? identity.email))
        }
    }
}
