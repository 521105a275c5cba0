import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /stats` (ROUTES.md §4.11): the public platform counts.
struct StatsService: Sendable {
    let store: any DatabaseStore

    func counts() async throws -> (users: Int, plans: Int, publicPlans: Int) {
        try await store.withSession { session in try await session.dashboard.platformCounts() }
    }
}

/// `GET /stats`: the service's counts in v1's shape.
struct StatsController: Sendable {
    let stats: StatsService

    /// Public: no authentication, v1's camelCase `publicPlans`.
    @Sendable func platformStats(_ request: Request, context: AppRequestContext) async throws -> Response {
        let counts = try await stats.counts()
        return Counts(users: counts.users, plans: counts.plans, publicPlans: counts.publicPlans).response()
    }

    struct Counts: ShapedOutput {
        let users: Int
        let plans: Int
        let publicPlans: Int
        static let shape = ObjectShape<Counts>([
            .integer("users") { $0.users }, .integer("plans") { $0.plans }, .integer("publicPlans") { $0.publicPlans },
        ])
    }
}
