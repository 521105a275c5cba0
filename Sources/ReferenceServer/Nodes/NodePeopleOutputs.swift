import AgentPlannerCore
import Foundation
import Persistence

/// The answers of the routes about people and agents on nodes (ROUTES.md §4.3).
enum NodePeopleOutput {
    /// A `node_assignments` row.
    struct Assignment: ShapedOutput {
        let row: NodeAssignment
        static let shape = ObjectShape<Assignment>([
            .id("id") { $0.row.id }, .id("node_id") { $0.row.nodeID }, .id("user_id") { $0.row.userID },
            .id("assigned_by") { $0.row.assignedBy }, .time("assigned_at") { $0.row.assignedAt },
        ])
    }

    /// `GET /plans/:id/available-users`: a missing name falls back to the email.
    struct AvailableUser: ShapedOutput {
        let user: User
        let role: String
        static let shape = ObjectShape<AvailableUser>([
            .id("id") { $0.user.id }, .text("email") { $0.user.email },
            .text("name") { $0.user.name.flatMap { $0.isEmpty ? nil : $0 } ?? $0.user.email }, .text("role") { $0.role },
        ])
    }

    /// `GET /plans/:id/nodes/:nodeId/activities`: one page of v1's merged feed.
    struct Activities: ShapedOutput {
        let node: PlanNode
        let page: [NodeActivity]
        let total: Int
        let limit: Int
        let offset: Int
        static let shape = ObjectShape<Activities>([
            .id("nodeId") { $0.node.id }, .text("nodeTitle") { $0.node.title }, .list("activities") { $0.page },
            .integer("total") { $0.total }, .integer("limit") { $0.limit }, .integer("offset") { $0.offset },
        ])
    }

    /// `POST /plans/:id/nodes/:nodeId/assign-agent`: the node's assignment columns and the agent.
    struct AgentAssigned: ShapedOutput {
        let node: PlanNode
        let agent: User
        static let shape = NodeShapes.columns.keeping(["id", "assigned_agent_id", "assigned_agent_at", "assigned_agent_by"])
            .reading { (assigned: AgentAssigned) in assigned.node }
            .adding([.object("agent", AgentCard.shape.removing(["avatar_url"])) { AgentCard(user: $0.agent) }])
    }

    /// `GET /plans/:id/nodes/:nodeId/suggested-agents`.
    struct Suggested: ShapedOutput {
        let agents: [User]
        static let shape = ObjectShape<Suggested>([.list("agents") { $0.agents.map(AgentCard.init) }])
    }
}
