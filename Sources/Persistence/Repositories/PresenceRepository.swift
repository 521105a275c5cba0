import Foundation
import SQLKit

/// A row of `user_presence`: where a user last was in a plan.
public struct Presence: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var planID: UUID
    public var nodeID: UUID?
    public var status: String?
    public var lastSeen: Date
}

/// Writes `user_presence`, one row per (user, plan).
public protocol PresenceRepository: Sendable {
    func upsert(userID: UUID, planID: UUID, nodeID: UUID?, status: String) async throws -> Presence
}

struct SQLPresenceRepository: PresenceRepository {
    let session: DataSession

    func upsert(userID: UUID, planID: UUID, nodeID: UUID?, status: String) async throws -> Presence {
        let types = session.types
        let now = Date()
        do {
            try await session.sql.insert(into: "user_presence")
                .columns("id", "user_id", "plan_id", "node_id", "status", "last_seen")
                .values(
                    types.bind(UUID()), types.bind(userID), types.bind(planID), types.bind(nodeID), SQLBind(status),
                    types.bind(now)
                )
                .onConflict(with: ["user_id", "plan_id"]) { update in
                    update.set(excludedValueOf: "node_id").set(excludedValueOf: "status")
                        .set(excludedValueOf: "last_seen")
                }
                .run()
        } catch {
            throw ConstraintViolation.classify(error) ?? error
        }
        guard
            let row = try await session.sql.select()
                .columns("id", "user_id", "plan_id", "node_id", "status", "last_seen").from("user_presence")
                .where("user_id", .equal, types.bind(userID)).where("plan_id", .equal, types.bind(planID)).first()
        else { throw DataAccessError.unexpectedNull(column: "user_presence.id") }
        return Presence(
            id: try types.uuid(row, "id"), userID: try types.uuid(row, "user_id"), planID: try types.uuid(row, "plan_id"),
            nodeID: try types.optionalUUID(row, "node_id"), status: try row.decode(column: "status", as: String?.self),
            lastSeen: try types.date(row, "last_seen"))
    }
}
