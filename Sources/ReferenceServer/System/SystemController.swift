import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// `GET /` and `GET /health` with v1's answers (ROUTES.md §1.4).
struct SystemController {
    @Sendable func welcome(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(["message": "Welcome to the Planning System API", "documentation": "/api-docs"])
    }

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(
            ["status": "healthy", "timestamp": .string(TimestampFormat.javaScript(Date())), "service": "agent-planner-api"])
    }
}
