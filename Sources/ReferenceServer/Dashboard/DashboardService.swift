import AgentPlannerCore
import Foundation
import Persistence

/// The landing page's data (ROUTES.md §4.15), always over the plans the caller owns or collaborates on.
/// No HTTP here.
///
/// Where v1 answered from columns or tables that do not exist, v2 serves the intended answer: pending decisions
/// are those of the caller's plans (v1 filtered on a missing `requested_of_user_id`, so always 0 / `[]`);
/// knowledge entries and handoffs are gone (DECISIONS.md §D2), so their count is 0 and their list empty.
struct DashboardService: Sendable {
    let store: any DatabaseStore

    struct Summary: Sendable {
        let pendingDecisions: Int
        let pendingAgentRequests: Int
        let activePlans: Int
        let tasksCompletedThisWeek: Int
        let activeGoals: Int
    }

    struct Pending: Sendable {
        let decisions: [DashboardDecision]
        let agentRequests: [DashboardAgentRequest]
    }

    struct RecentPlan: Sendable {
        let plan: Plan
        let progress: Int
    }

    struct AgentActivity: Sendable {
        let agents: [User]
        let assignments: [DashboardAssignment]
        let logs: [DashboardLog]
    }

    func summary(userID: UUID, now: Date = Date()) async throws -> Summary {
        try await store.withSession { session in
            let dashboard = session.dashboard
            return Summary(
                pendingDecisions: try await dashboard.countPendingDecisions(of: userID),
                pendingAgentRequests: try await dashboard.countAgentRequests(by: userID),
                activePlans: try await dashboard.countPlans(of: userID, statuses: ["active", "draft"]),
                tasksCompletedThisWeek: try await dashboard.countTasksCompleted(in: userID, since: Self.weekStart(now)),
                activeGoals: try await session.goals.countOwned(by: userID, status: "active"))
        }
    }

    func pending(userID: UUID, limit: Int) async throws -> Pending {
        try await store.withSession { session in
            Pending(
                decisions: try await session.dashboard.pendingDecisions(of: userID, limit: limit),
                agentRequests: try await session.dashboard.agentRequests(by: userID, limit: limit))
        }
    }

    /// Progress counts tasks only here, as v1's dashboard did.
    func recentPlans(userID: UUID, limit: Int) async throws -> [RecentPlan] {
        try await store.withSession { session in
            let plans = try await session.dashboard.recentPlans(of: userID, limit: limit)
            let counts = try await session.dashboard.taskCounts(planIDs: plans.map(\.id))
            return plans.map { plan in
                RecentPlan(
                    plan: plan,
                    progress: PlanProgress.percent(completed: counts[plan.id]?.completed ?? 0, total: counts[plan.id]?.total ?? 0))
            }
        }
    }

    func activeGoals(userID: UUID, limit: Int) async throws -> [Goal] {
        try await store.withSession { session in try await session.goals.listOwned(by: userID, status: "active", limit: limit) }
    }

    /// v1 listed every user with capability tags to anyone; v2 lists those who share a plan with the caller.
    func agentActivity(userID: UUID) async throws -> AgentActivity {
        try await store.withSession { session in
            let assignments = try await session.dashboard.assignments(in: userID, limit: 50)
            return AgentActivity(
                agents: try await session.dashboard.agents(around: userID), assignments: assignments,
                logs: try await session.dashboard.logs(nodeIDs: Array(assignments.prefix(20).map(\.id)), limit: 30))
        }
    }

    /// Monday 00:00 of the current week, in UTC (v1 used the server's local zone; a v2 server runs in UTC).
    static func weekStart(_ now: Date) -> Date {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now
    }

    /// v1's goal progress: the mean over metrics of min(100, current / target × 100), rounded.
    static func goalProgress(_ metrics: JSONValue) -> Int {
        guard case .array(let items) = metrics, !items.isEmpty else { return 0 }
        func number(_ value: JSONValue?) -> Double {
            switch value {
            case .number(let number)?: number
            case .string(let text)?: Double(text.trimmingCharacters(in: .whitespaces).prefix { "0123456789.-".contains($0) }) ?? 0
            default: 0
            }
        }
        let total = items.reduce(0.0) { sum, metric in
            let target = number(metric["target"])
            return sum + (target > 0 ? min(100, number(metric["current"]) / target * 100) : 0)
        }
        return Int((total / Double(items.count)).rounded())
    }
}
