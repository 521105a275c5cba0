import AgentPlannerCore
import Foundation
import Hummingbird

/// The JSON body of a request as v1's `express.json()` saw it: an object whose fields handlers read by name.
/// A body that is not JSON (by content type) is an empty object, as in v1; malformed JSON is a 400, and so is a
/// NUL character in any string or key (v1's validation shape; it is refused, never cut off).
struct RequestJSON: Sendable {
    let fields: [String: JSONValue]
    /// The body was a JSON array (express.json() let arrays through; zod's object schemas refused them).
    var isArray = false

    static let malformed = APIError(.badRequest, "Unexpected token in JSON body: the request body is not valid JSON")

    static func read(_ request: Request, context: AppRequestContext) async throws -> RequestJSON {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            return RequestJSON(fields: [:])
        }
        var request = request
        let buffer = try await request.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return RequestJSON(fields: [:]) }
        let text = String(buffer: buffer)
        guard let value = try? JSONValue(jsonText: text) else {
            throw malformed
        }
        if let field = TextInput.firstNUL(in: value) { throw TextInput.nulIssue(field: field) }
        switch value {
        case .object(let object): return RequestJSON(fields: object)
        case .array: return RequestJSON(fields: [:], isArray: true)
        // express.json() is strict: a top level that is neither an object nor an array is a parse error.
        default: throw malformed
        }
    }

    /// A present, non-empty string; nil when absent, null or empty (v1's `!value` checks).
    func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let value)?: return value.isEmpty ? nil : value
        default: throw APIError(.badRequest, "\(key) must be a string")
        }
    }

    func has(_ key: String) -> Bool {
        if case nil = fields[key] { return false }
        return true
    }
}
