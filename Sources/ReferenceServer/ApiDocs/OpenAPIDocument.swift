import AgentPlannerCore

/// An OpenAPI 3.1 document of the catalog: one operation per registered route, path parameters named as in the
/// route, and the request and answer schemas its registration in `Routes.swift` carries (`DocumentedGroup`).
enum OpenAPIDocument {
    static func make(_ catalog: RouteCatalog) -> JSONValue {
        var paths: [String: JSONValue] = [:]
        for route in catalog.routes {
            let segments = route.path.split(separator: "/").map(String.init)
            // The router writes a capture `{id}` (registered as `:id`); both spellings name a path parameter.
            let names = segments.map { parameterName($0) }
            let parameters = names.compactMap { $0 }
            let templated = "/" + zip(segments, names).map { segment, name in name.map { "{\($0)}" } ?? segment }.joined(separator: "/")
            let described = catalog.description(of: route)
            var operation: [String: JSONValue] = [
                "operationId": .string(operationID(route.method, segments)),
                "summary": .string("\(route.method) \(route.path)"), "tags": [.string(segments.first ?? "system")],
                "responses": responses(described),
            ]
            if !parameters.isEmpty {
                operation["parameters"] = .array(
                    parameters.map { name in
                        ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]]
                    })
            }
            if let described, let body = described.body {
                operation["requestBody"] = ["required": false, "content": [described.bodyType: ["schema": body]]]
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
                "schemas": .object(
                    KeyedNodeTree.all.reduce(into: [NodeTree.component: NodeTree.itemSchema]) { $0[$1.component] = $1.itemSchema }),
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "A session's access token, or a 64-hex API token"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "Authorization", "description": "ApiKey <token>"],
                ],
            ],
            // Most routes need one of the two; public ones (health, public plans, invite info, stats) need none.
            "security": [["bearer": []], ["apiKey": []], [:]],
        ]
    }

    /// The answers a registration names, and every error as v1's `{"error": "..."}`. A route registered without
    /// answers says so: any JSON, no schema yet.
    static func responses(_ described: OperationDescription?) -> JSONValue {
        guard let described, !described.answers.isEmpty else {
            return ["default": ["description": "not described yet: any answer", "content": ["application/json": ["schema": [:]]]]]
        }
        var responses: [String: JSONValue] = [
            "default": ["description": "an error: {\"error\": \"...\"}", "content": ["application/json": ["schema": JSONSchema.error]]]
        ]
        for answer in described.answers {
            var response: [String: JSONValue] = ["description": .string(answer.description)]
            if let content = answer.content { response["content"] = [content.type: ["schema": content.schema]] }
            responses[String(answer.status)] = .object(response)
        }
        return .object(responses)
    }

    static func parameterName(_ segment: String) -> String? {
        if segment.hasPrefix(":") { return String(segment.dropFirst()) }
        if segment.hasPrefix("{"), segment.hasSuffix("}") { return String(segment.dropFirst().dropLast()) }
        return nil
    }

    private static func operationID(_ method: String, _ segments: [String]) -> String {
        let words = segments.map { $0.hasPrefix(":") ? "by-" + $0.dropFirst() : $0 }
        return ([method.lowercased()] + words).joined(separator: "-")
    }
}
