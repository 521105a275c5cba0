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

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in
            JSONResponse.make(Welcome())
        }
        router.get("/health") { _, _ in
            JSONResponse.make(Health(timestamp: TimestampFormat.javaScript(Date())))
        }
    }
}
