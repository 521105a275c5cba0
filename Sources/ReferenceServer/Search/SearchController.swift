import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Search (ROUTES.md §4.9): across the caller's plans, nodes of one plan with filters, and everything in one plan;
/// what is searched is `SearchService`'s.
struct SearchController {
    let search: SearchService

    static func node(_ node: PlanNode) -> [String: JSONValue] {
        [
            "id": .string(node.id.lowercased), "type": "node", "node_type": .string(node.nodeType),
            "title": .string(node.title), "description": PlanJSON.text(node.description), "status": .string(node.status),
            "created_at": PlanJSON.time(node.createdAt), "plan_id": .string(node.planID.lowercased),
        ]
    }

    /// v1 crashed (500 `planNodeIds is not defined`) whenever a node matched, and only looked for nodes in plans
    /// whose own text matched; v2 answers, searching nodes, logs and comments of every plan the caller can use.
    @Sendable func global(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let raw = request.uri.queryParameters["query"].map(String.init) ?? ""
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard text.count >= 3 else { throw APIError(.badRequest, "Search query must be at least 3 characters") }
        let found = try await search.everything(matching: text, caller: identity)
        let (plans, nodes, comments, logs, users) = (found.plans, found.nodes, found.comments, found.logs, found.users)
        func entry(_ item: ActivityEntry) -> JSONValue {
            [
                "id": .string(item.id.lowercased), "type": .string(item.kind.rawValue), "content": .string(item.content),
                "created_at": PlanJSON.time(item.createdAt), "user": PlanJSON.person(users[item.userID]),
                "node": [
                    "id": .string(item.nodeID.lowercased), "plan_id": .string(item.planID.lowercased),
                    "node_type": .string(item.nodeType), "title": .string(item.nodeTitle),
                ],
            ]
        }
        let planItems = plans.map { plan -> JSONValue in
            [
                "id": .string(plan.id.lowercased), "type": "plan", "title": .string(plan.title),
                "description": PlanJSON.text(plan.description), "status": .string(plan.status),
                "created_at": PlanJSON.time(plan.createdAt), "updated_at": PlanJSON.time(plan.updatedAt),
            ]
        }
        func count(_ value: Int) -> JSONValue { .number(Double(value)) }
        let answer: JSONValue = [
            "query": .string(raw),
            "results": [
                "plans": .array(planItems), "nodes": .array(nodes.map { .object(Self.node($0)) }),
                "comments": .array(comments.map(entry)), "logs": .array(logs.map(entry)),
            ],
            "counts": [
                "plans": count(plans.count), "nodes": count(nodes.count), "comments": count(comments.count),
                "logs": count(logs.count), "total": count(plans.count + nodes.count + comments.count + logs.count),
            ],
        ]
        return JSONResponse.make(answer)
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
        var results: [(Date, JSONValue)] = []
        for node in nodes {
            results.append(
                (
                    node.createdAt ?? .distantPast,
                    [
                        "id": .string(node.id.lowercased), "type": "node", "title": .string(node.title),
                        "content": PlanJSON.text(node.description), "created_at": PlanJSON.time(node.createdAt),
                        "user_id": .string(plan.ownerID.lowercased),
                    ]
                ))
        }
        for (kind, prefix, items) in [(ActivityEntry.Kind.comment, "Comment on ", comments), (.log, "Log for ", logs)] {
            for item in items {
                results.append(
                    (
                        item.createdAt ?? .distantPast,
                        [
                            "id": .string(item.id.lowercased), "type": .string(kind.rawValue),
                            "title": .string(prefix + item.nodeTitle), "content": .string(item.content),
                            "created_at": PlanJSON.time(item.createdAt), "user_id": .string(item.userID.lowercased),
                        ]
                    ))
            }
        }
        let ordered = results.enumerated().sorted { ($1.element.0, $0.offset) < ($0.element.0, $1.offset) }.map(\.element.1)
        return JSONResponse.make(
            JSONValue.object(["query": .string(raw), "results": .array(ordered), "count": .number(Double(ordered.count))]))
    }
}
