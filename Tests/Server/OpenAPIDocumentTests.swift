import AgentPlannerCore
import Foundation
import HTTPTypes
import Persistence
import Testing

/// `/openapi.json` against the routes the server really answers, and the schemas the registrations carry.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// A path with every parameter written `{}`, so `/goals/:goalId` (v1's name) meets `/goals/{id}`.
    static func shape(_ path: String) -> String {
        path.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "{}" : String($0) }.joined(separator: "/")
    }

    static func operations(_ document: JSONValue) -> [(method: String, path: String, operation: JSONValue)] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.keys.sorted().flatMap { path in
            (paths[path].flatMap { value -> [String: JSONValue]? in
                if case .object(let methods) = value { return methods }
                return nil
            } ?? [:]).sorted { $0.key < $1.key }.map { (method: $0.key.uppercased(), path: path, operation: $0.value) }
        }
    }

    @Test("every documented operation is served, and every row of v1's route table is documented")
    func bothDirections() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            let document = try await harness.send(.get, "/openapi.json").json
            let operations = Self.operations(document)
            #expect(operations.count >= 140)
            let documented = Set(operations.map { "\($0.method) \(Self.shape($0.path))" })
            var undocumented: [String] = []
            for row in V1RouteTable.rows {
                for (method, path) in V1RouteTable.requests(row, id: ":id")
                where !documented.contains("\(method.rawValue) \(Self.shape(path.replacingOccurrences(of: "octocat/hello", with: ":owner/:name")))") {
                    undocumented.append("\(method.rawValue) \(path)")
                }
            }
            #expect(undocumented.isEmpty, "v1 routes missing from the document: \(undocumented)")

            let (_, access, _) = try await harness.register("documented@example.com")
            let id = UUID().uuidString.lowercased()
            var unserved: [String] = []
            // Logout ends the session, so it goes last.
            // `/metrics` is off (a 404) unless METRICS_TOKEN is set.
            let served = operations.filter { $0.path != "/metrics" }
            let ordered = served.filter { $0.path != "/auth/logout" } + served.filter { $0.path == "/auth/logout" }
            for (method, path, _) in ordered {
                let concrete = path.split(separator: "/").map { $0.hasPrefix("{") ? id : String($0) }.joined(separator: "/")
                let answer = try await harness.send(
                    HTTPRequest.Method(rawValue: method)!, "/" + concrete, json: [:], authorization: "Bearer \(access)")
                if answer.status == .notFound, answer.json["error"]?.stringValue?.hasPrefix("Cannot ") == true {
                    unserved.append("\(method) \(path)")
                }
            }
            #expect(unserved.isEmpty, "documented but answered `Cannot …`: \(unserved)")
        }
    }

    @Test("registrations carry their schemas: PUT /plans/:id reads v1's strict body and answers the row with progress")
    func schemasFromRegistrations() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            let document = try await harness.send(.get, "/openapi.json").json
            let put = document["paths"]?["/plans/{id}"]?["put"]
            let body = put?["requestBody"]?["content"]?["application/json"]?["schema"]
            #expect(body?["additionalProperties"] == false)
            #expect(body?["properties"]?["title"]?["maxLength"] == 255)
            #expect(body?["properties"]?["status"]?["enum"] == .array(ValueDomains.planStatus.map(JSONValue.string)))
            let answer = put?["responses"]?["200"]?["content"]?["application/json"]?["schema"]
            guard case .array(let required)? = answer?["required"] else {
                Issue.record("the answer schema has no required keys")
                return
            }
            #expect(required.contains("progress") && required.contains("owner_id"))
            #expect(put?["responses"]?["default"]?["content"]?["application/json"]?["schema"]?["required"] == ["error"])
            // A tree read names its recursive item schema, which the document carries.
            #expect(document["components"]?["schemas"]?["PlanNodeTreeItem"]?["properties"]?["children"] != nil)
            let described = Self.operations(document).filter {
                $0.operation["responses"]?["default"]?["description"] != "not described yet: any answer"
            }
            #expect(described.count >= 40, "operations with answer schemas: \(described.count)")
        }
    }

    /// The registrations that still name no answer ("METHOD path"); a route registered without `answers:` fails
    /// here, so the list only shrinks. Redirects, 204s and non-JSON answers are described.
    static let withoutAnswerSchema: [String] = []

    @Test("every registration names its answers, except the listed ones")
    func answersDescribed() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            let document = try await harness.send(.get, "/openapi.json").json
            let operations = Self.operations(document)
            let undescribed = operations.filter { $0.operation["responses"]?["default"]?["description"] == "not described yet: any answer" }
                .map { "\($0.method) \($0.path)" }
            #expect(undescribed == Self.withoutAnswerSchema, "registrations without an answer schema: \(undescribed)")
            // Every JSON answer carries a schema that says something (a type, a union or a reference).
            for (method, path, operation) in operations {
                guard case .object(let responses)? = operation["responses"] else { continue }
                for (status, response) in responses where status != "default" {
                    guard let schema = response["content"]?["application/json"]?["schema"] else { continue }
                    let says = schema["type"] != nil || schema["anyOf"] != nil || schema["$ref"] != nil || schema["description"] != nil
                    #expect(says, "\(method) \(path) \(status) answers JSON with an empty schema")
                }
            }
            #expect(operations.count - undescribed.count >= 139)
        }
    }
}
