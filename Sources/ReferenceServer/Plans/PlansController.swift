import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Plans and their collaborators (ROUTES.md §4.2), behind authentication; the rules are in `PlanService`.
struct PlansController {
    let plans: PlanService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let listed = try await plans.list(for: identity)
        return JSONResponse.make(
            JSONValue.array(listed.map { PlanJSON.listed($0.plan, role: $0.role, progress: $0.progress) }))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let plan = try await plans.create(try await Self.planFields(request, context, titleRequired: true), by: identity)
        let row = PlanJSON.row(plan)
        var answer: [String: JSONValue] = [:]
        for key in ["id", "title", "description", "status", "created_at", "updated_at", "owner_id"] { answer[key] = row[key] }
        answer["progress"] = 0
        return JSONResponse.make(JSONValue.object(answer), status: .created)
    }

    /// v1's strict create/update schema: title 1–255, description ≤ 5000, status, metadata object.
    static func planFields(_ request: Request, _ context: AppRequestContext, titleRequired: Bool) async throws
        -> PlanService.Fields
    {
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["title", "description", "status", "metadata"])
        let fields = PlanService.Fields(
            title: body.string("title", required: titleRequired, minimum: 1, maximum: 255),
            description: body.string("description", required: false, maximum: 5000),
            status: body.oneOf("status", ValueDomains.planStatus), metadata: body.object("metadata"))
        try body.check()
        return fields
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let detail = try await plans.detail(planID: context.optionalPathID("id"), caller: identity)
        var object = PlanJSON.row(detail.access.plan)
        for key in ["view_count", "last_viewed_at"] { object.removeValue(forKey: key) }
        object["root_node"] =
            detail.root.map { node in
                [
                    "id": .string(node.id.lowercased), "node_type": .string(node.nodeType), "title": .string(node.title),
                    "description": PlanJSON.text(node.description), "status": .string(node.status),
                    "created_at": PlanJSON.time(node.createdAt), "updated_at": PlanJSON.time(node.updatedAt),
                    "context": PlanJSON.text(node.context), "agent_instructions": PlanJSON.text(node.agentInstructions),
                ]
            } ?? .null
        object["is_owner"] = .bool(detail.access.role == "owner")
        object["progress"] = .number(Double(detail.progress))
        return JSONResponse.make(JSONValue.object(object))
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        let fields = try await Self.planFields(request, context, titleRequired: false)
        let (plan, progress) = try await plans.update(planID: id, fields, by: identity)
        var object = PlanJSON.row(plan)
        object["progress"] = .number(Double(progress))
        return JSONResponse.make(JSONValue.object(object))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        switch try await plans.remove(planID: id, archive: request.uri.queryParameters["archive"] == "true", by: identity) {
        case .archived: return JSONResponse.make(JSONValue.object(["message": "Plan archived successfully"]))
        case .deleted: return Response(status: .noContent)
        }
    }

    @Sendable func collaborators(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (plan, owner, collaborators) = try await plans.collaborators(planID: context.optionalPathID("id"), caller: identity)
        return JSONResponse.make(
            JSONValue.object([
                "owner": PlanJSON.user(owner, id: plan.ownerID),
                "collaborators": .array(
                    collaborators.map { collaborator, user in
                        [
                            "id": .string(collaborator.id.lowercased), "user": PlanJSON.user(user, id: collaborator.userID),
                            "role": .string(collaborator.role), "created_at": PlanJSON.time(collaborator.createdAt),
                        ]
                    }),
            ]))
    }

    @Sendable func addCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        body.rejectUnknownKeys(allowed: ["user_id", "role"])
        let userID = body.uuid("user_id", required: true)
        let role = body.oneOf("role", ["admin", "editor", "viewer"], required: true)
        try body.check()
        guard let role else { throw APIError.internalError }
        let (row, created) = try await plans.addCollaborator(
            planID: id, userID: userID.flatMap(UUID.init(uuidString:)), role: role, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(row.id.lowercased), "plan_id": .string(row.planID.lowercased),
                "user_id": .string(row.userID.lowercased), "role": .string(row.role), "created_at": PlanJSON.time(row.createdAt),
            ]), status: created ? .created : .ok)
    }

    @Sendable func removeCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        let userID = try context.validatedPathID("userId")
        try await plans.removeCollaborator(planID: id, userID: userID, by: identity)
        return Response(status: .noContent)
    }
}
