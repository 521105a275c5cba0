/// The value domains of the v2 schema: v1's CHECK lists and enums (SCHEMA.md §1.1), restored as CHECK
/// constraints. The schema and the API validation read the same lists.
public enum ValueDomains {
    public static let planStatus = ["draft", "active", "completed", "archived"]
    public static let planVisibility = ["private", "public"]
    public static let nodeType = ["root", "phase", "task", "milestone"]
    public static let nodeStatus = ["not_started", "in_progress", "completed", "blocked"]
    public static let agentRequest = ["start", "review", "help", "continue"]
    public static let collaboratorRole = ["viewer", "editor", "admin"]
    public static let commentType = ["human", "agent", "system"]
    /// v1's database allowed the first four; its request validator allowed `comment`, `blocker` and
    /// `resolution` too, so half of the documented values failed (ROUTES.md §4.3). v2 accepts the union.
    public static let logType = ["progress", "reasoning", "challenge", "decision", "comment", "blocker", "resolution"]
    public static let goalStatus = ["active", "achieved", "at_risk", "abandoned"]
    public static let decisionUrgency = ["blocking", "can_continue", "informational"]
    public static let decisionStatus = ["pending", "decided", "expired", "cancelled"]
    public static let heartbeatStatus = ["online", "active", "idle", "offline"]
    public static let presenceStatus = ["active", "idle", "away"]
    public static let tokenPermission = ["read", "write", "admin"]
    public static let messagingAdapter = ["slack", "webhook", "discord", "openclaw"]
    public static let deliveryStatus = ["pending", "in_flight", "delivered", "failed", "dead"]
}
