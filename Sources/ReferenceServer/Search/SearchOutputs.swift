import AgentPlannerCore
import Foundation
import Persistence

/// The answers of `/search` (ROUTES.md §4.9), each written and described by one list.
enum SearchOutput {
    /// `GET /search`: the matches by kind and their counts.
    struct Global: ShapedOutput {
        let query: String
        let found: SearchService.Everything
        static let shape = ObjectShape<Global>([
            .text("query") { $0.query }, .object("results", results) { $0.found }, .object("counts", counts) { $0.found },
        ])
    }

    /// A comment or log with its author (nil when the account is gone).
    typealias AuthoredEntry = (entry: ActivityEntry, user: User?)

    static let results = ObjectShape<SearchService.Everything>([
        .objects("plans", plan) { $0.plans }, .objects("nodes", node) { $0.nodes },
        .objects("comments", entry) { found in found.comments.map { (entry: $0, user: found.users[$0.userID]) } },
        .objects("logs", entry) { found in found.logs.map { (entry: $0, user: found.users[$0.userID]) } },
    ])

    static let counts = ObjectShape<SearchService.Everything>([
        .integer("plans") { $0.plans.count }, .integer("nodes") { $0.nodes.count }, .integer("comments") { $0.comments.count },
        .integer("logs") { $0.logs.count }, .integer("total") { $0.plans.count + $0.nodes.count + $0.comments.count + $0.logs.count },
    ])

    static let plan = ObjectShape<Plan>([
        .id("id") { $0.id }, .constant("type", "plan"), .text("title") { $0.title }, .optionalText("description") { $0.description },
        .text("status") { $0.status }, .time("created_at") { $0.createdAt }, .time("updated_at") { $0.updatedAt },
    ])

    static let node = ObjectShape<PlanNode>([
        .id("id") { $0.id }, .constant("type", "node"), .text("node_type") { $0.nodeType }, .text("title") { $0.title },
        .optionalText("description") { $0.description }, .text("status") { $0.status }, .time("created_at") { $0.createdAt },
        .id("plan_id") { $0.planID },
    ])

    static let entry = ObjectShape<AuthoredEntry>([
        .id("id") { $0.entry.id }, .value("type", JSONSchema.oneOf(["comment", "log"])) { .string($0.entry.kind.rawValue) },
        .text("content") { $0.entry.content }, .time("created_at") { $0.entry.createdAt },
        .nested("user") { $0.user.map(PersonOutput.init) }, .object("node", entryNode) { $0.entry },
    ])

    private static let entryNode = ObjectShape<ActivityEntry>([
        .id("id") { $0.nodeID }, .id("plan_id") { $0.planID }, .text("node_type") { $0.nodeType }, .text("title") { $0.nodeTitle },
    ])

    /// `GET /search/plan/:id`: nodes, comments and logs of one plan, newest first.
    struct InPlan: ShapedOutput {
        let query: String
        let results: [Hit]
        static let shape = ObjectShape<InPlan>([
            .text("query") { $0.query }, .list("results") { $0.results }, .integer("count") { $0.results.count },
        ])
    }

    /// One match in a plan; a node's content is its description, its author the plan's owner.
    struct Hit: ShapedOutput {
        let id: UUID
        let type: String
        let title: String
        let content: String?
        let createdAt: Date?
        let userID: UUID
        static let shape = ObjectShape<Hit>([
            .id("id") { $0.id }, .value("type", JSONSchema.oneOf(["node", "comment", "log"])) { .string($0.type) },
            .text("title") { $0.title }, .optionalText("content") { $0.content }, .time("created_at") { $0.createdAt },
            .id("user_id") { $0.userID },
        ])
    }
}
