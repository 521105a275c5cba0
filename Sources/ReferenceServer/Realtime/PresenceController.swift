import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Presence (ROUTES.md §4.4): who is connected to a plan or node on this instance, and the stored presence row.
struct PresenceController {
    let presence: PresenceService

    /// v1's user block: the name falls back to the email's local part.
    struct Person: ShapedOutput {
        let user: User
        static let shape = ObjectShape<Person>([
            .id("id") { $0.user.id }, .text("email") { $0.user.email },
            .text("name") { $0.user.name.flatMap { $0.isEmpty ? nil : $0 } ?? String($0.user.email.prefix { $0 != "@" }) },
            .optionalText("avatar_url") { $0.user.avatarURL },
        ])
    }

    /// `GET /plans/:id/active-users`.
    struct PlanUsers: ShapedOutput {
        let planID: UUID
        let users: [User]
        static let shape = ObjectShape<PlanUsers>([
            .id("planId") { $0.planID }, .list("activeUsers") { $0.users.map(Person.init) }, .integer("count") { $0.users.count },
        ])
    }

    /// `POST /plans/:id/presence`.
    struct Updated: ShapedOutput {
        struct Row: ShapedOutput {
            let row: Presence
            static let shape = ObjectShape<Row>([
                .id("id") { $0.row.id }, .id("user_id") { $0.row.userID }, .id("plan_id") { $0.row.planID },
                .optionalID("node_id") { $0.row.nodeID }, .optionalText("status") { $0.row.status },
                .time("last_seen") { $0.row.lastSeen },
            ])
        }

        let row: Presence
        static let shape = ObjectShape<Updated>([.text("message") { _ in "Presence updated" }, .nested("presence") { Row(row: $0.row) }])
    }

    /// `GET /plans/:id/nodes/:nodeId/active-users`.
    struct NodeUsers: ShapedOutput {
        let nodeID: UUID
        let active: [User]
        let typing: [User]
        static let shape = ObjectShape<NodeUsers>([
            .id("nodeId") { $0.nodeID }, .list("activeUsers") { $0.active.map(Person.init) },
            .list("typingUsers") { $0.typing.map(Person.init) },
            .value(
                "counts",
                JSONSchema.object(["active": JSONSchema.type("integer"), "typing": JSONSchema.type("integer")], required: ["active", "typing"])
            ) { ["active": .number(Double($0.active.count)), "typing": .number(Double($0.typing.count))] },
        ])
    }

    @Sendable func planUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = context.optionalPathID("id")
        let (plan, users) = try await presence.planUsers(planID: planID, caller: identity)
        return PlanUsers(planID: plan.id, users: users).response()
    }

    /// `POST /plans/:id/presence`: `{status?, nodeId?}` (status `active` by default).
    struct Input: APIInput {
        static let statuses = ["active", "idle", "away"]
        let status: String
        let nodeText: String?

        init(validating body: inout BodyValidator) throws {
            body.describe("status", JSONSchema.nullable(JSONSchema.oneOf(Self.statuses)))
            body.describe("nodeId", JSONSchema.nullable(JSONSchema.type("string")))
            switch body.fields["status"] {
            case nil, .null?: status = "active"
            case .string(let value)? where Self.statuses.contains(value): status = value
            default: throw APIError(.badRequest, "status must be one of: active, idle, away")
            }
            switch body.fields["nodeId"] {
            case nil, .null?: nodeText = nil
            case .string(let value)?: nodeText = value
            default: throw APIError(.badRequest, "nodeId must be a node of this plan")
            }
        }
    }

    /// v1 let the database refuse a bad status (500 `Failed to update presence`); v2 answers 400.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await Input.read(request, context)
        let planID = context.optionalPathID("id")
        let row = try await presence.update(status: input.status, nodeText: input.nodeText, planID: planID, by: identity)
        return Updated(row: row).response()
    }

    @Sendable func nodeUsers(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = context.optionalPathID("id")
        let (nodeID, active, typing) = try await presence.nodeUsers(
            planID: planID, nodeID: context.optionalPathID("nodeId"), caller: identity)
        return NodeUsers(nodeID: nodeID, active: active, typing: typing).response()
    }
}
