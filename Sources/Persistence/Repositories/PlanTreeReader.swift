import AgentPlannerCore
import Foundation
import PostgresNIO
import SQLiteNIO

/// The columns of one node that `GET /plans/:id/nodes` answers: the summary always, the details when asked.
public struct PlanTreeRow: Sendable, Equatable {
    public var id: UUID
    public var parentID: UUID?
    public var nodeType: String
    public var title: String
    public var status: String
    public var orderIndex: Int
    public var createdAt: Date?
    /// Present only in a read with details.
    public var details: Details?

    public init(
        id: UUID, parentID: UUID?, nodeType: String, title: String, status: String, orderIndex: Int, createdAt: Date?,
        details: Details? = nil
    ) {
        (self.id, self.parentID, self.nodeType, self.title) = (id, parentID, nodeType, title)
        (self.status, self.orderIndex, self.createdAt, self.details) = (status, orderIndex, createdAt, details)
    }

    public struct Details: Sendable, Equatable {
        public var planID: UUID
        public var description: String?
        public var dueDate: Date?
        public var updatedAt: Date?
        public var context: String?
        public var agentInstructions: String?
        public var metadata: JSONValue?

        public init(
            planID: UUID, description: String?, dueDate: Date?, updatedAt: Date?, context: String?,
            agentInstructions: String?, metadata: JSONValue?
        ) {
            (self.planID, self.description, self.dueDate, self.updatedAt) = (planID, description, dueDate, updatedAt)
            (self.context, self.agentInstructions, self.metadata) = (context, agentInstructions, metadata)
        }
    }
}

/// Reads a whole plan's nodes for the tree answer straight from the driver's rows: the tree of a 10,000-node plan
/// is the hottest read of the API, and SQLKit's `Codable` row decoding costs more than the query itself.
/// The rows come unordered; the tree builder orders siblings.
public struct PlanTreeReader: Sendable {
    let session: DataSession

    public init(session: DataSession) {
        self.session = session
    }

    public func rows(planID: UUID, details: Bool) async throws -> [PlanTreeRow] {
        switch session.connection {
        case .postgres(let connection):
            try await ConnectionLossGuard.run(on: connection) {
                try await postgresRows(connection, planID: planID, details: details)
            }
        case .sqlite(let connection): try await sqliteRows(connection, planID: planID, details: details)
        }
    }

    private static let summaryColumns = "id, parent_id, node_type, title, status, order_index, created_at"
    private static let detailColumns =
        summaryColumns + ", plan_id, description, due_date, updated_at, context, agent_instructions, metadata"

    private func postgresRows(_ connection: PostgresConnection, planID: UUID, details: Bool) async throws -> [PlanTreeRow] {
        var result: [PlanTreeRow] = []
        let logger = Logger(label: "agentplanner.tree")
        if details {
            let query: PostgresQuery = "SELECT \(unescaped: Self.detailColumns) FROM plan_nodes WHERE plan_id = \(planID)"
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows.decode(
                (UUID, UUID?, String, String, String, Int, Date?, UUID, String?, Date?, Date?, String?, String?, String?).self)
            {
                var node = PlanTreeRow(
                    id: row.0, parentID: row.1, nodeType: row.2, title: row.3, status: row.4, orderIndex: row.5,
                    createdAt: row.6)
                node.details = .init(
                    planID: row.7, description: row.8, dueDate: row.9, updatedAt: row.10, context: row.11,
                    agentInstructions: row.12, metadata: try row.13.map { try Self.json($0) })
                result.append(node)
            }
        } else {
            let query: PostgresQuery = "SELECT \(unescaped: Self.summaryColumns) FROM plan_nodes WHERE plan_id = \(planID)"
            let rows = try await connection.query(query, logger: logger)
            for try await row in rows.decode((UUID, UUID?, String, String, String, Int, Date?).self) {
                result.append(
                    PlanTreeRow(
                        id: row.0, parentID: row.1, nodeType: row.2, title: row.3, status: row.4, orderIndex: row.5,
                        createdAt: row.6))
            }
        }
        return result
    }

    private func sqliteRows(_ connection: SQLiteConnection, planID: UUID, details: Bool) async throws -> [PlanTreeRow] {
        let sql = "SELECT \(details ? Self.detailColumns : Self.summaryColumns) FROM plan_nodes WHERE plan_id = ?"
        let rows = try await connection.query(sql, [.text(planID.uuidString.lowercased())])
        var result: [PlanTreeRow] = []
        result.reserveCapacity(rows.count)
        for row in rows {
            let columns = SQLiteColumns(row: row)
            var node = PlanTreeRow(
                id: try columns.uuid("id"), parentID: try columns.optionalUUID("parent_id"),
                nodeType: try columns.text("node_type"), title: try columns.text("title"), status: try columns.text("status"),
                orderIndex: try columns.integer("order_index"), createdAt: try columns.optionalDate("created_at"))
            if details {
                node.details = .init(
                    planID: try columns.uuid("plan_id"), description: try columns.optionalText("description"),
                    dueDate: try columns.optionalDate("due_date"), updatedAt: try columns.optionalDate("updated_at"),
                    context: try columns.optionalText("context"),
                    agentInstructions: try columns.optionalText("agent_instructions"),
                    metadata: try columns.optionalText("metadata").map { try Self.json($0) })
            }
            result.append(node)
        }
        return result
    }

    static func json(_ text: String) throws -> JSONValue {
        do {
            return try JSONValue(jsonText: text)
        } catch {
            throw DataAccessError.malformedValue(column: "metadata", expected: "json", found: String(text.prefix(40)))
        }
    }
}

/// Typed reads of one SQLite row in the storage forms of `SQLTypeMapping` (UUIDs and timestamps as text).
private struct SQLiteColumns {
    let row: SQLiteRow

    func optionalText(_ name: String) throws -> String? {
        switch row.column(name) {
        case .text(let text): return text
        case .null, nil: return nil
        case let other?: throw DataAccessError.malformedValue(column: name, expected: "text", found: "\(other)")
        }
    }

    func text(_ name: String) throws -> String {
        guard let text = try optionalText(name) else { throw DataAccessError.unexpectedNull(column: name) }
        return text
    }

    func integer(_ name: String) throws -> Int {
        switch row.column(name) {
        case .integer(let number): return number
        case .null, nil: throw DataAccessError.unexpectedNull(column: name)
        case let other?: throw DataAccessError.malformedValue(column: name, expected: "integer", found: "\(other)")
        }
    }

    func optionalUUID(_ name: String) throws -> UUID? {
        guard let text = try optionalText(name) else { return nil }
        guard let value = UUIDText.parse(text) else {
            throw DataAccessError.malformedValue(column: name, expected: "uuid", found: text)
        }
        return value
    }

    func uuid(_ name: String) throws -> UUID {
        guard let value = try optionalUUID(name) else { throw DataAccessError.unexpectedNull(column: name) }
        return value
    }

    func optionalDate(_ name: String) throws -> Date? {
        guard let text = try optionalText(name) else { return nil }
        guard let value = TimestampFormat.parse(text) else {
            throw DataAccessError.malformedValue(column: name, expected: "timestamp", found: text)
        }
        return value
    }
}
