import AgentPlannerCore
import Crypto
import Foundation

/// One versioned step of the v2 schema.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    private let render: @Sendable (DatabaseDialect) -> [String]

    public init(version: Int, name: String, statements: @escaping @Sendable (DatabaseDialect) -> [String]) {
        self.version = version
        self.name = name
        self.render = statements
    }

    /// The DDL this migration runs on `dialect`.
    public func statements(for dialect: DatabaseDialect) -> [String] {
        render(dialect)
    }

    /// SHA-256 of the rendered DDL, recorded in the ledger so an edited migration is noticed.
    public func checksum(for dialect: DatabaseDialect) -> String {
        let text = statements(for: dialect).joined(separator: ";\n")
        return Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }
}

/// Every migration this binary knows, in version order. A new schema change is a new entry here,
/// never an edit of an applied one.
public enum MigrationCatalog {
    public static let all: [Migration] = [
        Migration(version: 1, name: "v2_schema") { dialect in
            let renderer = SchemaRenderer(dialect)
            return V2Schema.version1.flatMap(renderer.statements(for:))
        },
        Migration(version: 2, name: "github_connections") { dialect in
            SchemaRenderer(dialect).statements(for: GitHubTables.connections)
        },
        Migration(version: 3, name: "maintenance_changes") { dialect in
            SchemaRenderer(dialect).statements(for: DispatchTables.maintenanceChanges)
        },
        Migration(version: 4, name: "deliveries_claim_index") { dialect in
            ["DROP INDEX IF EXISTS message_deliveries_due_idx"]
                + [SchemaRenderer(dialect).createIndex(DispatchTables.claimIndex, table: "message_deliveries")].compactMap { $0 }
        },
    ]
}

/// The v2 tables in dependency order (a table comes after every table it references).
public enum V2Schema {
    /// Every table, as the latest migration leaves the schema (but for migration 4's index: message_deliveries'
    /// claim index replaces its due index).
    public static let tables: [TableSpec] = version1 + [GitHubTables.connections, DispatchTables.maintenanceChanges]

    /// The tables migration 1 creates; frozen, since an applied migration never changes.
    static let version1: [TableSpec] = [
        IdentityTables.users,
        IdentityTables.apiTokens,
        IdentityTables.userSessions,
        PlanningTables.plans,
        PlanningTables.planNodes,
        PlanningTables.planCollaborators,
        PlanningTables.planComments,
        PlanningTables.planNodeLogs,
        PlanningTables.planNodeLabels,
        PlanningTables.nodeAssignments,
        PlanningTables.userPresence,
        PlanningTables.auditLogs,
        GoalAndAgentTables.goals,
        GoalAndAgentTables.planGoals,
        GoalAndAgentTables.decisionRequests,
        GoalAndAgentTables.agentHeartbeats,
        DispatchTables.messagingIntegrations,
        DispatchTables.dispatchEvents,
        DispatchTables.messageDeliveries,
        DispatchTables.dispatchWorkers,
        DispatchTables.dispatchCronRuns,
    ]
}
