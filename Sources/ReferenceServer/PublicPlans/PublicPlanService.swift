import Foundation
import Persistence

/// Public plans (ROUTES.md §4.2): the anonymous listing (filtered before paging: v1 filtered `search` after
/// paging, so its pages came back short; v1's completion order computed from task counts), the public views, the
/// view counter, and the owner's visibility and GitHub settings. No HTTP here.
struct PublicPlanService: Sendable {
    let store: any DatabaseStore

    static let notFound = APIError(.notFound, "Plan not found")
    static let notPublic = APIError(.forbidden, "This plan is not public")

    struct Entry: Sendable {
        let plan: Plan
        let owner: User?
        let taskCount: Int
        let completedCount: Int
        /// round(100 × completed / tasks); 0 without tasks.
        let completionPercentage: Int
    }

    struct Listing: Sendable {
        let entries: [Entry]
        /// Plans matching the filter, on all pages.
        let total: Int
    }

    /// One page (1-based) of public plans matching `filter`.
    func list(_ filter: PublicPlanFilter, page: Int, limit: Int) async throws -> Listing {
        let offset = (page - 1) * limit
        return try await store.withSession { session in
            let repository = session.publicPlans
            // Completion is not a column: that order is applied here, over every match, before the page is cut.
            let byCompletion = filter.sort == .completion
            let (plans, total) = try await repository.list(filter, offset: offset, limit: byCompletion ? nil : limit)
            let counts = try await repository.taskCounts(planIDs: plans.map(\.id))
            var rows = plans.map { plan -> (plan: Plan, tasks: Int, done: Int, percent: Int) in
                let (tasks, done) = counts[plan.id] ?? (0, 0)
                let percent = tasks > 0 ? Int((100 * Double(done) / Double(tasks)).rounded()) : 0
                return (plan, tasks, done, percent)
            }
            if byCompletion {
                // Highest completion first; ties keep the repository's order (stable).
                rows = Array(
                    rows.enumerated().sorted { ($1.element.percent, $0.offset) < ($0.element.percent, $1.offset) }
                        .map(\.element).dropFirst(offset).prefix(limit))
            }
            let owners = try await repository.owners(ids: rows.map(\.plan.ownerID))
            let entries = rows.map { row in
                Entry(
                    plan: row.plan, owner: owners[row.plan.ownerID], taskCount: row.tasks, completedCount: row.done,
                    completionPercentage: row.percent)
            }
            return Listing(entries: entries, total: total)
        }
    }

    /// A public plan with all its nodes and its owner. A private plan answers like a missing one here (v1),
    /// unlike `plan(_:)`.
    func structure(_ id: UUID?) async throws -> (plan: Plan, nodes: [PlanNode], owner: User?) {
        try await store.withSession { session in
            guard let id, let plan = try await session.plans.find(id: id), plan.visibility == "public" else { throw Self.notFound }
            let nodes = try await session.planNodes.list(planID: id)
            return (plan, nodes, try await session.publicPlans.owners(ids: [plan.ownerID])[plan.ownerID])
        }
    }

    /// A public plan with its root, owner and progress; a private one is a 403.
    func plan(_ id: UUID?) async throws -> (plan: Plan, root: PlanNode, owner: User?, progress: Int) {
        try await store.withSession { session in
            guard let id, let plan = try await session.plans.find(id: id) else { throw Self.notFound }
            guard plan.visibility == "public" else { throw Self.notPublic }
            guard let root = try await session.planNodes.root(planID: id) else {
                throw APIError(.internalServerError, "Plan structure is invalid (no root node)")
            }
            let owner = try await session.publicPlans.owners(ids: [plan.ownerID])[plan.ownerID]
            let counts = try await session.plans.nodeCounts(planIDs: [id])
            return (plan, root, owner, PlanJSON.progress(counts[id]))
        }
    }

    /// Counts a view of a public plan; the new count.
    func recordView(_ id: UUID?) async throws -> Int {
        try await store.transaction { session in
            guard let id, let plan = try await session.plans.find(id: id) else { throw Self.notFound }
            guard plan.visibility == "public" else { throw Self.notPublic }
            guard let count = try await session.publicPlans.recordView(id: id) else { throw Self.notFound }
            return count
        }
    }

    /// Owner only. `githubOwner`/`githubName`: absent keeps, `.some(nil)` clears.
    func setVisibility(
        _ id: UUID, visibility: String, githubOwner: String??, githubName: String??, by caller: AuthenticatedUser
    ) async throws -> Plan {
        try await store.transaction { session in
            guard let plan = try await session.plans.find(id: id) else { throw Self.notFound }
            guard plan.ownerID == caller.id else { throw APIError(.forbidden, "Only the plan owner can change visibility settings") }
            guard
                let updated = try await session.publicPlans.setVisibility(
                    id: id, visibility: visibility, githubOwner: githubOwner, githubName: githubName)
            else { throw Self.notFound }
            return updated
        }
    }

    /// Owner only.
    func linkGitHub(_ id: UUID?, owner: String, name: String, by caller: AuthenticatedUser) async throws -> Plan {
        try await store.transaction { session in
            guard let id, let plan = try await session.plans.find(id: id) else { throw Self.notFound }
            guard plan.ownerID == caller.id else { throw APIError(.forbidden, "Only plan owner can link repository") }
            guard let updated = try await session.publicPlans.linkGitHub(id: id, owner: owner, name: name) else { throw Self.notFound }
            return updated
        }
    }
}
