import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Presence (ROUTES.md §4.4): who is connected to a plan or node on this instance, and the stored presence row.
struct PresenceController {
    let store: any DatabaseStore
    let hub: RealtimeHub
    let policy = PlanAccessPolicy()

    /// v1's user block: the name falls back to the email's local part.
    static func people(_ ids: [UUID], in session: DataSession) async throws -> [JSONValue] {
        let users = try await session.publicPlans.owners(ids: ids)
        return ids.compactMap { users[$0] }.map { user in
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
        let answer = try await store.withSession { session -> JSONValue in
            let access = try await policy.requireExisting(.read, planID, userID: identity.id, in: session, denied: "Access denied")
            let people = try await Self.people(await hub.users(inPlan: access.plan.id), in: session)
            return ["planId": .string(access.plan.id.lowercased), "activeUsers": .array(people), "count": .number(Double(people.count))]
        }
        return JSONResponse.make(answer)
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
        let presence = try await store.transaction { session -> Presence in
            let access = try await policy.requireExisting(.read, planID, userID: identity.id, in: session, denied: "Access denied")
            var nodeID: UUID?
            if let nodeText {
                guard let id = UUID(uuidString: nodeText), let node = try await session.planNodes.find(id: id),
                    node.planID == access.plan.id
                else { throw APIError(.badRequest, "nodeId must be a node of this plan") }
                nodeID = id
            }
            return try await session.presence.upsert(userID: identity.id, planID: access.plan.id, nodeID: nodeID, status: status)
        }
        return JSONResponse.make(
            JSONValue.object([
                "message": "Presence updated",
                "presence": [
                    "id": .string(presence.id.lowercased), "user_id": .string(presence.userID.lowercased),
                    "plan_id": .string(presence.planID.lowercased),
                    "node_id": presence.nodeID.map { .string($0.lowercased) } ?? .null,
                    "status": PlanJSON.text(presence.status), "last_seen": PlanJSON.time(presence.lastSeen),
                ],
            ]))
    }

    @Sendable func nodeUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = context.optionalPathID("id")
        let answer = try await store.withSession { session -> JSONValue in
            guard let planID, let nodeID = context.parameters.get("nodeId").flatMap(UUID.init(uuidString:)),
                let node = try await session.planNodes.find(id: nodeID), node.planID == planID
            else { throw APIError(.notFound, "Node not found") }
            _ = try await policy.requireExisting(.read, planID, userID: identity.id, in: session, denied: "Access denied")
            let active = try await Self.people(await hub.users(onNode: nodeID), in: session)
            let typing = try await Self.people(await hub.typingUsers(onNode: nodeID), in: session)
            return [
                "nodeId": .string(nodeID.lowercased), "activeUsers": .array(active), "typingUsers": .array(typing),
                "counts": ["active": .number(Double(active.count)), "typing": .number(Double(typing.count))],
            ]
        }
        return JSONResponse.make(answer)
    }
}
