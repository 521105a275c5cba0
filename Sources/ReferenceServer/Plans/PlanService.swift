import AgentPlannerCore
import Foundation
import Persistence

/// Plans and their collaborators (ROUTES.md §4.2): who may read, change, delete and share a plan, and what each
/// change writes, one transaction each; realtime events after the commit. Knows nothing of HTTP.
struct PlanService: Sendable {
    let store: any DatabaseStore
    let realtime: any RealtimeBus
    let policy = PlanAccessPolicy()

    /// A plan's editable fields as validated from the request; nil leaves a field as it is.
    struct Fields: Sendable {
        var title: String?
        var description: String?
        var status: String?
        var metadata: JSONValue?
    }

    /// A plan with the caller's role and its progress (percent of its nodes completed, root included).
    struct Listed: Sendable {
        let plan: Plan
        let role: String
        let progress: Int
    }

    struct Detail: Sendable {
        let access: PlanAccessPolicy.Access
        let root: PlanNode?
        let progress: Int
    }

    enum Removal: Sendable {
        case archived(Plan)
        case deleted
    }

    /// Owned plans first, then those shared with the caller.
    func list(for caller: AuthenticatedUser) async throws -> [Listed] {
        try await store.withSession { session in
            let owned = try await session.plans.list(ownedBy: caller.id).map { ($0, "owner") }
            let all = try await owned + session.plans.listShared(with: caller.id)
            let counts = try await session.plans.nodeCounts(planIDs: all.map(\.0.id))
            return all.map { plan, role in Listed(plan: plan, role: role, progress: PlanJSON.progress(counts[plan.id])) }
        }
    }

    /// The root node is created with the plan, in the same transaction (v1 did it in two steps).
    func create(_ fields: Fields, by caller: AuthenticatedUser) async throws -> Plan {
        let plan = try await store.transaction { session -> Plan in
            let plan = try await session.plans.create(
                NewPlan(
                    title: fields.title ?? "", description: fields.description ?? "", ownerID: caller.id,
                    status: fields.status ?? "draft", metadata: fields.metadata ?? .emptyObject))
            _ = try await session.planNodes.create(
                NewPlanNode(
                    planID: plan.id, parentID: nil, nodeType: "root", title: plan.title,
                    description: fields.description ?? "", context: fields.description ?? ""))
            return plan
        }
        await realtime.publish(RealtimeEvents.plan("plan.created", plan, to: .everyone, by: caller))
        return plan
    }

    /// `nil` id (malformed) answers like a missing plan: v1's 403.
    func detail(planID: UUID?, caller: AuthenticatedUser) async throws -> Detail {
        guard let planID else { throw PlanAccessPolicy.noAccess }
        return try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            let root = try await session.planNodes.root(planID: planID)
            let counts = try await session.plans.nodeCounts(planIDs: [planID])
            return Detail(access: access, root: root, progress: PlanJSON.progress(counts[planID]))
        }
    }

    /// Keeps `metadata` when the change omits it (v1 overwrote it with `{}` on every PUT); a new title or
    /// description is carried to the root node.
    func update(planID: UUID, _ fields: Fields, by caller: AuthenticatedUser) async throws -> (plan: Plan, progress: Int) {
        let result = try await store.transaction { session -> (plan: Plan, progress: Int) in
            _ = try await policy.require(
                .admin, planID, userID: caller.id, in: session, message: "You do not have permission to update this plan")
            guard
                let plan = try await session.plans.update(
                    id: planID, title: fields.title, description: fields.description, status: fields.status,
                    metadata: fields.metadata)
            else { throw APIError(.notFound, "Plan not found") }
            if fields.title != nil || fields.description != nil, let root = try await session.planNodes.root(planID: planID) {
                try await session.planNodes.updateRootText(id: root.id, title: fields.title, description: fields.description)
            }
            let counts = try await session.plans.nodeCounts(planIDs: [planID])
            return (plan, PlanJSON.progress(counts[planID]))
        }
        await realtime.publish(RealtimeEvents.plan("plan.updated", result.plan, to: .plan(planID), by: caller))
        return result
    }

    /// Only the owner deletes, or archives with `archive`.
    func remove(planID: UUID, archive: Bool, by caller: AuthenticatedUser) async throws -> Removal {
        let archived = try await store.transaction { session -> Plan? in
            guard let plan = try await session.plans.find(id: planID) else { throw APIError(.notFound, "Plan not found") }
            guard plan.ownerID == caller.id else { throw APIError(.forbidden, "Only the plan owner can delete this plan") }
            if archive {
                return try await session.plans.update(
                    id: planID, title: nil, description: nil, status: "archived", metadata: nil)
            }
            _ = try await session.plans.delete(id: planID)
            return nil
        }
        if let archived {
            await realtime.publish(RealtimeEvents.plan("plan.updated", archived, to: .plan(planID), by: caller))
            return .archived(archived)
        }
        await realtime.publish(RealtimeEvents.planDeleted(planID, by: caller))
        return .deleted
    }

    /// The owner and the collaborators with their users; any reader of the plan may see them.
    func collaborators(planID: UUID?, caller: AuthenticatedUser) async throws
        -> (plan: Plan, owner: User?, collaborators: [(Collaborator, User?)])
    {
        guard let planID else { throw PlanAccessPolicy.noAccess }
        return try await store.withSession { session in
            guard let access = try await policy.access(planID, userID: caller.id, in: session) else {
                throw PlanAccessPolicy.noAccess
            }
            let owner = try await session.users.find(id: access.plan.ownerID)
            return (access.plan, owner, try await session.collaborators.list(planID: planID))
        }
    }

    /// Adds or changes a collaborator's role (admin or owner only); `created` is false for a role change.
    func addCollaborator(planID: UUID, userID: UUID?, role: String, by caller: AuthenticatedUser) async throws
        -> (row: Collaborator, created: Bool)
    {
        try await store.transaction { session in
            _ = try await policy.require(
                .admin, planID, userID: caller.id, in: session, message: "You do not have permission to add collaborators")
            guard let userID, try await session.users.find(id: userID) != nil else {
                throw APIError(.badRequest, "The user does not exist")
            }
            let (row, created) = try await session.collaborators.upsert(planID: planID, userID: userID, role: role)
            return (row, created)
        }
    }

    /// Anyone may leave a plan; removing someone else needs admin.
    func removeCollaborator(planID: UUID, userID: UUID, by caller: AuthenticatedUser) async throws {
        try await store.transaction { session in
            if userID != caller.id {
                _ = try await policy.require(
                    .admin, planID, userID: caller.id, in: session, message: "You do not have permission to remove collaborators")
            }
            try await session.collaborators.remove(planID: planID, userID: userID)
        }
    }
}
