import AgentPlannerCore

/// The reads of the routes v1 checked by hand rather than with zod (`if (!title)`…), with v1's messages, recorded
/// into the request schema like the zod reads of `BodyValidator`.
extension BodyValidator {
    /// A present, non-empty string; nil when absent, null or empty; a 400 `<key> must be a string` otherwise.
    mutating func text(_ key: String) throws -> String? {
        describe(key, JSONSchema.nullable(JSONSchema.type("string")))
        return try RequestJSON(fields: fields).string(key)
    }

    /// Whether the body names `key` at all (null included).
    func has(_ key: String) -> Bool { fields[key] != nil }

    /// An array when present; nil when absent or null; a 400 `<key> must be an array` otherwise.
    mutating func list(_ key: String) throws -> JSONValue? {
        describe(key, JSONSchema.nullable(["type": "array"]))
        switch fields[key] {
        case nil, .null?: return nil
        case .array(let items)?: return .array(items)
        default: throw APIError(.badRequest, "\(key) must be an array")
        }
    }
}
