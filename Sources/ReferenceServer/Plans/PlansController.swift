import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Plans and their collaborators (ROUTES.md §4.2), behind authentication; the rules are in `PlanService`.
struct PlansController {
    let plans: PlanService

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return ListOutput(items: try await plans.list(for: identity).map(ListedPlan.init)).response()
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let plan = try await plans.create(try await NewPlanInput.read(request, context).fields, by: identity)
        return CreatedPlan(plan: plan).response(.created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        return PlanDetail(detail: try await plans.detail(planID: context.optionalPathID("id"), caller: identity)).response()
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        let fields = try await PlanFieldsInput.read(request, context).fields
        let (plan, progress) = try await plans.update(planID: id, fields, by: identity)
        return UpdatedPlan(plan: plan, progress: progress).response()
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        switch try await plans.remove(planID: id, archive: request.uri.queryParameters["archive"] == "true", by: identity) {
        case .archived: return MessageOutput(message: "Plan archived successfully").response()
        case .deleted: return Response(status: .noContent)
        }
    }

    @Sendable func collaborators(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let (plan, owner, collaborators) = try await plans.collaborators(planID: context.optionalPathID("id"), caller: identity)
        return PlanCollaborators(
            owner: UserReference(user: owner, id: plan.ownerID),
            collaborators: collaborators.map { PlanCollaborators.Entry(collaborator: $0, user: $1) }
        ).response()
    }

    @Sendable func addCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        let input = try await CollaboratorInput.read(request, context)
        let (row, created) = try await plans.addCollaborator(planID: id, userID: input.userID, role: input.role, by: identity)
        return CollaboratorRow(row: row).response(created ? .created : .ok)
    }

    @Sendable func removeCollaborator(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try context.validatedPathID("id")
        let userID = try context.validatedPathID("userId")
        try await plans.removeCollaborator(planID: id, userID: userID, by: identity)
        return Response(status: .noContent)
    }
}
