import AgentPlannerCore
import Foundation
import Persistence

/// The answers of `/activity` (ROUTES.md §4.8), each written and described by one list.
enum ActivityOutput {
    /// A page of entries with v1's `pagination` object.
    struct Paged: Sendable {
        let page: ActivityService.Page
        let number: Int
        let limit: Int
    }

    /// An entry with the page it came from (which holds its author and plan).
    typealias PagedEntry = (entry: ActivityEntry, page: ActivityService.Page)

    static let pagination = ObjectShape<Paged>([
        .integer("page") { $0.number }, .integer("limit") { $0.limit }, .integer("total") { $0.page.total },
        .integer("pages") { ($0.page.total + $0.limit - 1) / $0.limit },
    ])

    static func entries(_ paged: ActivityService.Page) -> [PagedEntry] { paged.entries.map { (entry: $0, page: paged) } }

    static let node = ObjectShape<ActivityEntry>([
        .id("id") { $0.nodeID }, .text("title") { $0.nodeTitle }, .text("node_type") { $0.nodeType },
    ])

    /// A log or comment of the feed and of a node's activity.
    static let activity = ObjectShape<PagedEntry>([
        .id("id") { $0.entry.id }, .value("type", JSONSchema.oneOf(["comment", "log"])) { .string($0.entry.kind.rawValue) },
        .text("content") { $0.entry.content }, .text("activity_type") { $0.entry.type }, .time("created_at") { $0.entry.createdAt },
        .nested("user") { $0.page.users[$0.entry.userID].map(PersonOutput.init) },
    ])

    /// `GET /activity/feed`.
    struct Feed: ShapedOutput {
        let paged: Paged
        static let shape = ObjectShape<Feed>([
            .objects("activities", item) { entries($0.paged.page) }, .object("pagination", pagination) { $0.paged },
        ])
        private static let item = activity.adding([
            .object("node", node.adding([.id("plan_id") { $0.planID }])) { $0.entry },
            .nested("plan") { $0.page.plans[$0.entry.planID].map(PlanName.init) },
        ])
    }

    /// `{id, title}` of a plan.
    struct PlanName: ShapedOutput {
        let plan: Plan
        static let shape = ObjectShape<PlanName>([.id("id") { $0.plan.id }, .text("title") { $0.plan.title }])
    }

    /// `GET /activity/plans/:id/activity`: the plan's logs.
    struct PlanLogs: ShapedOutput {
        let paged: Paged
        static let shape = ObjectShape<PlanLogs>([
            .objects("logs", log) { entries($0.paged.page) }, .object("pagination", pagination) { $0.paged },
        ])
        private static let log = ObjectShape<PagedEntry>([
            .id("id") { $0.entry.id }, .id("plan_node_id") { $0.entry.nodeID }, .text("content") { $0.entry.content },
            .text("log_type") { $0.entry.type }, .time("created_at") { $0.entry.createdAt },
            .nested("user") { $0.page.users[$0.entry.userID].map(PersonOutput.init) }, .object("node", node) { $0.entry },
        ])
    }

    /// `GET /activity/plans/:id/nodes/:nodeId/activity`.
    struct NodeActivity: ShapedOutput {
        let node: PlanNode
        let recent: ActivityService.Page
        static let shape = ObjectShape<NodeActivity>([
            .object("node", planNode) { $0.node }, .objects("activities", activity) { entries($0.recent) },
        ])
        private static let planNode = ObjectShape<PlanNode>([
            .id("id") { $0.id }, .text("title") { $0.title }, .text("node_type") { $0.nodeType },
        ])
    }

    /// `POST /activity/plans/:id/nodes/:nodeId/detailed-log`: the new log with its author.
    struct DetailedLog: ShapedOutput {
        let log: NodeLog
        let user: User?
        static let shape = ObjectShape<DetailedLog>([
            .id("id") { $0.log.id }, .text("content") { $0.log.content }, .text("log_type") { $0.log.logType },
            .time("created_at") { $0.log.createdAt }, .stored("metadata", "the log's metadata object") { $0.log.metadata ?? .emptyObject },
            .strings("tags") { $0.log.tags }, .nested("user") { $0.user.map(PersonOutput.init) },
        ])
    }
}
