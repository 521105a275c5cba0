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
    private let descriptions = Mutex<[Route: OperationDescription]>([:])

    /// Records what a route reads and answers (`DocumentedGroup` calls it as the route is registered).
    func describe(method: String, path: String, _ description: OperationDescription) {
        descriptions.withLock { $0[Route(method: method, path: path)] = description }
    }

    func description(of route: Route) -> OperationDescription? {
        descriptions.withLock { $0[route] }
    }

    /// Replaces the catalog with the router's routes (HEAD and OPTIONS are generated, not documented).
    func capture(_ routes: [Router<AppRequestContext>.RouteDescription]) {
        let listed = routes.map { Route(method: $0.method.rawValue, path: $0.path.description) }
            .filter { $0.method != "HEAD" && $0.method != "OPTIONS" }
        storage.withLock { $0 = Array(Set(listed)).sorted { ($0.path, $0.method) < ($1.path, $1.method) } }
    }

    var routes: [Route] { storage.withLock { $0 } }
}

/// `GET /api-docs` (a readable page), `GET /api-docs.json` and `GET /openapi.json`.
struct ApiDocsController: Sendable {
    let catalog: RouteCatalog

    @Sendable func json(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.make(OpenAPIDocument.make(catalog))
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
