import AgentPlannerCore

/// What a JSON answer must look like: types, shapes and, where v1 fixes them, exact values.
public indirect enum JSONMatcher: Sendable {
    case any
    case string
    case number
    case integer
    case bool
    case null
    case uuid
    case timestamp
    /// A timestamp in JavaScript's `toISOString()` form: UTC, milliseconds, `Z`.
    case javaScriptTimestamp
    case jwt
    case hexToken
    case equals(JSONValue)
    case oneOf([JSONValue])
    case hasPrefix(String)
    /// Equal to a run variable captured earlier.
    case variable(String)
    case nullable(JSONMatcher)
    /// An object with exactly these keys (`exact: true`) or at least these keys.
    case object([String: JSONMatcher], exact: Bool)
    /// May be absent from its object; when present it must match.
    case optional(JSONMatcher)
    /// Must be absent from its object: a field a client reads that the server does not send.
    case absent
    case array(JSONMatcher)
    case arrayCount(Int, of: JSONMatcher)
    /// A non-empty array whose first element matches (order that v1 defines, e.g. newest first).
    case firstElement(JSONMatcher)

    /// An object with exactly these keys: the usual way a contract states v1's keys.
    public static func keys(_ fields: [String: JSONMatcher]) -> JSONMatcher {
        .object(fields, exact: true)
    }

    /// v1's error body: `{"error": <message>}` and nothing else.
    public static func error(_ message: String) -> JSONMatcher {
        .keys(["error": .equals(.string(message))])
    }

    /// v1's error body where the contract asserts only the key (DECISIONS.md §D1).
    public static let anyError = JSONMatcher.keys(["error": .string])

    func mismatches(_ value: JSONValue?, at path: JSONPath, variables: RunVariables) -> [Mismatch] {
        func fail(_ expected: String) -> [Mismatch] {
            [Mismatch(path: path, expected: expected, actual: value.map(Mismatch.render) ?? "(missing)")]
        }
        if case .optional(let inner) = self {
            return value == nil ? [] : inner.mismatches(value, at: path, variables: variables)
        }
        if case .absent = self {
            return value.map { [Mismatch(path: path, expected: "(no such key)", actual: Mismatch.render($0))] } ?? []
        }
        guard let value else { return fail(summary) }
        switch self {
        case .any, .optional, .absent:
            return []
        case .string:
            return value.stringValue != nil ? [] : fail("a string")
        case .number:
            if case .number = value { return [] }
            return fail("a number")
        case .integer:
            if case .number(let number) = value, number.rounded() == number { return [] }
            return fail("an integer")
        case .bool:
            if case .bool = value { return [] }
            return fail("a boolean")
        case .null:
            return value == .null ? [] : fail("null")
        case .uuid:
            return value.stringValue.map(ValueShapes.isUUID) == true ? [] : fail("a lowercase UUID")
        case .timestamp:
            return value.stringValue.map(ValueShapes.isTimestamp) == true ? [] : fail("an ISO-8601 timestamp")
        case .javaScriptTimestamp:
            guard let text = value.stringValue, ValueShapes.isTimestamp(text), text.utf8.count == 24,
                text.hasSuffix("Z")
            else { return fail("an ISO-8601 UTC timestamp with milliseconds (toISOString)") }
            return []
        case .jwt:
            return value.stringValue.map(ValueShapes.isJWT) == true ? [] : fail("a JWT")
        case .hexToken:
            return value.stringValue.map(ValueShapes.isHexToken) == true ? [] : fail("64 lowercase hex characters")
        case .equals(let template):
            // Strings may name run variables: `.equals("New {run}")`.
            let expected = (try? JSONValueTemplate(template).resolve(variables)) ?? template
            return value == expected ? [] : fail(Mismatch.render(expected))
        case .oneOf(let options):
            return options.contains(value) ? [] : fail("one of " + options.map(Mismatch.render).joined(separator: ", "))
        case .hasPrefix(let prefix):
            return value.stringValue?.hasPrefix(prefix) == true ? [] : fail("a string starting with \"\(prefix)\"")
        case .variable(let name):
            guard let expected = try? variables.value(name) else { return fail("the value of {\(name)} (never captured)") }
            return value == expected ? [] : fail(Mismatch.render(expected) + " ({\(name)})")
        case .nullable(let inner):
            return value == .null ? [] : inner.mismatches(value, at: path, variables: variables)
        case .object(let fields, let exact):
            guard case .object(let object) = value else { return fail("an object") }
            var found: [Mismatch] = []
            for key in fields.keys.sorted() {
                found += fields[key]!.mismatches(object[key], at: path.appending(.key(key)), variables: variables)
            }
            if exact {
                for key in object.keys.sorted() where fields[key] == nil {
                    found.append(Mismatch(path: path.appending(.key(key)), expected: "(no such key)", actual: Mismatch.render(object[key]!)))
                }
            }
            return found
        case .array(let element):
            guard case .array(let items) = value else { return fail("an array") }
            return items.enumerated().flatMap { index, item in
                element.mismatches(item, at: path.appending(.index(index)), variables: variables)
            }
        case .firstElement(let element):
            guard case .array(let items) = value, let first = items.first else { return fail("a non-empty array") }
            return element.mismatches(first, at: path.appending(.index(0)), variables: variables)
        case .arrayCount(let count, let element):
            guard case .array(let items) = value else { return fail("an array") }
            guard items.count == count else { return fail("an array of \(count)") }
            return JSONMatcher.array(element).mismatches(value, at: path, variables: variables)
        }
    }

    var summary: String {
        switch self {
        case .any: "any value"
        case .string: "a string"
        case .number: "a number"
        case .integer: "an integer"
        case .bool: "a boolean"
        case .null: "null"
        case .uuid: "a lowercase UUID"
        case .timestamp, .javaScriptTimestamp: "an ISO-8601 timestamp"
        case .jwt: "a JWT"
        case .hexToken: "64 lowercase hex characters"
        case .equals(let value): Mismatch.render(value)
        case .oneOf: "one of several values"
        case .hasPrefix(let prefix): "a string starting with \"\(prefix)\""
        case .variable(let name): "the value of {\(name)}"
        case .nullable(let inner): inner.summary + " or null"
        case .object: "an object"
        case .optional(let inner): inner.summary
        case .absent: "(no such key)"
        case .array, .arrayCount, .firstElement: "an array"
        }
    }
}

/// One place where an answer differs from what the contract states.
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
    public let path: JSONPath
    public let expected: String
    public let actual: String

    public var description: String { "\(path): expected \(expected), got \(actual)" }

    /// Compact JSON, cut to stay readable in a terminal.
    static func render(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}

extension JSONMatcher {
    /// An agent as suggestions and the dashboard list it: id, name, email, avatar and capability tags.
    static let agentSummary = JSONMatcher.keys([
        "id": .uuid, "name": .nullable(.string), "email": .string, "avatar_url": .nullable(.string),
        "capability_tags": .array(.string),
    ])
}
