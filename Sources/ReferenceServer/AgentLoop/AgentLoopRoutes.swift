import Hummingbird
import Persistence

/// The agent loop's routes (ROUTES.md §4.5–4.7): decisions and agent status under `/plans`, `POST /heartbeat`,
/// and `/users`, all behind authentication.
func addAgentLoopRoutes(
    to router: Router<AppRequestContext>, plans: RouterGroup<AppRequestContext>,
    authentication: AuthenticationMiddleware, store: any DatabaseStore, realtime: any RealtimeBus
) {
    DecisionsController(store: store, realtime: realtime).addRoutes(to: plans)
    DecisionResolutionController(store: store, realtime: realtime).addRoutes(to: plans)
    HeartbeatController(store: store).addRoutes(heartbeat: router.group().add(middleware: authentication), plans: plans)
    let users = router.group("users").add(middleware: authentication)
    UsersController(store: store).addRoutes(to: users)
    MyTasksController(store: store).addRoutes(to: users)
    CapabilitiesController(store: store).addRoutes(to: users)
}
