import PostgresKit
import PostgresNIO
import SQLKit
import SQLiteKit
import SQLiteNIO

/// One connection's worth of work: the SQL handle, the dialect's type mapping, and the repositories over them.
public struct DataSession: Sendable {
    /// The driver's own connection, for the few hot reads that decode rows without SQLKit's `Codable` path.
    public enum Connection: Sendable {
        case postgres(PostgresConnection)
        case sqlite(SQLiteConnection)
    }

    public let sql: any SQLDatabase
    public let types: SQLTypeMapping
    public let connection: Connection
    /// Where notifications go to be sent after the commit (coalesced by the store); nil: sent inline.
    public let afterCommit: CommitHooks?

    public init(_ connection: Connection, afterCommit: CommitHooks? = nil) {
        self.connection = connection
        self.afterCommit = afterCommit
        switch connection {
        case .postgres(let postgres):
            self.sql = GuardedPostgresSQL(base: postgres.sql(queryLogLevel: .trace), connection: postgres)
            self.types = SQLTypeMapping(.postgres)
        case .sqlite(let sqlite):
            self.sql = sqlite.sql(queryLogLevel: .trace)
            self.types = SQLTypeMapping(.sqlite)
        }
    }

    /// Wakes listening dispatch engines: after the commit through the store's coalescer when the session has
    /// one, else at once inside the transaction (Postgres delivers it on commit); nothing on SQLite (engines poll).
    public func notify(channel: String, payload: String) async throws {
        guard types.notifies else { return }
        if let afterCommit {
            afterCommit.notify(channel: channel, payload: payload)
        } else if let notification = types.notification(channel: channel, payload: payload) {
            try await sql.raw(notification).run()
        }
    }

    public var dialect: DatabaseDialect { types.dialect }

    /// Runs `body` between `begin` and `COMMIT`; a thrown error rolls back and is rethrown.
    func inTransaction<T: Sendable>(begin: String, _ body: @Sendable (DataSession) async throws -> T) async throws -> T {
        try await sql.raw(SQLQueryString(begin)).run()
        do {
            let result = try await body(self)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            throw error
        }
    }

    public var users: any UserRepository { SQLUserRepository(session: self) }
    public var plans: any PlanRepository { SQLPlanRepository(session: self) }
    public var planNodes: any PlanNodeRepository { SQLPlanNodeRepository(session: self) }
    public var planTree: PlanTreeReader { PlanTreeReader(session: self) }
    public var apiTokens: any APITokenRepository { SQLAPITokenRepository(session: self) }
    public var sessions: any SessionRepository { SQLSessionRepository(session: self) }
    public var collaborators: any CollaboratorRepository { SQLCollaboratorRepository(session: self) }
    public var nodeLogs: any NodeLogRepository { SQLNodeLogRepository(session: self) }
    public var nodeAgents: any NodeAgentRepository { SQLNodeAgentRepository(session: self) }
    public var nodeAssignments: any NodeAssignmentRepository { SQLNodeAssignmentRepository(session: self) }
    public var publicPlans: any PublicPlanRepository { SQLPublicPlanRepository(session: self) }
    public var activity: any ActivityRepository { SQLActivityRepository(session: self) }
    public var search: any SearchRepository { SQLSearchRepository(session: self) }
    public var presence: any PresenceRepository { SQLPresenceRepository(session: self) }
    public var domainEvents: any DomainEventRepository { SQLDomainEventRepository(session: self) }
    public var decisions: any DecisionRequestRepository { SQLDecisionRequestRepository(session: self) }
    public var heartbeats: any AgentHeartbeatRepository { SQLAgentHeartbeatRepository(session: self) }
    public var userDirectory: any UserDirectoryRepository { SQLUserDirectoryRepository(session: self) }
    public var taskInbox: any TaskInboxRepository { SQLTaskInboxRepository(session: self) }
    public var goals: any GoalRepository { SQLGoalRepository(session: self) }
    public var dashboard: any DashboardRepository { SQLDashboardRepository(session: self) }
    public var githubConnections: any GitHubConnectionRepository { SQLGitHubConnectionRepository(session: self) }
    public var messagingIntegrations: any MessagingIntegrationRepository {
        SQLMessagingIntegrationRepository(session: self)
    }
    public var deliveries: any MessageDeliveryRepository { SQLMessageDeliveryRepository(session: self) }
    public var outbox: any DispatchOutboxRepository { SQLDispatchOutboxRepository(session: self) }
    public var dispatchMaintenance: any DispatchMaintenanceRepository { SQLDispatchMaintenanceRepository(session: self) }
}
