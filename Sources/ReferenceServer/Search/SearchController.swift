import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Search (ROUTES.md §4.9): across the caller's plans, nodes of one plan with filters, and everything in one plan;
/// what is searched is `SearchService`'s.
struct SearchController {
    let search: SearchService

    /// v1 crashed (500 `planNodeIds is not defined`) whenever a node matched, and only looked for nodes in plans
    /// whose own text matched; v2 answers, searching nodes, logs and comments of every plan the caller can use.
    @Sendable func global(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let raw = request.uri.queryParameters["query"].map(String.init) ?? ""
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 3 else { throw APIError(.badRequest, "Search query must be at least 3 characters") }
        let found = try await search.everything(matching: text, caller: identity)
        return SearchOutput.Global(query: raw, found: found).response()
    }

    static func list(_ text: Substring?) -> [String] {
        (text.map(String.init) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// v1 passed malformed dates to the database (500); v2 answers 400.
    @Sendable func nodes(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let query = request.uri.queryParameters
        var filter = NodeSearchFilter()
        filter.text = query["query"].map(String.init)
        filter.statuses = Self.list(query["status"])
        filter.nodeTypes = Self.list(query["node_type"])
        for (key, path) in [("date_from", \NodeSearchFilter.createdFrom), ("date_to", \.createdTo)] {
            guard let text = query[Substring(key)].map(String.init), !text.isEmpty else { continue }
            guard let date = QueryDate.parse(text) else {
                throw APIError(.badRequest, "\(key) must be a valid ISO date")
            }
            filter[keyPath: path] = date
        }
        let planID = try context.planIDOrNoAccess()
        let nodes = try await search.nodes(planID: planID, filter: filter, caller: identity)
        return ListOutput(items: nodes.map(NodeDetail.init)).response()
    }

    /// The query is checked before access, as in v1.
    @Sendable func plan(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let raw = request.uri.queryParameters["query"].map(String.init) ?? ""
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 2 else { throw APIError(.badRequest, "Search query must be at least 2 characters") }
        let planID = try context.planIDOrNoAccess()
        let (plan, nodes, comments, logs) = try await search.inPlan(planID: planID, matching: text, caller: identity)
        var results: [(Date, SearchOutput.Hit)] = []
        for node in nodes {
            let hit = SearchOutput.Hit(
                id: node.id, type: "node", title: node.title, content: node.description, createdAt: node.createdAt, userID: plan.ownerID)
            results.append((node.createdAt ?? .distantPast, hit))
        }
        for (kind, prefix, items) in [(ActivityEntry.Kind.comment, "Comment on ", comments), (.log, "Log for ", logs)] {
            for item in items {
                let hit = SearchOutput.Hit(
                    id: item.id, type: kind.rawValue, title: prefix + item.nodeTitle, content: item.content, createdAt: item.createdAt,
                    userID: item.userID)
                results.append((item.createdAt ?? .distantPast, hit))
            }
        }
        let ordered = results.enumerated().sorted { ($1.element.0, $0.offset) < ($0.element.0, $1.offset) }.map(\.element.1)
        return SearchOutput.InPlan(query: raw, results: ordered).response()
    }
}
