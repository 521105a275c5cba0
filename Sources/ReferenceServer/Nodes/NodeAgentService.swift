import Foundation
import Persistence

/// Agents on tasks (ROUTES.md §4.3, §5.1, §5.4): a human requests an agent, assigns one, or asks for suggestions
/// by capability. Requests and assignments record their domain event for dispatch in the same transaction.
/// Knows nothing of HTTP; `nodeID` nil means the path's id was malformed (answered like an unknown node).
struct NodeAgentService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    static let requestTypes = ["start", "review", "help", "continue"]

    /// Any collaborator, viewers included, may ask; v1's `Requested agent to …` log row.
    func request(
        type: String, message: String?, planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser
    ) async throws -> PlanNode {
        try await store.transaction { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: Self.missingNode)
            let now = Date()
            guard
                let updated = try await session.nodeAgents.request(
                    nodeID: node.id, type: type, message: message, by: caller.id, at: now)
            else { throw APIError(.notFound, Self.missingNode) }
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: caller.id,
                content: "Requested agent to \(type)" + (message.map { ": \"\($0)\"" } ?? ""), logType: "progress",
                metadata: .emptyObject, tags: [])
            try await session.domainEvents.record(
                NodeEvents.agentRequested(updated, plan: access.plan, requester: caller, at: now))
            return updated
        }
    }

    /// Clearing someone else's open request answers it (`agent.response.received` to the requester).
    func clearRequest(planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser) async throws -> PlanNode {
        try await store.transaction { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            guard let nodeID else { throw APIError(.notFound, Self.missingNode) }
            let before = try await session.planNodes.find(id: nodeID)
            guard let node = try await session.nodeAgents.clearRequest(nodeID: nodeID, planID: planID) else {
                throw APIError(.notFound, Self.missingNode)
            }
            if let before, before.planID == planID,
                let event = NodeEvents.agentResponded(before, plan: access.plan, responder: caller, response: .requestCleared)
            {
                try await session.domainEvents.record(event)
            }
            return node
        }
    }

    /// The order of checks is v1's: node, plan, permission, agent.
    func assign(
        agent agentText: String, planID: UUID?, nodeID: UUID?, by caller: AuthenticatedUser
    ) async throws -> (node: PlanNode, agent: User) {
        try await store.transaction { session in
            guard let planID else { throw APIError(.notFound, Self.missingNode) }
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: Self.missingNode)
            let access = try await policy.requireExisting(
                .edit, planID, userID: caller.id, in: session, denied: "Insufficient permissions")
            guard let agentID = UUID(uuidString: agentText), let agent = try await session.users.find(id: agentID) else {
                throw APIError(.notFound, "Agent not found")
            }
            guard let updated = try await session.nodeAgents.assign(nodeID: node.id, agentID: agent.id, by: caller.id, at: Date())
            else { throw APIError(.notFound, Self.missingNode) }
            try await session.domainEvents.record(NodeEvents.agentAssigned(updated, plan: access.plan, agent: agent, by: caller))
            return (updated, agent)
        }
    }

    func unassign(planID: UUID?, nodeID: UUID?, by caller: AuthenticatedUser) async throws {
        try await store.transaction { session in
            guard let planID else { throw APIError(.notFound, Self.missingNode) }
            let node = try await NodeService.node(nodeID, in: planID, session: session, missing: Self.missingNode)
            _ = try await policy.requireExisting(.edit, planID, userID: caller.id, in: session, denied: "Insufficient permissions")
            try await session.nodeAgents.clearAssignment(nodeID: node.id)
        }
    }

    /// Agents with any of `tags` (all agents with some capability when empty); v1 answered anyone, for any ids.
    func suggestions(tags: [String], planID: UUID, nodeID: UUID?, caller: AuthenticatedUser) async throws -> [User] {
        try await store.withSession { session in
            guard try await policy.access(planID, userID: caller.id, in: session) != nil else { throw PlanAccessPolicy.noAccess }
            _ = try await NodeService.node(nodeID, in: planID, session: session, missing: Self.missingNode)
            return try await session.nodeAgents.agents(withAnyTag: tags, limit: 20)
        }
    }

    static let missingNode = "Node not found in this plan"
}
