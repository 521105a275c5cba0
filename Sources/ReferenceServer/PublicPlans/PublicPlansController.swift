import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Public plans (ROUTES.md §4.2): the anonymous listing and views, the view counter, and the owner's
/// visibility and GitHub settings.
struct PublicPlansController {
    let publicPlans: PublicPlanService

    /// v1 filtered `search` in memory after paginating, so pages came back short; v2 filters before paging.
    /// `star_count` is 0: stars were a production-only table the design drops.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        var filter = PublicPlanFilter()
        let sortText = query["sortBy"].map(String.init) ?? "recent"
        guard let sort = PublicPlanFilter.Sort(rawValue: sortText) else {
            throw APIError(.badRequest, "Invalid sortBy value. Must be one of: recent, alphabetical, completion")
        }
        filter.sort = sort
        if let status = query["status"].map(String.init), !status.isEmpty {
            guard ["active", "completed", "draft", "archived"].contains(status) else {
                throw APIError(.badRequest, "Invalid status value. Must be one of: active, completed, draft, archived")
            }
            filter.status = status
        }
        if let link = query["hasGithubLink"].map(String.init), !link.isEmpty {
            guard link == "true" || link == "false" else {
                throw APIError(.badRequest, "Invalid hasGithubLink value. Must be \"true\" or \"false\"")
            }
            filter.hasGitHubLink = link == "true"
        }
        for (key, path) in [("updatedAfter", \PublicPlanFilter.updatedAfter), ("updatedBefore", \.updatedBefore)] {
            guard let text = query[Substring(key)].map(String.init), !text.isEmpty else { continue }
            guard let date = QueryDate.parse(text) else {
                throw APIError(.badRequest, "Invalid \(key) value. Must be a valid ISO date string")
            }
            filter[keyPath: path] = date
        }
        if let owner = query["owner"].map(String.init), !owner.isEmpty {
            // v1 passed a malformed owner id to Postgres (500); v2 answers with an empty page.
            filter.ownerID = UUID(uuidString: owner) ?? UUID(uuidString: "00000000-0000-0000-0000-000000000000")
        }
        filter.search = query["search"].map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let limit = min(query["limit"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 12, 100)
        let page = max(query["page"].flatMap { Int($0) } ?? 1, 1)
        let listing = try await publicPlans.list(filter, page: page, limit: limit)
        let items = listing.entries.map { entry -> JSONValue in
            var object = Self.summary(entry.plan)
            object["owner"] = Self.owner(entry.owner, id: entry.plan.ownerID)
            object["task_count"] = .number(Double(entry.taskCount))
            object["completed_count"] = .number(Double(entry.completedCount))
            object["completion_percentage"] = .number(Double(entry.completionPercentage))
            object["star_count"] = 0
            return .object(object)
        }
        let total = listing.total
        return JSONResponse.make(
            JSONValue.object([
                "plans": .array(items), "total": .number(Double(total)), "limit": .number(Double(limit)),
                "page": .number(Double(page)),
                "total_pages": .number(Double(total == 0 ? 0 : (total + limit - 1) / limit)),
            ]))
    }

    /// A private plan answers like a missing one here (v1), unlike `GET /plans/:id/public` (403).
    @Sendable func publicStructure(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes, owner) = try await publicPlans.structure(context.optionalPathID("id"))
        let keys = [
            "id", "parent_id", "node_type", "title", "description", "status", "context", "agent_instructions",
            "created_at", "updated_at",
        ]
        guard
            let structure = NodeJSON.forest(PlanJSON.byCreation(nodes), keys: keys)
                .first(where: { $0["node_type"] == "root" })
        else { throw APIError(.internalServerError, "Plan structure is invalid (no root node)") }
        var summary = Self.summary(plan)
        summary["github_repo_url"] = PlanJSON.text(plan.githubRepoURL)
        summary["github_repo_full_name"] = PlanJSON.text(plan.githubRepoFullName)
        summary["metadata"] = plan.metadata ?? .null
        summary["progress"] = .number(Double(PlanJSON.percentage(nodes)))
        summary["owner"] = Self.owner(owner, id: plan.ownerID)
        let answer: JSONValue = ["plan": .object(summary), "structure": structure]
        return JSONResponse.make(answer)
    }

    @Sendable func publicPlan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, root, owner, progress) = try await publicPlans.plan(context.optionalPathID("id"))
        var object = Self.summary(plan)
        object["github_repo_url"] = PlanJSON.text(plan.githubRepoURL)
        object["github_repo_full_name"] = PlanJSON.text(plan.githubRepoFullName)
        object["metadata"] = plan.metadata ?? .null
        object["owner"] = Self.owner(owner, id: plan.ownerID)
        object["root_node"] = .object(
            NodeJSON.pick(
                root,
                [
                    "id", "node_type", "title", "description", "status", "created_at", "updated_at", "context",
                    "agent_instructions",
                ]))
        object["progress"] = .number(Double(progress))
        let answer = JSONValue.object(object)
        return JSONResponse.make(answer)
    }

    @Sendable func view(_ request: Request, context: AppRequestContext) async throws -> Response {
        let count = try await publicPlans.recordView(context.optionalPathID("id"))
        return JSONResponse.make(JSONValue.object(["view_count": .number(Double(count))]))
    }

    @Sendable func visibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        let visibility = body.oneOf("visibility", ["private", "public"])
        let isPublic = body.bool("is_public")
        let githubOwner = body.nullableString("github_repo_owner", maximum: 100)
        let githubName = body.nullableString("github_repo_name", maximum: 100)
        if body.fields["visibility"] == nil, body.fields["is_public"] == nil {
            body.issue("Either visibility or is_public must be provided")
        }
        try body.check()
        guard let value = visibility ?? isPublic.map({ $0 ? "public" : "private" }) else {
            throw APIError.internalError
        }
        // Empty repository strings are stored as null, as in v1.
        let repoOwner = Self.blankAsNull(githubOwner)
        let repoName = Self.blankAsNull(githubName)
        let plan = try await publicPlans.setVisibility(
            id, visibility: value, githubOwner: repoOwner, githubName: repoName, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "id": .string(plan.id.lowercased), "visibility": .string(plan.visibility), "is_public": .bool(plan.isPublic),
                "github_repo_owner": PlanJSON.text(plan.githubRepoOwner),
                "github_repo_name": PlanJSON.text(plan.githubRepoName),
            ]))
    }

    static func blankAsNull(_ text: String??) -> String?? { text.map { $0.flatMap { $0.isEmpty ? nil : $0 } } }

    static func isRepoPart(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    @Sendable func github(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard case .string(let owner)? = body.fields["github_repo_owner"], !owner.isEmpty,
            case .string(let name)? = body.fields["github_repo_name"], !name.isEmpty
        else { throw APIError(.badRequest, "github_repo_owner and github_repo_name are required") }
        guard Self.isRepoPart(owner), Self.isRepoPart(name) else {
            throw APIError(.badRequest, "Invalid repository owner or name format")
        }
        let plan = try await publicPlans.linkGitHub(context.optionalPathID("id"), owner: owner, name: name, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "message": "GitHub repository linked successfully", "plan": .object(PlanJSON.row(plan)),
            ]))
    }

    static func summary(_ plan: Plan) -> [String: JSONValue] {
        [
            "id": .string(plan.id.lowercased), "title": .string(plan.title), "description": PlanJSON.text(plan.description),
            "status": .string(plan.status), "view_count": .number(Double(plan.viewCount)),
            "created_at": PlanJSON.time(plan.createdAt), "updated_at": PlanJSON.time(plan.updatedAt),
            "github_repo_owner": PlanJSON.text(plan.githubRepoOwner), "github_repo_name": PlanJSON.text(plan.githubRepoName),
        ]
    }

    /// v1's owner block, and its stand-in when the owner row is gone.
    static func owner(_ user: User?, id: UUID) -> JSONValue {
        guard let user else {
            return ["id": .string(id.lowercased), "name": "Unknown", "email": "", "github_username": .null, "avatar_url": .null]
        }
        return [
            "id": .string(user.id.lowercased), "name": PlanJSON.text(user.name), "email": .string(user.email),
            "github_username": PlanJSON.text(user.githubUsername), "avatar_url": PlanJSON.text(user.avatarURL),
        ]
    }

}
