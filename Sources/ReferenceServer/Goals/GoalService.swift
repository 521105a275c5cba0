import AgentPlannerCore
import Foundation
import Persistence

/// Goals and their plan links (ROUTES.md §4.14) under DECISIONS.md §D2's rule, which replaces v1's
/// organisations: a goal belongs to its owner (v1's `created_by`), who alone changes, deletes and links it;
/// anyone with access to a linked plan may read it. No HTTP here.
struct GoalService: Sendable {
    let store: any DatabaseStore
    let policy = PlanAccessPolicy()

    struct Listed: Sendable {
        let goal: Goal
        let owner: User?
        let linkedPlans: Int
    }

    struct LinkedPlan: Sendable {
        let link: PlanGoalLink
        let plan: Plan
        let progress: Int
    }

    struct Detail: Sendable {
        let goal: Goal
        let owner: User?
        let linkedPlans: [LinkedPlan]
    }

    static let notFound = ServiceError.notFound("Goal not found")

    func list(userID: UUID, status: String?) async throws -> [Listed] {
        try await store.withSession { session in
            let goals = try await session.goals.listVisible(to: userID, status: status)
            let counts = try await session.goals.linkCounts(goalIDs: goals.map(\.id))
            var owners: [UUID: User] = [:]
            for id in Set(goals.map(\.ownerID)) { owners[id] = try await session.users.find(id: id) }
            return goals.map { Listed(goal: $0, owner: owners[$0.ownerID], linkedPlans: counts[$0.id] ?? 0) }
        }
    }

    func detail(goalID: UUID?, userID: UUID) async throws -> Detail {
        try await store.withSession { session in
            let goal = try await readable(goalID, userID: userID, in: session)
            var linked: [LinkedPlan] = []
            let links = try await session.goals.links(goalID: goal.id)
            let counts = try await session.plans.nodeCounts(planIDs: links.map(\.planID))
            for link in links {
                guard let plan = try await session.plans.find(id: link.planID) else { continue }
                let count = counts[plan.id]
                linked.append(
                    LinkedPlan(
                        link: link, plan: plan,
                        progress: PlanProgress.percent(completed: count?.completed ?? 0, total: count?.total ?? 0)))
            }
            return Detail(goal: goal, owner: try await session.users.find(id: goal.ownerID), linkedPlans: linked)
        }
    }

    func create(_ input: GoalInput.Create, userID: UUID) async throws -> Goal {
        try await store.transaction { session in
            try await session.goals.create(
                NewGoal(
                    ownerID: userID, title: input.title, description: input.description,
                    successMetrics: input.successMetrics ?? .array([]), timeHorizon: input.timeHorizon,
                    githubRepoURL: input.githubRepoURL))
        }
    }

    /// `denied` is the endpoint's message for a caller who does not own the goal.
    func update(goalID: UUID?, userID: UUID, changes: GoalChanges, denied: String) async throws -> Goal {
        try await store.transaction { session in
            let goal = try await owned(goalID, userID: userID, in: session, denied: denied)
            guard let updated = try await session.goals.update(id: goal.id, changes: changes) else { throw Self.notFound }
            return updated
        }
    }

    func delete(goalID: UUID?, userID: UUID) async throws {
        try await store.transaction { session in
            let goal = try await owned(goalID, userID: userID, in: session, denied: "Only the goal owner can delete this goal")
            try await session.goals.delete(id: goal.id)
        }
    }

    func link(goalID: UUID?, planID: UUID?, userID: UUID) async throws -> PlanGoalLink {
        try await store.transaction { session in
            guard let goalID, let goal = try await session.goals.find(id: goalID) else { throw Self.notFound }
            guard let planID, try await session.plans.find(id: planID) != nil else { throw ServiceError.notFound("Plan not found") }
            guard try await policy.access(planID, userID: userID, in: session) != nil else {
                throw ServiceError.forbidden("No access to plan")
            }
            // v1 never checked the goal here; linking grants read access to the goal, so only its owner may.
            guard goal.ownerID == userID else { throw ServiceError.forbidden("Only the goal owner can link plans to it") }
            do {
                return try await session.goals.link(planID: planID, goalID: goalID, by: userID)
            } catch let violation as ConstraintViolation where violation.kind == .unique {
                throw ServiceError.badRequest("Plan is already linked to this goal")
            }
        }
    }

    func unlink(goalID: UUID?, planID: UUID?, userID: UUID) async throws {
        try await store.transaction { session in
            guard let planID, try await session.plans.find(id: planID) != nil else { throw ServiceError.notFound("Plan not found") }
            var allowed = try await goalID.asyncFlatMap { try await session.goals.find(id: $0) }?.ownerID == userID
            if !allowed { allowed = try await policy.access(planID, userID: userID, in: session) != nil }
            guard allowed else { throw ServiceError.forbidden("No access to plan") }
            if let goalID { try await session.goals.unlink(planID: planID, goalID: goalID) }
        }
    }

    /// The goal when the user may read it: 404 when it does not exist, 403 when it is someone else's and not
    /// linked to any plan the user can open.
    private func readable(_ goalID: UUID?, userID: UUID, in session: DataSession) async throws -> Goal {
        guard let goalID, let goal = try await session.goals.find(id: goalID) else { throw Self.notFound }
        if goal.ownerID == userID { return goal }
        guard try await session.goals.isLinkedToAccessiblePlan(goalID: goal.id, userID: userID) else {
            throw ServiceError.forbidden("Access denied")
        }
        return goal
    }

    private func owned(_ goalID: UUID?, userID: UUID, in session: DataSession, denied: String) async throws -> Goal {
        guard let goalID, let goal = try await session.goals.find(id: goalID) else { throw Self.notFound }
        guard goal.ownerID == userID else { throw ServiceError.forbidden(denied) }
        return goal
    }
}

extension Optional where Wrapped: Sendable {
    /// `flatMap` with an async transform.
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
