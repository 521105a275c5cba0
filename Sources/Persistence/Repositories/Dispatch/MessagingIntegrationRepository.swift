import AgentPlannerCore
import Foundation
import SQLKit

/// Changes to an integration; `nil` leaves a field as it is.
public struct IntegrationChanges: Sendable {
    public var name: String?
    public var config: JSONValue?
    public var secret: String?
    public var events: [String]?
    public var isActive: Bool?

    public init(
        name: String? = nil, config: JSONValue? = nil, secret: String? = nil, events: [String]? = nil,
        isActive: Bool? = nil
    ) {
        self.name = name
        self.config = config
        self.secret = secret
        self.events = events
        self.isActive = isActive
    }
}

/// Reads and writes `messaging_integrations`.
public protocol MessagingIntegrationRepository: Sendable {
    func create(_ integration: MessagingIntegration) async throws -> MessagingIntegration
    func find(id: UUID) async throws -> MessagingIntegration?
    /// Several at once (the worker resolves a claimed batch's integrations in one query).
    func find(ids: [UUID]) async throws -> [UUID: MessagingIntegration]
    /// The user's integrations, oldest first.
    func list(userID: UUID) async throws -> [MessagingIntegration]
    /// Active integrations of several users (fan-out).
    func active(userIDs: [UUID]) async throws -> [MessagingIntegration]
    /// Nil when the integration is not the user's.
    func update(id: UUID, userID: UUID, _ changes: IntegrationChanges) async throws -> MessagingIntegration?
    func delete(id: UUID, userID: UUID) async throws -> Bool
}

struct SQLMessagingIntegrationRepository: MessagingIntegrationRepository {
    let session: DataSession
    static let table = "messaging_integrations"
    static let columns = [
        "id", "user_id", "adapter", "name", "config", "secret", "events", "is_active", "created_at", "updated_at",
    ]

    func create(_ integration: MessagingIntegration) async throws -> MessagingIntegration {
        let types = session.types
        do {
            try await session.sql.insert(into: Self.table).columns(Self.columns)
                .values(
                    types.bind(integration.id), types.bind(integration.userID), SQLBind(integration.adapter.rawValue),
                    SQLBind(integration.name), types.bind(json: integration.config), SQLBind(integration.secret),
                    types.bind(textArray: integration.events), types.bind(integration.isActive),
                    types.bind(integration.createdAt), types.bind(integration.updatedAt)
                )
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard let created = try await find(id: integration.id) else {
            throw DataAccessError.unexpectedNull(column: "\(Self.table).id")
        }
        return created
    }

    func find(id: UUID) async throws -> MessagingIntegration? {
        try await select().where("id", .equal, session.types.bind(id)).first().map(decode)
    }

    func find(ids: [UUID]) async throws -> [UUID: MessagingIntegration] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await select().where("id", .in, SQLGroupExpression(SQLList(Set(ids).map { session.types.bind($0) }))).all()
        return Dictionary(uniqueKeysWithValues: try rows.map(decode).map { ($0.id, $0) })
    }

    func list(userID: UUID) async throws -> [MessagingIntegration] {
        try await select().where("user_id", .equal, session.types.bind(userID))
            .orderBy("created_at").orderBy("id").all().map(decode)
    }

    func active(userIDs: [UUID]) async throws -> [MessagingIntegration] {
        guard !userIDs.isEmpty else { return [] }
        return try await select()
            .where("user_id", .in, SQLGroupExpression(SQLList(Set(userIDs).map { session.types.bind($0) })))
            .where("is_active", .equal, session.types.bind(true))
            .orderBy("created_at").orderBy("id").all().map(decode)
    }

    func update(id: UUID, userID: UUID, _ changes: IntegrationChanges) async throws -> MessagingIntegration? {
        let types = session.types
        let query = session.sql.update(Self.table).set("updated_at", to: types.bind(Date()))
        if let name = changes.name { query.set("name", to: SQLBind(name)) }
        if let config = changes.config { query.set("config", to: types.bind(json: config)) }
        if let secret = changes.secret { query.set("secret", to: SQLBind(secret)) }
        if let events = changes.events { query.set("events", to: types.bind(textArray: events)) }
        if let active = changes.isActive { query.set("is_active", to: types.bind(active)) }
        let rows = try await query.where("id", .equal, types.bind(id)).where("user_id", .equal, types.bind(userID))
            .returning("id").all()
        guard !rows.isEmpty else { return nil }
        return try await find(id: id)
    }

    func delete(id: UUID, userID: UUID) async throws -> Bool {
        let types = session.types
        return
            !(try await session.sql.delete(from: Self.table)
            .where("id", .equal, types.bind(id)).where("user_id", .equal, types.bind(userID))
            .returning("id").all()).isEmpty
    }

    private func select() -> SQLSelectBuilder {
        session.sql.select().columns(Self.columns).from(Self.table)
    }

    private func decode(_ row: any SQLRow) throws -> MessagingIntegration {
        let types = session.types
        let adapterName = try row.decode(column: "adapter", as: String.self)
        guard let adapter = MessagingAdapterKind(rawValue: adapterName) else {
            throw DataAccessError.malformedValue(column: "\(Self.table).adapter", expected: "adapter", found: adapterName)
        }
        return MessagingIntegration(
            id: try types.uuid(row, "id"), userID: try types.uuid(row, "user_id"), adapter: adapter,
            name: try row.decode(column: "name", as: String.self), config: try types.json(row, "config"),
            secret: try row.decode(column: "secret", as: String?.self), events: try types.textArray(row, "events"),
            isActive: try row.decode(column: "is_active", as: Bool.self), createdAt: try types.date(row, "created_at"),
            updatedAt: try types.date(row, "updated_at"))
    }
}
