import Foundation
import SQLKit

/// The agent fields of `plan_nodes`: a human's request for an agent, and the agent assigned to a task;
/// and the directory of agents by capability.
public protocol NodeAgentRepository: Sendable {
    /// Sets the four `agent_request*` fields; nil when the node is gone.
    func request(nodeID: UUID, type: String, message: String?, by userID: UUID, at date: Date) async throws -> PlanNode?
    /// Clears the four `agent_request*` fields of the plan's node; nil when no such node is in the plan.
    func clearRequest(nodeID: UUID, planID: UUID) async throws -> PlanNode?
    func assign(nodeID: UUID, agentID: UUID, by userID: UUID, at date: Date) async throws -> PlanNode?
    func clearAssignment(nodeID: UUID) async throws
    /// Users with capability tags, those sharing one of `tags` when given (lowercase), by name; at most `limit`.
    func agents(withAnyTag tags: [String], limit: Int) async throws -> [User]
}

struct SQLNodeAgentRepository: NodeAgentRepository {
    let session: DataSession

    private var nodes: SQLPlanNodeRepository { SQLPlanNodeRepository(session: session) }

    func request(nodeID: UUID, type: String, message: String?, by userID: UUID, at date: Date) async throws
        -> PlanNode?
    {
        let types = session.types
        try await session.sql.update("plan_nodes")
            .set("agent_requested", to: SQLBind(type))
            .set("agent_requested_at", to: types.bind(date))
            .set("agent_requested_by", to: types.bind(userID))
            .set("agent_request_message", to: SQLBind(message))
            .set("updated_at", to: types.bind(date))
            .where("id", .equal, types.bind(nodeID))
            .run()
        return try await nodes.find(id: nodeID)
    }

    func clearRequest(nodeID: UUID, planID: UUID) async throws -> PlanNode? {
        let types = session.types
        guard let node = try await nodes.find(id: nodeID), node.planID == planID else { return nil }
        try await session.sql.update("plan_nodes")
            .set("agent_requested", to: SQLLiteral.null)
            .set("agent_requested_at", to: SQLLiteral.null)
            .set("agent_requested_by", to: SQLLiteral.null)
            .set("agent_request_message", to: SQLLiteral.null)
            .set("updated_at", to: types.bind(Date()))
            .where("id", .equal, types.bind(nodeID))
            .run()
        return try await nodes.find(id: nodeID)
    }

    func assign(nodeID: UUID, agentID: UUID, by userID: UUID, at date: Date) async throws -> PlanNode? {
        let types = session.types
        try await session.sql.update("plan_nodes")
            .set("assigned_agent_id", to: types.bind(agentID))
            .set("assigned_agent_at", to: types.bind(date))
            .set("assigned_agent_by", to: types.bind(userID))
            .set("updated_at", to: types.bind(date))
            .where("id", .equal, types.bind(nodeID))
            .run()
        return try await nodes.find(id: nodeID)
    }

    func clearAssignment(nodeID: UUID) async throws {
        try await session.sql.update("plan_nodes")
            .set("assigned_agent_id", to: SQLLiteral.null)
            .set("assigned_agent_at", to: SQLLiteral.null)
            .set("assigned_agent_by", to: SQLLiteral.null)
            .set("updated_at", to: session.types.bind(Date()))
            .where("id", .equal, session.types.bind(nodeID))
            .run()
    }

    func agents(withAnyTag tags: [String], limit: Int) async throws -> [User] {
        var query = session.sql.select().columns(SQLUserRepository.columns).from("users")
        query = query.where(session.types.nonEmptyArray("capability_tags"))
        if !tags.isEmpty { query = query.where(session.types.arrayOverlaps("capability_tags", of: "users", tags)) }
        let user = SQLUserRepository(session: session)
        return try await query.orderBy("name").orderBy("id").limit(limit).all().map(user.decode)
    }
}

/// A row of `node_assignments`: a person assigned to a node.
public struct NodeAssignment: Sendable, Equatable {
    public var id: UUID
    public var nodeID: UUID
    public var userID: UUID
    public var assignedBy: UUID
    public var assignedAt: Date
}

/// Reads and writes `node_assignments`.
public protocol NodeAssignmentRepository: Sendable {
    func list(nodeID: UUID) async throws -> [NodeAssignment]
    func find(nodeID: UUID, userID: UUID) async throws -> NodeAssignment?
    /// A duplicate (node, user) throws a unique `ConstraintViolation`.
    func create(nodeID: UUID, userID: UUID, by assignedBy: UUID) async throws -> NodeAssignment
    func delete(nodeID: UUID, userID: UUID) async throws
}

struct SQLNodeAssignmentRepository: NodeAssignmentRepository {
    let session: DataSession
    static let columns = ["id", "node_id", "user_id", "assigned_by", "assigned_at"]

    func list(nodeID: UUID) async throws -> [NodeAssignment] {
        try await session.sql.select().columns(Self.columns).from("node_assignments")
            .where("node_id", .equal, session.types.bind(nodeID))
            .orderBy("assigned_at", .descending).orderBy("id")
            .all().map(decode)
    }

    func find(nodeID: UUID, userID: UUID) async throws -> NodeAssignment? {
        try await session.sql.select().columns(Self.columns).from("node_assignments")
            .where("node_id", .equal, session.types.bind(nodeID))
            .where("user_id", .equal, session.types.bind(userID))
            .first().map(decode)
    }

    func create(nodeID: UUID, userID: UUID, by assignedBy: UUID) async throws -> NodeAssignment {
        let types = session.types
        do {
            try await session.sql.insert(into: "node_assignments")
                .columns(Self.columns)
                .values(
                    types.bind(UUID()), types.bind(nodeID), types.bind(userID), types.bind(assignedBy),
                    types.bind(Date())
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(nodeID: nodeID, userID: userID) else {
            throw DataAccessError.unexpectedNull(column: "node_assignments.id")
        }
        return created
    }

    func delete(nodeID: UUID, userID: UUID) async throws {
        try await session.sql.delete(from: "node_assignments")
            .where("node_id", .equal, session.types.bind(nodeID))
            .where("user_id", .equal, session.types.bind(userID))
            .run()
    }

    private func decode(_ row: any SQLRow) throws -> NodeAssignment {
        let types = session.types
        return NodeAssignment(
            id: try types.uuid(row, "id"), nodeID: try types.uuid(row, "node_id"), userID: try types.uuid(row, "user_id"),
            assignedBy: try types.uuid(row, "assigned_by"), assignedAt: try types.date(row, "assigned_at"))
    }
}
