import AgentPlannerCore
import Foundation
import SQLKit

/// A row of `plan_node_logs`.
public struct NodeLog: Sendable, Equatable {
    public var id: UUID
    public var planNodeID: UUID
    public var userID: UUID
    public var content: String
    public var logType: String
    public var createdAt: Date?
    public var metadata: JSONValue?
    public var tags: [String]
}

/// Reads and writes `plan_node_logs`, and the status-change rows of `audit_logs`.
public protocol NodeLogRepository: Sendable {
    func create(nodeID: UUID, userID: UUID, content: String, logType: String, metadata: JSONValue, tags: [String])
        async throws -> NodeLog
    /// Newest first; optionally one log type.
    func list(nodeID: UUID, logType: String?) async throws -> [NodeLog]
    /// An `audit_logs` row for a status change, with the acting user (v1's trigger lost it).
    func auditStatusChange(nodeID: UUID, userID: UUID, from: String, to: String, title: String) async throws
}

struct SQLNodeLogRepository: NodeLogRepository {
    let session: DataSession
    static let columns = ["id", "plan_node_id", "user_id", "content", "log_type", "created_at", "metadata", "tags"]

    func create(nodeID: UUID, userID: UUID, content: String, logType: String, metadata: JSONValue, tags: [String])
        async throws -> NodeLog
    {
        let types = session.types
        let id = UUID()
        do {
            try await session.sql.insert(into: "plan_node_logs")
                .columns("id", "plan_node_id", "user_id", "content", "log_type", "created_at", "metadata", "tags")
                .values(
                    types.bind(id), types.bind(nodeID), types.bind(userID), SQLBind(content), SQLBind(logType),
                    types.bind(Date()), types.bind(json: metadata), types.bind(textArray: tags)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard
            let log = try await session.sql.select().columns(Self.columns).from("plan_node_logs")
                .where("id", .equal, types.bind(id)).first().map(decode)
        else { throw DataAccessError.unexpectedNull(column: "plan_node_logs.id") }
        return log
    }

    func list(nodeID: UUID, logType: String?) async throws -> [NodeLog] {
        var query = session.sql.select().columns(Self.columns).from("plan_node_logs")
            .where("plan_node_id", .equal, session.types.bind(nodeID))
        if let logType { query = query.where("log_type", .equal, SQLBind(logType)) }
        return try await query.orderBy("created_at", .descending).orderBy("id", .descending).all().map(decode)
    }

    func auditStatusChange(nodeID: UUID, userID: UUID, from: String, to: String, title: String) async throws {
        let types = session.types
        try await session.sql.insert(into: "audit_logs")
            .columns("id", "user_id", "action", "resource_type", "resource_id", "details", "created_at")
            .values(
                types.bind(UUID()), types.bind(userID), SQLBind("status_change"), SQLBind("node"), types.bind(nodeID),
                types.bind(json: ["old_status": .string(from), "new_status": .string(to), "node_title": .string(title)]),
                types.bind(Date())
            )
            .run()
    }

    private func decode(_ row: any SQLRow) throws -> NodeLog {
        let types = session.types
        return NodeLog(
            id: try types.uuid(row, "id"), planNodeID: try types.uuid(row, "plan_node_id"),
            userID: try types.uuid(row, "user_id"), content: try row.decode(column: "content", as: String.self),
            logType: try row.decode(column: "log_type", as: String.self),
            createdAt: try types.optionalDate(row, "created_at"), metadata: try types.optionalJSON(row, "metadata"),
            tags: try types.textArray(row, "tags"))
    }
}
