import AgentPlannerCore
import Foundation
import Persistence

/// The answers of the public plan routes (ROUTES.md §4.2), each written and described by one list.
enum PublicPlanOutput {
    static let summaryKeys: Set<String> = [
        "id", "title", "description", "status", "view_count", "created_at", "updated_at", "github_repo_owner", "github_repo_name",
    ]

    /// The summary keys with the repository link and metadata (the single-plan views).
    static let detail = PlanShapes.columns.keeping(summaryKeys.union(["github_repo_url", "github_repo_full_name", "metadata"]))

    /// v1's owner block, and its stand-in when the owner row is gone.
    struct Owner: ShapedOutput {
        let user: User?
        let id: UUID
        init(_ user: User?, id: UUID) {
            self.user = user
            self.id = id
        }
        static let shape = ObjectShape<Owner>([
            .id("id") { $0.user?.id ?? $0.id }, .value("name", JSONSchema.nullable(JSONSchema.type("string"))) { $0.name },
            .text("email") { $0.user?.email ?? "" }, .optionalText("github_username") { $0.user?.githubUsername },
            .optionalText("avatar_url") { $0.user?.avatarURL },
        ])
        private var name: JSONValue {
            guard let user else { return "Unknown" }
            return PlanJSON.text(user.name)
        }
    }

    /// `GET /plans/public`: one page of public plans.
    struct Listing: ShapedOutput {
        let listing: PublicPlanService.Listing
        let page: Int
        let limit: Int
        static let shape = ObjectShape<Listing>([
            .objects("plans", entry) { $0.listing.entries }, .integer("total") { $0.listing.total }, .integer("limit") { $0.limit },
            .integer("page") { $0.page },
            .integer("total_pages") { $0.listing.total == 0 ? 0 : ($0.listing.total + $0.limit - 1) / $0.limit },
        ])
        /// `star_count` is 0: stars were a production-only table the design drops.
        private static let entry = PlanShapes.columns.keeping(summaryKeys).reading { (entry: PublicPlanService.Entry) in entry.plan }
            .adding([
                .object("owner", Owner.shape) { Owner($0.owner, id: $0.plan.ownerID) }, .integer("task_count") { $0.taskCount },
                .integer("completed_count") { $0.completedCount },
                .value("completion_percentage", PlanShapes.progress) { .number(Double($0.completionPercentage)) },
                .integer("star_count") { _ in 0 },
            ])
    }

    /// `GET /plans/public/:id`: the plan and its tree from the root.
    struct Structure: ShapedOutput {
        let plan: Plan
        let nodes: [PlanNode]
        let owner: User?
        let structure: JSONValue
        static let shape = ObjectShape<Structure>([
            .object("plan", plan) { $0 }, .value("structure", KeyedNodeTree.publicPlan.reference) { $0.structure },
        ])
        private static let plan = detail.reading { (shown: Structure) in shown.plan }.adding([
            .value("progress", PlanShapes.progress) { .number(Double(PlanJSON.percentage($0.nodes))) },
            .object("owner", Owner.shape) { Owner($0.owner, id: $0.plan.ownerID) },
        ])
    }

    /// `GET /plans/:id/public`: the plan, its owner, its root node and progress.
    struct Shown: ShapedOutput {
        let plan: Plan
        let root: PlanNode
        let owner: User?
        let progress: Int
        static let shape = detail.reading { (shown: Shown) in shown.plan }.adding([
            .object("owner", Owner.shape) { Owner($0.owner, id: $0.plan.ownerID) },
            .object("root_node", RootNodeSummary.shape) { RootNodeSummary(node: $0.root) },
            .value("progress", PlanShapes.progress) { .number(Double($0.progress)) },
        ])
    }

    /// `POST /plans/:id/view`.
    struct Viewed: ShapedOutput {
        let count: Int
        static let shape = ObjectShape<Viewed>([.integer("view_count") { $0.count }])
    }

    /// `PUT /plans/:id/visibility`.
    struct Visibility: ShapedOutput {
        let plan: Plan
        static let shape = PlanShapes.columns.keeping(["id", "visibility", "is_public", "github_repo_owner", "github_repo_name"])
            .reading { (changed: Visibility) in changed.plan }
    }

    /// `PUT /plans/:id/github`.
    struct Linked: ShapedOutput {
        let plan: Plan
        static let shape = ObjectShape<Linked>([
            .constant("message", "GitHub repository linked successfully"), .object("plan", PlanRow.shape) { PlanRow(plan: $0.plan) },
        ])
    }
}
