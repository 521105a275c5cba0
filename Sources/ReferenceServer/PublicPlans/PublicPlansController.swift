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
        return PublicPlanOutput.Listing(listing: listing, page: page, limit: limit).response()
    }

    /// A private plan answers like a missing one here (v1), unlike `GET /plans/:id/public` (403).
    @Sendable func publicStructure(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, nodes, owner) = try await publicPlans.structure(context.optionalPathID("id"))
        let structure = try KeyedNodeTree.publicPlan.root(nodes)
        return PublicPlanOutput.Structure(plan: plan, nodes: nodes, owner: owner, structure: structure).response()
    }

    @Sendable func publicPlan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (plan, root, owner, progress) = try await publicPlans.plan(context.optionalPathID("id"))
        return PublicPlanOutput.Shown(plan: plan, root: root, owner: owner, progress: progress).response()
    }

    @Sendable func view(_ request: Request, context: AppRequestContext) async throws -> Response {
        let count = try await publicPlans.recordView(context.optionalPathID("id"))
        return PublicPlanOutput.Viewed(count: count).response()
    }

    @Sendable func visibility(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let id = try UUIDFormat.parameter(context.parameters.get("id"))
        let input = try await VisibilityInput.read(request, context)
        let plan = try await publicPlans.setVisibility(
            id, visibility: input.visibility, githubOwner: input.githubOwner, githubName: input.githubName, by: identity)
        return PublicPlanOutput.Visibility(plan: plan).response()
    }

    /// `PUT /plans/:id/visibility`: v1's zod schema; `visibility` or `is_public`, and the repository parts.
    struct VisibilityInput: APIInput {
        let visibility: String
        let githubOwner: String??
        let githubName: String??

        init(validating body: inout BodyValidator) throws {
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
            self.visibility = value
            // Empty repository strings are stored as null, as in v1.
            self.githubOwner = PublicPlansController.blankAsNull(githubOwner)
            self.githubName = PublicPlansController.blankAsNull(githubName)
        }
    }

    static func blankAsNull(_ text: String??) -> String?? { text.map { $0.flatMap { $0.isEmpty ? nil : $0 } } }

    static func isRepoPart(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0)) }
    }

    /// `PUT /plans/:id/github`: `{github_repo_owner, github_repo_name}`, each of GitHub's name characters.
    struct RepositoryInput: APIInput {
        let owner: String
        let name: String

        init(validating body: inout BodyValidator) throws {
            for key in ["github_repo_owner", "github_repo_name"] {
                body.describe(key, ["type": "string", "pattern": "^[A-Za-z0-9._-]+$"], required: true)
            }
            guard case .string(let owner)? = body.fields["github_repo_owner"], !owner.isEmpty,
                case .string(let name)? = body.fields["github_repo_name"], !name.isEmpty
            else { throw APIError(.badRequest, "github_repo_owner and github_repo_name are required") }
            guard PublicPlansController.isRepoPart(owner), PublicPlansController.isRepoPart(name) else {
                throw APIError(.badRequest, "Invalid repository owner or name format")
            }
            (self.owner, self.name) = (owner, name)
        }
    }

    @Sendable func github(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await RepositoryInput.read(request, context)
        let plan = try await publicPlans.linkGitHub(context.optionalPathID("id"), owner: input.owner, name: input.name, by: identity)
        return PublicPlanOutput.Linked(plan: plan).response()
    }
}
