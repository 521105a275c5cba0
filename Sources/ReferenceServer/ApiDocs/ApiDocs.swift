import AgentPlannerCore
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The routes the server really registered (method and path as the router knows them), captured once the
/// router is complete. The API documents are generated from this list, so they cannot describe a route that
/// does not exist or miss one that does.
final class RouteCatalog: Sendable {
    struct Route: Sendable, Hashable {
        let method: String
        let path: String
    }

    private let storage = Mutex<[Route]>([])

    /// Replaces the catalog with the router's routes (HEAD and OPTIONS are generated, not documented).
    func capture(_ routes: [Router<AppRequestContext>.RouteDescription]) {
        let listed = routes.map { Route(method: $0.method.rawValue, path: $0.path.description) }
            .filter { $0.method != "HEAD" && $0.method != "OPTIONS" }
        storage.withLock { $0 = Array(Set(listed)).sorted { ($0.path, $0.method) < ($1.path, $1.method) } }
    }

    var routes: [Route] { storage.withLock { $0 } }
}

/// An OpenAPI 3.1 document of the catalog: one operation per route, path parameters named as in the route.
/// Bodies and answers are not described yet (ROUTES.md §4 and the contract suite are the reference for them).
enum OpenAPIDocument {
    static func make(_ routes: [RouteCatalog.Route]) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in routes {
            let segments = route.path.split(separator: "/").map(String.init)
            let parameters = segments.filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
            let templated = "/" + segments.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
            let tag = segments.first ?? "system"
            var operation: [String: JSONValue] = [
                "operationId": .string(operationID(route.method, segments)),
                "summary": .string("\(route.method) \(route.path)"), "tags": [.string(tag)],
                "responses": ["default": ["description": "v1's answer for this route; errors are {\"error\": \"...\"}"]],
            ]
            if !parameters.isEmpty {
                operation["parameters"] = .array(
                    parameters.map { name in
                        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
                    })
            }
            var item = paths[templated]?.objectValue ?? [:]
            item[route.method.lowercased()] = .object(operation)
            paths[templated] = .object(item)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "AgentPlanner API", "version": "2.0.0",
                "description": "The v2 reference server: v1's HTTP API (see ROUTES.md) on the project's own database.",
            ],
            "paths": .object(paths),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "A session's access token, or a 64-hex API token"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "Authorization", "description": "ApiKey <token>"],
                ]
            ],
            // Most routes need one of the two; public ones (health, public plans, invite info, stats) need none.
            "security": [["bearer": []], ["apiKey": []], [:]],
        ]
    }

    private static func operationID(_ method: String, _ segments: [String]) -> String {
        let words = segments.map { $0.hasPrefix(":") ? "by-" + $0.dropFirst() : $0 }
        return ([method.lowercased()] + words).joined(separator: "-")
    }
}

/// `GET /api-docs` (a readable page), `GET /api-docs.json` and `GET /openapi.json`.
struct ApiDocsController: Sendable {
    let catalog: RouteCatalog

    @Sendable func json(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(OpenAPIDocument.make(catalog.routes))
    }

    @Sendable func page(_ request: Request, context: AppRequestContext) async throws -> Response {
        let routes = catalog.routes
        var sections: [String: [RouteCatalog.Route]] = [:]
        for route in routes { sections[route.path.split(separator: "/").first.map(String.init) ?? "system", default: []].append(route) }
        var html = """
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>AgentPlanner API</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}
            code{font-size:.95em}td{padding:.1rem .8rem .1rem 0}</style></head><body>
            <h1>AgentPlanner API</h1>
            <p>\(routes.count) routes. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).
            Authenticate with <code>Authorization: Bearer &lt;access token or API token&gt;</code> or
            <code>Authorization: ApiKey &lt;token&gt;</code>. Errors answer <code>{"error": "…"}</code>.</p>
            """
        for tag in sections.keys.sorted() {
            html += "<h2>\(escape(tag))</h2><table>"
            for route in sections[tag] ?? [] {
                html += "<tr><td><code>\(escape(route.method))</code></td><td><code>\(escape(route.path))</code></td></tr>"
            }
            html += "</table>"
        }
        html += "</body></html>"
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
