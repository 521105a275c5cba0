import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /` and `GET /health` with v1's answers (ROUTES.md §1.4).
struct SystemController {
    struct Welcome: ShapedOutput {
        static let shape = ObjectShape<Welcome>([
            .text("message") { _ in "Welcome to the Planning System API" }, .text("documentation") { _ in "/api-docs" },
        ])
    }

    struct Health: ShapedOutput {
        let now: Date
        static let shape = ObjectShape<Health>([
            .text("status") { _ in "healthy" }, .text("timestamp") { TimestampFormat.javaScript($0.now) },
            .text("service") { _ in "agent-planner-api" },
        ])
    }

    @Sendable func welcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        Welcome().response()
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        Health(now: Date()).response()
    }
}
