import AgentPlannerCore
import Hummingbird

/// One answer of an operation as the API document gives it: a status and, for JSON, the output's schema.
struct RouteAnswer: Sendable {
    let status: Int
    let description: String
    /// The content type and schema of the body; nil when the answer has none.
    let content: (type: String, schema: JSONValue)?

    static func json<Output: APIOutput>(_ output: Output.Type, _ status: Int = 200, _ description: String = "success") -> RouteAnswer {
        RouteAnswer(status: status, description: description, content: ("application/json", Output.schema))
    }

    /// An answer that is always an error (a removed route).
    static func error(_ status: Int, _ description: String) -> RouteAnswer {
        RouteAnswer(status: status, description: description, content: ("application/json", JSONSchema.error))
    }

    static let noContent = RouteAnswer(status: 204, description: "done; no body", content: nil)
    static let acknowledged = RouteAnswer(status: 200, description: "acknowledged; no body", content: nil)
    static let redirect = RouteAnswer(status: 302, description: "a redirect (Location header)", content: nil)
    static let html = RouteAnswer(status: 200, description: "an HTML page", content: ("text/html", JSONSchema.type("string")))
    static let text = RouteAnswer(status: 200, description: "plain text", content: ("text/plain", JSONSchema.type("string")))
    static let file = RouteAnswer(status: 200, description: "a stored file", content: ("application/octet-stream", JSONSchema.type("string")))
}

/// What the API document says about one route beyond its path: the body it reads and the answers it writes,
/// given where the route is registered.
struct OperationDescription: Sendable {
    var body: JSONValue?
    var bodyType = "application/json"
    var answers: [RouteAnswer]
}

/// A router group that records, with each route, the input and output types its handler uses, so the OpenAPI
/// document is generated from the registrations in `Routes.swift` (`RouteCatalog`).
struct DocumentedGroup {
    let group: RouterGroup<AppRequestContext>
    let catalog: RouteCatalog

    typealias Handler<Output> = @Sendable (Request, AppRequestContext) async throws -> Output

    func get<Output: ResponseGenerator>(_ path: String, answers: RouteAnswer..., use handler: @escaping Handler<Output>) {
        on(path, .get, body: nil, answers, handler)
    }

    /// `body`: v1 read a JSON body on a few DELETEs.
    func delete<Output: ResponseGenerator>(
        _ path: String, body: (any APIInput.Type)? = nil, answers: RouteAnswer..., use handler: @escaping Handler<Output>
    ) {
        on(path, .delete, body: body?.schema, answers, handler)
    }

    func post<Output: ResponseGenerator>(
        _ path: String, body: (any APIInput.Type)? = nil, answers: RouteAnswer..., use handler: @escaping Handler<Output>
    ) {
        on(path, .post, body: body?.schema, answers, handler)
    }

    func put<Output: ResponseGenerator>(
        _ path: String, body: (any APIInput.Type)? = nil, answers: RouteAnswer..., use handler: @escaping Handler<Output>
    ) {
        on(path, .put, body: body?.schema, answers, handler)
    }

    func patch<Output: ResponseGenerator>(
        _ path: String, body: (any APIInput.Type)? = nil, answers: RouteAnswer..., use handler: @escaping Handler<Output>
    ) {
        on(path, .patch, body: body?.schema, answers, handler)
    }

    /// A route whose body is not JSON (an upload), described by `schema` under `contentType`.
    func post<Output: ResponseGenerator>(
        _ path: String, form schema: JSONValue, contentType: String, answers: RouteAnswer..., use handler: @escaping Handler<Output>
    ) {
        group.on(RouterPath(path), method: .post, use: handler)
        catalog.describe(
            method: "POST", path: RouterPath(path).description,
            OperationDescription(body: schema, bodyType: contentType, answers: answers))
    }

    private func on<Output: ResponseGenerator>(
        _ path: String, _ method: HTTPRequest.Method, body: JSONValue?, _ answers: [RouteAnswer], _ handler: @escaping Handler<Output>
    ) {
        group.on(RouterPath(path), method: method, use: handler)
        if body != nil || !answers.isEmpty {
            catalog.describe(method: method.rawValue, path: RouterPath(path).description, OperationDescription(body: body, answers: answers))
        }
    }
}
