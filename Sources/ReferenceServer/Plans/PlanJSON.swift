import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of plans (snake_case rows, PostgREST timestamps).
enum PlanJSON {
    static func time(_ date: Date?) -> JSONValue {
        date.map { .string(TimestampFormat.api($0)) } ?? .null
    }

    static func text(_ value: String?) -> JSONValue {
        value.map(JSONValue.string) ?? .null
    }

    /// Every column, as PostgREST's `select('*')` gave it.
    static func row(_ plan: Plan) -> [String: JSONValue] {
        [
            "id": .string(plan.id.lowercased), "title": .string(plan.title), "description": text(plan.description),
            "owner_id": .string(plan.ownerID.lowercased), "created_at": time(plan.createdAt),
            "updated_at": time(plan.updatedAt), "status": .string(plan.status), "metadata": plan.metadata ?? .null,
            "is_public": .bool(plan.isPublic), "github_repo_owner": text(plan.githubRepoOwner),
            "github_repo_name": text(plan.githubRepoName), "view_count": .number(Double(plan.viewCount)),
            "last_viewed_at": time(plan.lastViewedAt), "visibility": .string(plan.visibility),
            "github_repo_url": text(plan.githubRepoURL), "github_repo_full_name": text(plan.githubRepoFullName),
        ]
    }

    /// The keys `GET /plans` lists.
    static func listed(_ plan: Plan, role: String, progress: Int) -> JSONValue {
        var object = row(plan)
        for key in ["metadata", "view_count", "last_viewed_at"] { object.removeValue(forKey: key) }
        object["role"] = .string(role)
        object["progress"] = .number(Double(progress))
        return .object(object)
    }

    /// round(100 × completed / all nodes, root included), as v1's calculatePlanProgress.
    static func progress(_ counts: (total: Int, completed: Int)?) -> Int {
        guard let counts, counts.total > 0 else { return 0 }
        return Int((100 * Double(counts.completed) / Double(counts.total)).rounded())
    }

    static func user(_ user: User?, id: UUID) -> JSONValue {
        ["id": .string(id.lowercased), "name": text(user?.name), "email": text(user?.email)]
    }

    static func person(_ user: User?) -> JSONValue {
        guard let user else { return .null }
        return ["id": .string(user.id.lowercased), "name": PlanJSON.text(user.name), "email": .string(user.email)]
    }

    /// v1 ordered the children of its context views by creation, not by order_index.
    static func byCreation(_ nodes: [PlanNode]) -> [PlanNode] {
        nodes.map { node in
            var copy = node
            copy.orderIndex = 0
            return copy
        }
    }

    static func percentage(_ nodes: [PlanNode]) -> Int {
        PlanJSON.progress((nodes.count, nodes.filter { $0.status == "completed" }.count))
    }
}
