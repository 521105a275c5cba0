import Foundation
import SQLKit

/// Reads and writes `plan_nodes`.
public protocol PlanNodeRepository: Sendable {
    func create(_ node: NewPlanNode) async throws -> PlanNode
    func find(id: UUID) async throws -> PlanNode?
    /// Every node of the plan in one query, ordered for tree building (parent, order_index, created_at, id).
    func list(planID: UUID) async throws -> [PlanNode]
    func root(planID: UUID) async throws -> PlanNode?
    func updateStatus(id: UUID, status: String) async throws -> PlanNode?
    /// Changes the given fields (nil leaves a field as it is; `dueDate` `.some(nil)` clears it).
    func update(id: UUID, changes: PlanNodeChanges) async throws -> PlanNode?
    /// The next `order_index` among the parent's children (v1: max + 1, or 0).
    func nextOrderIndex(planID: UUID, parentID: UUID) async throws -> Int
    /// Deletes the node; its descendants go by the cascade of the parent key.
    func delete(id: UUID) async throws
    /// Follows a plan's new title or description: the root's title, description and context.
    func updateRootText(id: UUID, title: String?, description: String?) async throws
}

struct SQLPlanNodeRepository: PlanNodeRepository {
    let session: DataSession

    static let columns = [
        "id", "plan_id", "parent_id", "node_type", "title", "description", "status", "order_index", "due_date",
        "created_at", "updated_at", "context", "agent_instructions", "metadata", "agent_requested",
        "agent_requested_at", "agent_requested_by", "agent_request_message", "assigned_agent_id",
        "assigned_agent_at", "assigned_agent_by",
    ]

    func create(_ node: NewPlanNode) async throws -> PlanNode {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "plan_nodes")
                .columns(
                    "id", "plan_id", "parent_id", "node_type", "title", "description", "status", "order_index",
                    "due_date", "context", "agent_instructions", "metadata", "created_at", "updated_at"
                )
                .values(
                    types.bind(node.id), types.bind(node.planID), types.bind(node.parentID), SQLBind(node.nodeType),
                    SQLBind(node.title), SQLBind(node.description), SQLBind(node.status), SQLBind(node.orderIndex),
                    types.bind(node.dueDate), SQLBind(node.context), SQLBind(node.agentInstructions),
                    types.bind(json: node.metadata), types.bind(now), types.bind(now)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: node.id) else {
            throw DataAccessError.unexpectedNull(column: "plan_nodes.id")
        }
        return created
    }

    func find(id: UUID) async throws -> PlanNode? {
        try await session.sql.select().columns(Self.columns).from("plan_nodes")
            .where("id", .equal, session.types.bind(id))
            .first()
            .map(decode)
    }

    func list(planID: UUID) async throws -> [PlanNode] {
        try await session.sql.select().columns(Self.columns).from("plan_nodes")
            .where("plan_id", .equal, session.types.bind(planID))
            .orderBy("order_index")
            .orderBy("created_at")
            .orderBy("id")
            .all()
            .map(decode)
    }

    func root(planID: UUID) async throws -> PlanNode? {
        try await session.sql.select().columns(Self.columns).from("plan_nodes")
            .where("plan_id", .equal, session.types.bind(planID))
            .where("node_type", .equal, SQLBind("root"))
            .first()
            .map(decode)
    }

    func updateStatus(id: UUID, status: String) async throws -> PlanNode? {
        do {
            try await session.sql.update("plan_nodes")
                .set("status", to: SQLBind(status))
                .set("updated_at", to: session.types.bind(Date()))
                .where("id", .equal, session.types.bind(id))
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        return try await find(id: id)
    }

    func update(id: UUID, changes: PlanNodeChanges) async throws -> PlanNode? {
        let types = session.types
        var update = session.sql.update("plan_nodes").set("updated_at", to: types.bind(Date()))
        if let value = changes.nodeType { update = update.set("node_type", to: SQLBind(value)) }
        if let value = changes.title { update = update.set("title", to: SQLBind(value)) }
        if let value = changes.description { update = update.set("description", to: SQLBind(value)) }
        if let value = changes.status { update = update.set("status", to: SQLBind(value)) }
        if let value = changes.orderIndex { update = update.set("order_index", to: SQLBind(value)) }
        if let value = changes.dueDate { update = update.set("due_date", to: types.bind(value)) }
        if let value = changes.context { update = update.set("context", to: SQLBind(value)) }
        if let value = changes.agentInstructions { update = update.set("agent_instructions", to: SQLBind(value)) }
        if let value = changes.metadata { update = update.set("metadata", to: types.bind(json: value)) }
        if let value = changes.parentID { update = update.set("parent_id", to: types.bind(value)) }
        do {
            try await update.where("id", .equal, types.bind(id)).run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        return try await find(id: id)
    }

    func nextOrderIndex(planID: UUID, parentID: UUID) async throws -> Int {
        let row = try await session.sql.select()
            .column(SQLFunction("max", args: SQLColumn("order_index")), as: "highest")
            .from("plan_nodes")
            .where("plan_id", .equal, session.types.bind(planID)).where("parent_id", .equal, session.types.bind(parentID))
            .first()
        guard let highest = try row?.decode(column: "highest", as: Int?.self) else { return 0 }
        return highest + 1
    }

    /// Deletes the node and its subtree. PostgreSQL cascades through the parent key (0.1 s for a 1,000-level
    /// chain). SQLite deletes level by level from the bottom instead: its cascade through 1,000 levels took
    /// 24 s (child-key lookups are scans) and nears its trigger depth limit. The depth bound stops a cycle
    /// left in migrated data.
    func delete(id: UUID) async throws {
        let types = session.types
        guard !types.cascadesSubtreesQuickly else {
            try await session.sql.delete(from: "plan_nodes").where("id", .equal, types.bind(id)).run()
            return
        }
        let rows = try await session.sql.raw(
            """
            WITH RECURSIVE subtree(id, depth) AS (
                SELECT id, 0 FROM plan_nodes WHERE id = \(types.bind(id))
                UNION ALL
                SELECT plan_nodes.id, subtree.depth + 1 FROM plan_nodes JOIN subtree ON plan_nodes.parent_id = subtree.id
                WHERE subtree.depth < 100000
            )
            SELECT id, depth FROM subtree
            """
        ).all()
        var levels: [Int: [UUID]] = [:]
        for row in rows { levels[try row.decode(column: "depth", as: Int.self), default: []].append(try types.uuid(row, "id")) }
        for depth in levels.keys.sorted(by: >) {
            let ids = Array(Set(levels[depth] ?? []))
            for start in stride(from: 0, to: ids.count, by: 500) {
                let batch = ids[start..<min(start + 500, ids.count)]
                try await session.sql.delete(from: "plan_nodes")
                    .where("id", .in, SQLGroupExpression(batch.map { types.bind($0) }))
                    .run()
            }
        }
    }

    func updateRootText(id: UUID, title: String?, description: String?) async throws {
        var update = session.sql.update("plan_nodes").set("updated_at", to: session.types.bind(Date()))
        if let title { update = update.set("title", to: SQLBind(title)) }
        if let description {
            update = update.set("description", to: SQLBind(description)).set("context", to: SQLBind(description))
        }
        try await update.where("id", .equal, session.types.bind(id)).run()
    }

    func decode(_ row: any SQLRow) throws -> PlanNode {
        let types = session.types
        return PlanNode(
            id: try types.uuid(row, "id"),
            planID: try types.uuid(row, "plan_id"),
            parentID: try types.optionalUUID(row, "parent_id"),
            nodeType: try row.decode(column: "node_type", as: String.self),
            title: try row.decode(column: "title", as: String.self),
            description: try row.decode(column: "description", as: String?.self),
            status: try row.decode(column: "status", as: String.self),
            orderIndex: try row.decode(column: "order_index", as: Int.self),
            dueDate: try types.optionalDate(row, "due_date"),
            createdAt: try types.optionalDate(row, "created_at"),
            updatedAt: try types.optionalDate(row, "updated_at"),
            context: try row.decode(column: "context", as: String?.self),
            agentInstructions: try row.decode(column: "agent_instructions", as: String?.self),
            metadata: try types.optionalJSON(row, "metadata"),
            agentRequested: try row.decode(column: "agent_requested", as: String?.self),
            agentRequestedAt: try types.optionalDate(row, "agent_requested_at"),
            agentRequestedBy: try types.optionalUUID(row, "agent_requested_by"),
            agentRequestMessage: try row.decode(column: "agent_request_message", as: String?.self),
            assignedAgentID: try types.optionalUUID(row, "assigned_agent_id"),
            assignedAgentAt: try types.optionalDate(row, "assigned_agent_at"),
            assignedAgentBy: try types.optionalUUID(row, "assigned_agent_by")
        )
    }
}
