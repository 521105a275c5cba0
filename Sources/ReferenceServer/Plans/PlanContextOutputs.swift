import AgentPlannerCore
import Foundation
import Persistence

/// The answers of the read-only views agents load (ROUTES.md §4.2, §4.3), each written and described by one list.
enum PlanContextOutput {
    static let brief = PlanShapes.columns.keeping(["id", "title", "description", "status"])

    /// `GET /plans/:id/progress`: counts include the root, as v1's did; the camelCase duplicates are v1's too.
    struct Progress: ShapedOutput {
        let nodes: [PlanNode]
        static let shape = ObjectShape<Progress>([
            .value("progress", PlanShapes.progress) { .number(Double(PlanJSON.percentage($0.nodes))) },
            .integer("total_nodes") { $0.nodes.count }, count("completed_nodes", "completed"), count("in_progress_nodes", "in_progress"),
            count("not_started_nodes", "not_started"), count("blocked_nodes", "blocked"),
            .value("completion_percentage", PlanShapes.progress) { .number(Double(PlanJSON.percentage($0.nodes))) },
            .integer("totalNodes") { $0.nodes.count }, count("completedNodes", "completed"), count("inProgress", "in_progress"),
            count("notStarted", "not_started"), count("blocked", "blocked"),
        ])
        private static func count(_ name: String, _ status: String) -> OutputField<Progress> {
            .integer(name) { progress in progress.nodes.filter { $0.status == status }.count }
        }
    }

    /// `GET /plans/:id/context`: the plan without its sharing columns, and its tree from the root.
    struct Context: ShapedOutput {
        let plan: Plan
        let nodes: [PlanNode]
        let structure: JSONValue
        static let shape = ObjectShape<Context>([
            .object("plan", plan) { $0 }, .value("structure", KeyedNodeTree.planContext.reference) { $0.structure },
        ])
        private static let plan = PlanShapes.columns.removing(["owner_id", "is_public", "view_count", "last_viewed_at", "visibility"])
            .reading { (shown: Context) in shown.plan }
            .adding([.value("progress", PlanShapes.progress) { .number(Double(PlanJSON.percentage($0.nodes))) }])
    }

    /// `GET /plans/:id/nodes/:nodeId/context`: the plan, the node, its children and its logs with their authors.
    struct NodeContext: ShapedOutput {
        let view: PlanViewService.NodeContext
        static let shape = ObjectShape<NodeContext>([
            .object("plan", brief) { $0.view.plan }, .object("node", NodeDetail.shape) { NodeDetail(node: $0.view.node) },
            .objects("children", child) { $0.view.children }, .objects("logs", log) { $0.view.logs },
        ])
        private static let child = NodeShapes.columns.keeping(["id", "node_type", "title", "description", "status"])
        private static let log = ObjectShape<(log: NodeLog, user: User?)>([
            .id("id") { $0.log.id }, .text("content") { $0.log.content }, .text("log_type") { $0.log.logType },
            .time("created_at") { $0.log.createdAt }, .object("user", UserReference.shape) { UserReference(user: $0.user, id: $0.log.userID) },
        ])
    }

    /// `GET /plans/:id/nodes/:nodeId/ancestry`: the plan and the chain from the root to the node.
    struct Ancestry: ShapedOutput {
        let plan: Plan
        let chain: [PlanNode]
        static let shape = ObjectShape<Ancestry>([
            .object("plan", brief) { $0.plan },
            .objects("ancestry", NodeShapes.columns.keeping(["id", "parent_id", "node_type", "title", "description", "status"])) { $0.chain },
        ])
    }
}
