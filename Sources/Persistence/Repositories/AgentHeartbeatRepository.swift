import AgentPlannerCore
import Foundation
import SQLKit

/// A row of `agent_heartbeats`: one per user, replaced by every heartbeat.
public struct AgentHeartbeat: Sendable, Equatable {
    public var userID: UUID
    public var lastSeenAt: Date
    public var status: String
    public var currentPlanID: UUID?
    public var currentTaskID: UUID?
    public var metadata: JSONValue
}

/// Reads and writes `agent_heartbeats`.
public protocol AgentHeartbeatRepository: Sendable {
    /// Inserts or replaces the user's heartbeat in one statement (`ON CONFLICT (user_id) DO UPDATE`), so a
    /// flood of concurrent heartbeats from one agent never collides on the key.
    func record(userID: UUID, status: String, planID: UUID?, taskID: UUID?, at date: Date) async throws
        -> AgentHeartbeat
    func find(userID: UUID) async throws -> AgentHeartbeat?
    func list(userIDs: [UUID]) async throws -> [AgentHeartbeat]
    /// Users whose heartbeat names the plan, and users assigned as agent to one of its nodes.
    func agentIDs(planID: UUID) async throws -> Set<UUID>
}

struct SQLAgentHeartbeatRepository: AgentHeartbeatRepository {
    let session: DataSession
    static let columns = ["user_id", "last_seen_at", "status", "current_plan_id", "current_task_id", "metadata"]

    func record(userID: UUID, status: String, planID: UUID?, taskID: UUID?, at date: Date) async throws
        -> AgentHeartbeat
    {
        let types = session.types
        do {
            try await session.sql.insert(into: "agent_heartbeats")
                .columns("user_id", "last_seen_at", "status", "current_plan_id", "current_task_id")
                .values(types.bind(userID), types.bind(date), SQLBind(status), types.bind(planID), types.bind(taskID))
                .onConflict(with: ["user_id"]) { conflict in
                    conflict.set(excludedValueOf: "last_seen_at").set(excludedValueOf: "status")
                        .set(excludedValueOf: "current_plan_id").set(excludedValueOf: "current_task_id")
                }
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let heartbeat = try await find(userID: userID) else {
            throw DataAccessError.unexpectedNull(column: "agent_heartbeats.user_id")
        }
        return heartbeat
    }

    func find(userID: UUID) async throws -> AgentHeartbeat? {
        try await session.sql.select().columns(Self.columns).from("agent_heartbeats")
            .where("user_id", .equal, session.types.bind(userID)).first().map(decode)
    }

    func list(userIDs: [UUID]) async throws -> [AgentHeartbeat] {
        guard !userIDs.isEmpty else { return [] }
        let types = session.types
        return try await session.sql.select().columns(Self.columns).from("agent_heartbeats")
            .where("user_id", .in, SQLGroupExpression(userIDs.map { types.bind($0) }))
            .all().map(decode)
    }

    func agentIDs(planID: UUID) async throws -> Set<UUID> {
        let types = session.types
        let seen = try await session.sql.select().column("user_id").from("agent_heartbeats")
            .where("current_plan_id", .equal, types.bind(planID)).all()
            .map { try types.uuid($0, "user_id") }
        let assigned = try await session.sql.select().distinct().column("assigned_agent_id").from("plan_nodes")
            .where("plan_id", .equal, types.bind(planID)).where("assigned_agent_id", .isNot, SQLLiteral.null).all()
            .map { try types.uuid($0, "assigned_agent_id") }
        return Set(seen + assigned)
    }

    private func decode(_ row: any SQLRow) throws -> AgentHeartbeat {
        let types = session.types
        return AgentHeartbeat(
            userID: try types.uuid(row, "user_id"), lastSeenAt: try types.date(row, "last_seen_at"),
            status: try row.decode(column: "status", as: String.self),
            currentPlanID: try types.optionalUUID(row, "current_plan_id"),
            currentTaskID: try types.optionalUUID(row, "current_task_id"),
            metadata: try types.optionalJSON(row, "metadata") ?? .emptyObject)
    }
}
