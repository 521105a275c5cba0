import AgentPlannerCore
import Foundation
import Persistence

/// The plan tree's rules (ROUTES.md §4.3): who may read and change nodes, and what a create, update, move,
/// status change, delete or log writes, each in one transaction; realtime events after the commit.
///
/// Knows nothing of HTTP: controllers hand it checked inputs and ids, it answers with rows or throws `APIError`
/// (v1's status and message, which are part of the contract). `nodeID` is nil when the path's id was malformed,
/// which v1 answered like an unknown node.
struct NodeService: Sendable {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    /// A node to create, as validated from the request.
    struct NewNode: Sendable {
        var nodeType: String
        var title: String
        var parentID: UUID?
        var description: String?
        var status: String?
        var orderIndex: Int?
        var dueDate: Date?
        var context: String?
        var agentInstructions: String?
        var metadata: JSONValue?
    }

    func tree(planID: UUID, details: Bool, caller: AuthenticatedUser) async throws -> [PlanTreeRow] {
        try await store.withSession { session in
            try await readAccess(planID, caller, in: session)
            return try await session.planTree.rows(planID: planID, details: details)
        }
    }

    func node(planID: UUID, nodeID: UUID?, caller: AuthenticatedUser) async throws -> PlanNode {
        try await store.withSession { session in
            try await readAccess(planID, caller, in: session)
            return try await Self.node(nodeID, in: planID, session: session, missing: "Node not found")
        }
    }

    /// v1's defaults (status `not_started`, context from the description, last among its siblings) and its
    /// `Created <type> "<title>"` log row.
    func create(_ input: NewNode, planID: UUID, by caller: AuthenticatedUser) async throws -> PlanNode {
        let node = try await store.transaction { session -> PlanNode in
            _ = try await policy.require(
                .edit, planID, userID: caller.id, in: session, message: "You do not have permission to add nodes to this plan")
            if input.nodeType == "root" { throw Self.secondRoot }
            let parentID: UUID
            if let parent = input.parentID {
                guard let found = try await session.planNodes.find(id: parent), found.planID == planID else {
                    throw APIError(.badRequest, "Parent node not found in this plan")
                }
                parentID = found.id
            } else {
                guard let root = try await session.planNodes.root(planID: planID) else {
                    throw APIError(.internalServerError, "Plan structure is invalid (no root node)")
                }
                parentID = root.id
            }
            var order = input.orderIndex ?? 0
            if input.orderIndex == nil { order = try await session.planNodes.nextOrderIndex(planID: planID, parentID: parentID) }
            let node = try await session.planNodes.create(
                NewPlanNode(
                    planID: planID, parentID: parentID, nodeType: input.nodeType, title: input.title,
                    description: input.description ?? "", status: input.status ?? "not_started", orderIndex: order,
                    dueDate: input.dueDate, context: input.context ?? input.description ?? "",
                    agentInstructions: input.agentInstructions, metadata: input.metadata ?? .emptyObject))
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: caller.id, content: "Created \(input.nodeType) \"\(input.title)\"",
                logType: "progress", metadata: .emptyObject, tags: [])
            return node
        }
        await realtime.publish(RealtimeEvents.node("node.created", node, by: caller))
        return node
    }

    /// Keeps metadata when the change omits it (v1 wiped it to `{}` on every update); a status in the change is
    /// recorded as by `setStatus`.
    func update(_ changes: PlanNodeChanges, planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser) async throws
        -> PlanNode
    {
        let node = try await store.transaction { session -> PlanNode in
            let access = try await policy.require(
                .edit, planID, userID: caller.id, in: session, message: "You do not have permission to update nodes in this plan")
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            if let type = changes.nodeType, type != node.nodeType {
                if node.nodeType == "root" { throw APIError(.badRequest, "Cannot change root node type") }
                if type == "root" { throw Self.secondRoot }
            }
            guard let updated = try await session.planNodes.update(id: node.id, changes: changes) else {
                throw APIError(.notFound, "Node not found in this plan")
            }
            if let status = changes.status {
                try await NodeStatusChange.record(status, of: node, now: updated, plan: access.plan, by: caller, in: session)
            }
            return updated
        }
        await realtime.publish(RealtimeEvents.node("node.updated", node, by: caller))
        return node
    }

    /// v1 checked access before the body here, so a viewer's bad status is a 403, not a 400.
    func setStatus(_ status: String?, planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser) async throws -> PlanNode {
        let (old, node) = try await store.transaction { session -> (String, PlanNode) in
            let access = try await policy.require(
                .edit, planID, userID: caller.id, in: session, message: "You do not have permission to update nodes in this plan")
            guard let status else { throw APIError(.badRequest, "Status is required") }
            guard ValueDomains.nodeStatus.contains(status) else {
                throw APIError(.badRequest, "Invalid status. Valid values are: not_started, in_progress, completed, blocked")
            }
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found")
            guard let updated = try await session.planNodes.updateStatus(id: node.id, status: status) else {
                throw APIError(.notFound, "Node not found")
            }
            try await NodeStatusChange.record(status, of: node, now: updated, plan: access.plan, by: caller, in: session)
            return (node.status, updated)
        }
        await realtime.publish(RealtimeEvents.statusChanged(node, from: old, by: caller))
        return node
    }

    /// Children go with their node (cascade); the root stays.
    func delete(planID: UUID, nodeID: UUID?, by caller: AuthenticatedUser) async throws {
        let deleted = try await store.transaction { session -> PlanNode in
            _ = try await policy.require(
                .edit, planID, userID: caller.id, in: session, message: "You do not have permission to delete nodes in this plan")
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            if node.nodeType == "root" { throw APIError(.badRequest, "Cannot delete root node") }
            try await session.planNodes.delete(id: node.id)
            return node
        }
        await realtime.publish(RealtimeEvents.nodeDeleted(deleted, by: caller))
    }

    /// Moves serialise on the plan row, so two concurrent moves cannot each pass the cycle check against a tree
    /// the other is changing (v1 had no cycle check at all).
    func move(
        planID: UUID, nodeID: UUID?, to parent: UUID, orderIndex: Int?, by caller: AuthenticatedUser
    ) async throws -> PlanNode {
        let (old, node) = try await store.transaction { session -> (PlanNode, PlanNode) in
            _ = try await policy.require(
                .edit, planID, userID: caller.id, in: session, message: "You do not have permission to move nodes in this plan")
            try await session.plans.lockTree(planID: planID)
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found")
            if node.nodeType == "root" { throw APIError(.badRequest, "Cannot move root nodes") }
            let nodes = try await session.planNodes.list(planID: planID)
            let parents = Dictionary(uniqueKeysWithValues: nodes.map { ($0.id, $0.parentID) })
            guard parents.keys.contains(parent) else { throw APIError(.notFound, "Parent node not found") }
            if Self.isDescendant(parent, of: node.id, parents: parents) {
                throw APIError(.badRequest, "Cannot move a node under itself or one of its descendants")
            }
            var changes = PlanNodeChanges()
            changes.parentID = parent
            changes.orderIndex = orderIndex
            if orderIndex == nil { changes.orderIndex = try await session.planNodes.nextOrderIndex(planID: planID, parentID: parent) }
            guard let moved = try await session.planNodes.update(id: node.id, changes: changes) else {
                throw APIError(.notFound, "Node not found")
            }
            let content = node.parentID == parent ? "Reordered \"\(node.title)\"" : "Moved \"\(node.title)\" to a different parent"
            _ = try await session.nodeLogs.create(
                nodeID: node.id, userID: caller.id, content: content, logType: "progress", metadata: .emptyObject, tags: [])
            return (node, moved)
        }
        await realtime.publish(RealtimeEvents.nodeMoved(from: old, to: node, by: caller))
        return node
    }

    /// True when `candidate` is `node` or lies below it; walks up at most once per node, so broken v1 data
    /// with a cycle cannot loop forever.
    static func isDescendant(_ candidate: UUID, of node: UUID, parents: [UUID: UUID?]) -> Bool {
        var current: UUID? = candidate
        var seen = Set<UUID>()
        while let id = current, seen.insert(id).inserted {
            if id == node { return true }
            current = parents[id] ?? nil
        }
        return false
    }

    /// Any reader of the plan may log; an agent's log on a task with an open request from someone else answers it.
    func addLog(
        content: String, logType: String, metadata: JSONValue, tags: [String], planID: UUID, nodeID: UUID?,
        by caller: AuthenticatedUser
    ) async throws -> NodeLog {
        let log = try await store.transaction { session -> NodeLog in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            let log = try await session.nodeLogs.create(
                nodeID: node.id, userID: caller.id, content: content, logType: logType,
                metadata: metadata, tags: tags)
            if let event = NodeEvents.agentResponded(
                node, plan: access.plan, responder: caller, response: .log(content: content, logType: log.logType))
            {
                try await session.domainEvents.record(event)
            }
            return log
        }
        await realtime.publish(RealtimeEvents.logAdded(log, planID: planID, by: caller))
        return log
    }

    func logs(planID: UUID, nodeID: UUID?, logType: String?, caller: AuthenticatedUser) async throws -> [NodeLog] {
        try await store.withSession { session in
            try await readAccess(planID, caller, in: session)
            let node = try await Self.node(nodeID, in: planID, session: session, missing: "Node not found in this plan")
            return try await session.nodeLogs.list(nodeID: node.id, logType: logType)
        }
    }

    static let secondRoot = APIError(.badRequest, "Cannot create additional root nodes (only one allowed)")

    private func readAccess(_ planID: UUID, _ caller: AuthenticatedUser, in session: DataSession) async throws {
        guard try await policy.access(planID, userID: caller.id, in: session) != nil else { throw PlanAccessPolicy.noAccess }
    }

    /// The node when it belongs to the plan; otherwise a 404 with the route's v1 message.
    static func node(_ id: UUID?, in planID: UUID, session: DataSession, missing: String) async throws -> PlanNode {
        guard let id, let node = try await session.planNodes.find(id: id), node.planID == planID else {
            throw APIError(.notFound, missing)
        }
        return node
    }
}
