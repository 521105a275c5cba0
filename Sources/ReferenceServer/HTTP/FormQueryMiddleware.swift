import AgentPlannerCore
import Foundation
import Hummingbird

/// Reads every query string as `application/x-www-form-urlencoded`, as v1's Express parser did: `+` is a space
/// (`?query=Compat+Plan` searches for "Compat Plan"); a literal plus arrives as `%2B` and stays a plus.
/// Hummingbird's own query parser only percent-decodes, so the query is rewritten once here, before any handler
/// reads `request.uri.queryParameters`. A NUL character in a query value is refused with v1's validation answer:
/// neither database can store or compare it faithfully, and cutting it off would alter the input silently.
struct FormQueryMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        guard let query = request.uri.query, !query.isEmpty else { return try await next(request, context) }
        var request = request
        if query.contains("+"), let path = request.head.path, let mark = path.firstIndex(of: "?") {
            var head = request.head
            head.path = String(path[...mark]) + query.replacingOccurrences(of: "+", with: "%20")
            request = Request(head: head, body: request.body)
        }
        for (key, value) in request.uri.queryParameters where value.contains("\0") || key.contains("%00") {
            throw TextInput.nulIssue(field: String(key).removingPercentEncoding ?? String(key))
        }
        return try await next(request, context)
    }
}

/// The rule for text in any request: a NUL character is refused, never cut off.
enum TextInput {
    static let nulMessage = "Text must not contain the NUL character (\\u0000)"

    /// v1's validation answer for a field holding a NUL character.
    static func nulIssue(field: String) -> APIError {
        APIError(
            .badRequest, "Validation failed",
            extra: [
                "message": .string("\(field): \(nulMessage)"),
                "details": [["field": .string(field), "message": .string(nulMessage), "code": "invalid_format"]],
            ])
    }

    /// The dotted path (v1's zod `field`) of the first string or key holding a NUL character, if any.
    static func firstNUL(in value: JSONValue, path: String = "") -> String? {
        func join(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
        switch value {
        case .string(let text):
            return text.contains("\0") ? (path.isEmpty ? "root" : path) : nil
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstNUL(in: item, path: join(String(index))) { return found }
            }
            return nil
        case .object(let fields):
            for key in fields.keys.sorted() {
                if key.contains("\0") { return join(key) }
                if let found = firstNUL(in: fields[key]!, path: join(key)) { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
