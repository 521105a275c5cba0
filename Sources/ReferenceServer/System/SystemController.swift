import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /` and `GET /health` with v1's answers (ROUTES.md §1.4).
struct SystemController {
    struct Welcome: Encodable {
        let message = "Welcome to the Planning System API"
        let documentation = "/api-docs"
    }

    struct Health: Encodable {
        let status = "healthy"
        let timestamp: String
        let service = "agent-planner-api"
    }

    @Sendable func welcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(Welcome())
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(Health(timestamp: TimestampFormat.javaScript(Date())))
    }
}
