import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Plans and their collaborators (ROUTES.md §4.2), behind authentication.
struct PlansController {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get(use: list)
        group.post(use: create)
        group.get(":id", use: get)
        group.put(":id", use: update)
        group.delete(":id", use: delete)
        group.get(":id/collaborators", use: collaborators)
        group.post(":id/collaborators", use: addCollaborator)
        group.delete(":id/collaborators/:userId", use: removeCollaborator)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let listed = try await store.withSession { session -> [JSONValue] in
            let owned = try await session.plans.list(ownedBy: identity.id).map { ($0, "owner") }
            let shared = try await session.plans.listShared(with: identity.id)
            let all = owned + shared
            let counts = try await session.plans.nodeCounts(planIDs: all.map(\.0.id))
            return all.map { plan, role in PlanJSON.listed(plan, role: role, progress: PlanJSON.progress(counts[plan.id])) }
        }
        return JSONResponse.make(JSONValue.array(listed))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (title, description, status, metadata) = try await Self.planFields(request, context, titleRequired: true)
        let plan = try await store.transaction { session -> Plan in
            let plan = try await session.plans.create(
                NewPlan(
                    title: title ?? "", description: description ?? "", ownerID: identity.id,
                    status: status ?? "draft", metadata: metadata ?? .emptyObject))
            // The root node is created with the plan, in the same transaction (v1 did it in two steps).
            _ = try await session.planNodes.create(
                NewPlanNode(
                    planID: plan.id, parentID: nil, nodeType: "root", title: plan.title, description: description ?? "",
                    context: description ?? ""))
            return plan
        }
        await realtime.publish(RealtimeEvents.plan("plan.created", plan, to: .everyone, by: identity))
        let row = PlanJSON.row(plan)
        var answer: [String: JSONValue] = [:]
        for key in ["id", "title", "description", "status", "created_at", "updated_at", "owner_id"] { answer[key] = row[key] }
        answer["progress"] = 0
        return JSONResponse.make(JSONValue.object(answer), status: .created)
    }

    /// v1's strict create/update schema: title 1–255, description ≤ 5000, status, metadata object.
    static func planFields(_ request: Request, _ context: AppRequestContext, titleRequired: Bool) async throws
        -> (title: String?, description: String?, status: String?, metadata: JSONValue?)
    {
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["title", "description", "status", "metadata"])
        let fields = (
            body.string("title", required: titleRequired, minimum: 1, maximum: 255),
            body.string("description", required: false, maximum: 5000),
            body.oneOf("status", ValueDomains.planStatus), body.object("metadata")
        )
        try body.check()
        return fields
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let denied = APIError(.forbidden, "You do not have access to this plan")
        // v1 answered 403 for malformed and missing ids alike.
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw denied }
        let answer = try await store.withSession { session -> JSONValue in
            guard let access = try await policy.access(id, userID: identity.id, in: session) else { throw denied }
            let root = try await session.planNodes.root(planID: id)
            let counts = try await session.plans.nodeCounts(planIDs: [id])
            var object = PlanJSON.row(access.plan)
            for key in ["view_count", "last_viewed_at"] { object.removeValue(forKey: key) }
            object["root_node"] = root.map { node in
                [
                    "id": .string(node.id.lowercased), "node_type": .string(node.nodeType), "title": .string(node.title),
                    "description": PlanJSON.text(node.description), "status": .string(node.status),
                    "created_at": PlanJSON.time(node.createdAt), "updated_at": PlanJSON.time(node.updatedAt),
                    "context": PlanJSON.text(node.context), "agent_instructions": PlanJSON.text(node.agentInstructions),
                ]
            } ?? .null
            object["is_owner"] = .bool(access.role == "owner")
            object["progress"] = .number(Double(PlanJSON.progress(counts[id])))
            return .object(object)
        }
        return JSONResponse.make(answer)
    }

    /// Keeps `metadata` when the body omits it: v1 overwrote it with `{}` on every PUT (a defect).
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        let (title, description, status, metadata) = try await Self.planFields(request, context, titleRequired: false)
        let (answer, updated) = try await store.transaction { session -> (JSONValue, Plan) in
            _ = try await policy.require(
                .admin, id, userID: identity.id, in: session, message: "You do not have permission to update this plan")
            guard
                let plan = try await session.plans.update(
                    id: id, title: title, description: description, status: status, metadata: metadata)
            else { throw APIError(.notFound, "Plan not found") }
            if title != nil || description != nil, let root = try await session.planNodes.root(planID: id) {
                try await session.planNodes.updateRootText(id: root.id, title: title, description: description)
            }
            let counts = try await session.plans.nodeCounts(planIDs: [id])
            var object = PlanJSON.row(plan)
            object["progress"] = .number(Double(PlanJSON.progress(counts[id])))
            return (.object(object), plan)
        }
        await realtime.publish(RealtimeEvents.plan("plan.updated", updated, to: .plan(id), by: identity))
        return JSONResponse.make(answer)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        let archive = request.uri.queryParameters["archive"] == "true"
        let archived = try await store.transaction { session -> Plan? in
            guard let plan = try await session.plans.find(id: id) else { throw APIError(.notFound, "Plan not found") }
            guard plan.ownerID == identity.id else { throw APIError(.forbidden, "Only the plan owner can delete this plan") }
            if archive {
                return try await session.plans.update(id: id, title: nil, description: nil, status: "archived", metadata: nil)
            }
            _ = try await session.plans.delete(id: id)
            return nil
        }
        if let archived {
            await realtime.publish(RealtimeEvents.plan("plan.updated", archived, to: .plan(id), by: identity))
            return JSONResponse.make(JSONValue.object(["message": "Plan archived successfully"]))
        }
        await realtime.publish(RealtimeEvents.planDeleted(id, by: identity))
        return Response(status: .noContent)
    }

    @Sendable func collaborators(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let denied = APIError(.forbidden, "You do not have access to this plan")
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw denied }
        let answer = try await store.withSession { session -> JSONValue in
            guard let access = try await policy.access(id, userID: identity.id, in: session) else { throw denied }
            let owner = try await session.users.find(id: access.plan.ownerID)
            let collaborators = try await session.collaborators.list(planID: id)
            return [
                "owner": PlanJSON.user(owner, id: access.plan.ownerID),
                "collaborators": .array(
                    collaborators.map { collaborator, user in
                        [
                            "id": .string(collaborator.id.lowercased), "user": PlanJSON.user(user, id: collaborator.userID),
                            "role": .string(collaborator.role), "created_at": PlanJSON.time(collaborator.createdAt),
                        ]
                    }),
            ]
        }
        return JSONResponse.make(answer)
    }

    @Sendable func addCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["user_id", "role"])
        let userID = body.uuid("user_id", required: true)
        let role = body.oneOf("role", ["admin", "editor", "viewer"], required: true)
        try body.check()
        guard let role else { throw APIError.internalError }
        let (row, created) = try await store.transaction { session -> (Collaborator, Bool) in
            _ = try await policy.require(
                .admin, id, userID: identity.id, in: session, message: "You do not have permission to add collaborators")
            guard let userID = userID.flatMap(UUID.init(uuidString:)), try await session.users.find(id: userID) != nil else {
                throw APIError(.badRequest, "The user does not exist")
            }
            return try await session.collaborators.upsert(planID: id, userID: userID, role: role)
        }
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(row.id.lowercased), "plan_id": .string(row.planID.lowercased),
                "user_id": .string(row.userID.lowercased), "role": .string(row.role), "created_at": PlanJSON.time(row.createdAt),
            ]), status: created ? .created : .ok)
    }

    @Sendable func removeCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        let userID = try UUIDFormat.parameter(context.parameters.get("userId"), field: "userId")
        try await store.transaction { session in
            if userID != identity.id {
                _ = try await policy.require(
                    .admin, id, userID: identity.id, in: session, message: "You do not have permission to remove collaborators")
            }
            try await session.collaborators.remove(planID: id, userID: userID)
        }
        return Response(status: .noContent)
    }
}
