import Foundation
import Persistence

/// The public plan listing's rules (ROUTES.md §4.2): filter before paging (v1 filtered `search` after paging,
/// so its pages came back short), and v1's completion order computed from task counts.
struct PublicPlanService: Sendable {
    let store: any DatabaseStore

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
}
