import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Presence (ROUTES.md §4.4): who is connected to a plan or node on this instance, and the stored presence row.
struct PresenceController {
    let presence: PresenceService

    /// v1's user block: the name falls back to the email's local part.
    static func people(_ users: [User]) -> [JSONValue] {
        users.map { user in
            [
                "id": .string(user.id.lowercased), "email": .string(user.email),
                "name": .string(user.name.flatMap { $0.isEmpty ? nil : $0 } ?? String(user.email.prefix { $0 != "@" })),
                "avatar_url": PlanJSON.text(user.avatarURL),
            ]
        }
    }

    @Sendable func planUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = context.optionalPathID("id")
        let (plan, users) = try await presence.planUsers(planID: planID, caller: identity)
        let people = Self.people(users)
        return JSONResponse.make(
            JSONValue.object([
                "planId": .string(plan.id.lowercased), "activeUsers": .array(people), "count": .number(Double(people.count)),
            ]))
    }

    /// v1 let the database refuse a bad status (500 `Failed to update presence`); v2 answers 400.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        let status: String
        switch body.fields["status"] {
        case nil, .null?: status = "active"
        case .string(let value)? where ["active", "idle", "away"].contains(value): status = value
        default: throw APIError(.badRequest, "status must be one of: active, idle, away")
        }
        let nodeText: String?
        switch body.fields["nodeId"] {
        case nil, .null?: nodeText = nil
        case .string(let value)?: nodeText = value
        default: throw APIError(.badRequest, "nodeId must be a node of this plan")
        }
        let planID = context.optionalPathID("id")
        let row = try await presence.update(status: status, nodeText: nodeText, planID: planID, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "message": "Presence updated",
                "presence": [
                    "id": .string(row.id.lowercased), "user_id": .string(row.userID.lowercased),
                    "plan_id": .string(row.planID.lowercased),
                    "node_id": row.nodeID.map { .string($0.lowercased) } ?? .null,
                    "status": PlanJSON.text(row.status), "last_seen": PlanJSON.time(row.lastSeen),
                ],
            ]))
    }

    @Sendable func nodeUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = context.optionalPathID("id")
        let (nodeID, active, typing) = try await presence.nodeUsers(
            planID: planID, nodeID: context.optionalPathID("nodeId"), caller: identity)
        return JSONResponse.make(
            JSONValue.object([
                "nodeId": .string(nodeID.lowercased), "activeUsers": .array(Self.people(active)),
                "typingUsers": .array(Self.people(typing)),
                "counts": ["active": .number(Double(active.count)), "typing": .number(Double(typing.count))],
            ]))
    }
}
