import AgentPlannerCore
import Persistence

/// A tree read that gives each node some of its columns and its children (`NodeJSON.forest(_:keys:)`), as a
/// named schema of the OpenAPI document (it holds itself).
struct KeyedNodeTree: Sendable {
    let component: String
    let keys: [String]

    /// `GET /plans/public/:id`'s `structure`.
    static let publicPlan = KeyedNodeTree(
        component: "PublicPlanNodeTreeItem",
        keys: ["id", "parent_id", "node_type", "title", "description", "status", "context", "agent_instructions", "created_at", "updated_at"])

    /// `GET /plans/:id/context`'s `structure`.
    static let planContext = KeyedNodeTree(
        component: "PlanContextNodeTreeItem",
        keys: ["id", "parent_id", "node_type", "title", "description", "status", "context", "agent_instructions"])

    static let all = [publicPlan, planContext]

    var reference: JSONValue { ["$ref": .string("#/components/schemas/\(component)")] }

    /// The root of the forest (`nodes` in creation order), or v1's 500 when the plan has none.
    func root(_ nodes: [PlanNode]) throws -> JSONValue {
        guard let root = NodeJSON.forest(PlanJSON.byCreation(nodes), keys: keys).first(where: { $0["node_type"] == "root" }) else {
            throw APIError(.internalServerError, "Plan structure is invalid (no root node)")
        }
        return root
    }

    var itemSchema: JSONValue {
        guard case .object(var item) = NodeShapes.columns.keeping(Set(keys)).schema, case .object(var properties)? = item["properties"],
            case .array(var required)? = item["required"]
        else { return [:] }
        properties["children"] = JSONSchema.array(reference)
        item["properties"] = .object(properties)
        required.append("children")
        item["required"] = .array(required)
        return .object(item)
    }
}
