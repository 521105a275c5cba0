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

extension BodyValidator {
    /// v1's `if (!a || !b)` check: each key in order must be a non-empty string (a 400 `<key> must be a string`
    /// for another type), else one 400 `message`. All keys are recorded first, so the schema names them all.
    mutating func requiredTexts(_ keys: [String], _ message: String) throws -> [String] {
        for key in keys { describe(key, JSONSchema.string(minimum: 1), required: true) }
        let body = RequestJSON(fields: fields)
        return try keys.map { key in
            guard let value = try body.string(key) else { throw APIError(.badRequest, message) }
            return value
        }
    }

    /// `requiredTexts` of two keys.
    mutating func requiredPair(_ first: String, _ second: String, _ message: String) throws -> (String, String) {
        let texts = try requiredTexts([first, second], message)
        return (texts[0], texts[1])
    }
}

/// The key and message of a body of one required string.
protocol SingleKey: Sendable {
    /// The key, and v1's 400 when it is absent, null or empty.
    static var rule: (key: String, message: String) { get }
}

/// A body of one required string (`{email}`, `{token}`, `{user_id}`), read as v1's `if (!value)` did.
struct RequiredText<Key: SingleKey>: APIInput {
    let value: String
    init(validating body: inout BodyValidator) throws {
        value = try body.requiredTexts([Key.rule.key], Key.rule.message)[0]
    }
}

/// The one-string bodies of v1's routes.
enum BodyKey {
    enum Email: SingleKey { static let rule = (key: "email", message: "Email is required") }
    enum RefreshToken: SingleKey { static let rule = (key: "refresh_token", message: "Refresh token is required") }
    enum VerificationToken: SingleKey { static let rule = (key: "token", message: "Verification token is required") }
    enum UserID: SingleKey { static let rule = (key: "user_id", message: "User ID is required") }
    enum AgentID: SingleKey { static let rule = (key: "agent_id", message: "agent_id is required") }
}
