import Foundation
import Persistence

/// People on nodes (ROUTES.md §4.3): assignments, the users who may be assigned, and a node's activity. Knows
/// nothing of HTTP. These v1 handlers told a missing plan (404) from a denied one (403 `Access denied`); v2 keeps
/// that, and looks the node up first where v1 did.
struct NodeAssignmentService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    /// v1 did not check that the node is in the plan; v2 lists only a node of this plan (else `[]`).
    func assignments(planID: UUID?, nodeID: UUID?, caller: AuthenticatedUser) async throws -> [NodeAssignment] {
        try await store.withSession { session in
            _ = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            guard let planID, let node = try? await NodeService.node(nodeID, in: planID, session: session, missing: "")
            else { return [] }
            return try await session.nodeAssignments.list(nodeID: node.id)
        }
    }

    /// Only the owner and collaborators may be assigned, once per node.
    func assign(_ assigneeText: String, planID: UUID?, nodeID: UUID?, by caller: AuthenticatedUser) async throws
        -> NodeAssignment
    {
        try await store.transaction { session in
            let node = try await Self.node(planID, nodeID, in: session)
            let access = try await policy.requireExisting(
                .edit, planID, userID: caller.id, in: session, denied: "Insufficient permissions to assign users")
            let notCollaborator = APIError(.badRequest, "User must be a collaborator on the plan to be assigned to nodes")
            guard let assignee = UUID(uuidString: assigneeText) else { throw notCollaborator }
            if assignee != access.plan.ownerID, try await session.collaborators.role(planID: access.plan.id, userID: assignee) == nil {
                throw notCollaborator
            }
            let duplicate = APIError(.badRequest, "User is already assigned to this node")
            if try await session.nodeAssignments.find(nodeID: node.id, userID: assignee) != nil { throw duplicate }
            do {
                return try await session.nodeAssignments.create(nodeID: node.id, userID: assignee, by: caller.id)
            } catch let violation as ConstraintViolation where violation.kind == .unique {
                throw duplicate
            }
        }
    }

    /// Succeeds whether or not the user was assigned, as v1.
    func unassign(_ assigneeText: String, planID: UUID?, nodeID: UUID?, by caller: AuthenticatedUser) async throws {
        try await store.transaction { session in
            let node = try await Self.node(planID, nodeID, in: session)
            _ = try await policy.requireExisting(
                .edit, planID, userID: caller.id, in: session, denied: "Insufficient permissions to unassign users")
            if let assignee = UUID(uuidString: assigneeText) {
                try await session.nodeAssignments.delete(nodeID: node.id, userID: assignee)
            }
        }
    }

    /// The owner first (role `owner`), then the collaborators with a user.
    func availableUsers(planID: UUID?, caller: AuthenticatedUser) async throws -> [(user: User, role: String)] {
        try await store.withSession { session in
            let access = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            var users: [(User, String)] = []
            if let owner = try await session.users.find(id: access.plan.ownerID) { users.append((owner, "owner")) }
            for (collaborator, user) in try await session.collaborators.list(planID: access.plan.id) {
                if let user { users.append((user, collaborator.role)) }
            }
            return users
        }
    }

    /// The node and v1's merged activity feed of it (`NodeActivity.feed`), before paging.
    func activities(planID: UUID?, nodeID: UUID?, limit: Int, caller: AuthenticatedUser) async throws
        -> (node: PlanNode, feed: [NodeActivity])
    {
        try await store.withSession { session in
            let node: PlanNode
            do {
                node = try await Self.node(planID, nodeID, in: session)
            } catch {
                throw APIError(.notFound, "Node not found in this plan", extra: ["details": "no such node in this plan"])
            }
            _ = try await policy.requireExisting(.read, planID, userID: caller.id, in: session, denied: "Access denied")
            let logs = try await session.nodeLogs.list(nodeID: node.id, logType: nil)
            let assignments = try await session.nodeAssignments.list(nodeID: node.id)
            return (node, NodeActivity.feed(logs: logs, assignments: assignments, limit: limit))
        }
    }

    private static func node(_ planID: UUID?, _ nodeID: UUID?, in session: DataSession) async throws -> PlanNode {
        guard let planID else { throw APIError(.notFound, "Node not found in this plan") }
        return try await NodeService.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
    }
}
