import AgentPlannerCore
import Foundation

/// Request validation with v1's zod answer: 400
/// `{error: "Validation failed", message: "<field>: <msg>; ...", details: [{field, message, code}]}`,
/// using zod 4's default texts and v1's custom ones.
struct BodyValidator {
    struct Issue {
        let field: String
        let message: String
        let code: String
    }

    let fields: [String: JSONValue]
    private(set) var issues: [Issue] = []
    /// zod's answer when the body is not an object (an array): the only issue it reports.
    private var rootIssue: Issue?
    // What the reads accept, recorded as they happen: the request schema of the OpenAPI document.
    private var properties: [String: JSONValue] = [:]
    private var requiredKeys: Set<String> = []
    private var closed = false
    private var isDescribing = false

    init(_ body: RequestJSON) {
        self.fields = body.fields
        if body.isArray {
            rootIssue = Issue(field: "root", message: "Invalid input: expected object, received array", code: "invalid_type")
        }
    }

    /// A validator over an empty body that only records what its reads accept (`check()` never throws).
    static func describing() -> BodyValidator {
        var validator = BodyValidator(RequestJSON(fields: [:]))
        validator.isDescribing = true
        return validator
    }

    /// Records that `key` accepts `schema` (each read below does; custom reads call it themselves).
    mutating func describe(_ key: String, _ schema: JSONValue, required: Bool = false) {
        properties[key] = schema
        if required { requiredKeys.insert(key) }
    }

    /// The JSON Schema of the body the reads so far accept.
    var schema: JSONValue {
        JSONSchema.object(properties, required: Array(requiredKeys), closed: closed)
    }

    /// `.strict()`: keys the schema does not name.
    mutating func rejectUnknownKeys(allowed: Set<String>) {
        closed = true
        for key in allowed where properties[key] == nil { properties[key] = JSONSchema.freeForm("read by the handler") }
        let unknown = fields.keys.filter { !allowed.contains($0) }.sorted()
        guard !unknown.isEmpty else { return }
        let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
        issues.append(Issue(field: "root", message: "Unrecognized key\(unknown.count > 1 ? "s" : ""): \(list)", code: "unrecognized_keys"))
    }

    /// A string of `minimum...maximum` characters; nil when absent and optional.
    mutating func string(_ key: String, required: Bool, minimum: Int = 0, maximum: Int) -> String? {
        describe(key, JSONSchema.string(minimum: minimum, maximum: maximum), required: required)
        switch fields[key] {
        case nil:
            if required { typeIssue(key, expected: "string", received: "undefined") }
            return nil
        case .string(let value)?:
            if value.count < minimum {
                issues.append(Issue(field: key, message: "Field cannot be empty", code: "too_small"))
            } else if value.count > maximum {
                issues.append(Issue(field: key, message: "Field cannot exceed \(maximum) characters", code: "too_big"))
            }
            return value
        case let other?:
            typeIssue(key, expected: "string", received: Self.typeName(other))
            return nil
        }
    }

    mutating func oneOf(_ key: String, _ values: [String], required: Bool = false) -> String? {
        describe(key, JSONSchema.oneOf(values), required: required)
        guard let value = fields[key] else {
            if required { typeIssue(key, expected: "string", received: "undefined") }
            return nil
        }
        if let text = value.stringValue, values.contains(text) { return text }
        let list = values.map { "\"\($0)\"" }.joined(separator: "|")
        issues.append(Issue(field: key, message: "Invalid option: expected one of \(list)", code: "invalid_value"))
        return nil
    }

    mutating func object(_ key: String) -> JSONValue? {
        describe(key, JSONSchema.type("object"))
        guard let value = fields[key] else { return nil }
        if case .object = value { return value }
        typeIssue(key, expected: "record", received: Self.typeName(value))
        return nil
    }

    mutating func uuid(_ key: String, required: Bool) -> String? {
        describe(key, JSONSchema.uuid, required: required)
        guard let value = fields[key] else {
            if required { typeIssue(key, expected: "string", received: "undefined") }
            return nil
        }
        guard let text = value.stringValue, UUIDFormat.isValid(text) else {
            issues.append(Issue(field: key, message: "Invalid UUID format", code: "invalid_format"))
            return nil
        }
        return text
    }

    /// A UUID, or null; nil when absent or null.
    mutating func nullableUUID(_ key: String) -> UUID? {
        defer { describe(key, JSONSchema.nullable(JSONSchema.uuid)) }
        if case .null? = fields[key] { return nil }
        return uuid(key, required: false).flatMap(UUID.init(uuidString:))
    }

    mutating func nonNegativeInteger(_ key: String) -> Int? {
        describe(key, JSONSchema.integer(minimum: 0, maximum: 2_147_483_647))
        guard let value = fields[key] else { return nil }
        guard case .number(let number) = value, number.rounded() == number, number >= 0, number < 2_147_483_648 else {
            issues.append(Issue(field: key, message: "Invalid input: expected a non-negative integer", code: "invalid_type"))
            return nil
        }
        return Int(number)
    }

    /// An ISO-8601 date-time with `Z` (v1's zod datetime), or null.
    mutating func isoDate(_ key: String) -> Date? {
        describe(key, JSONSchema.nullable(JSONSchema.dateTime))
        guard let value = fields[key], value != .null else { return nil }
        guard let text = value.stringValue, text.hasSuffix("Z"), let date = TimestampFormat.parse(text) else {
            issues.append(Issue(field: key, message: "Invalid date format. Use ISO 8601 format.", code: "invalid_format"))
            return nil
        }
        return date
    }

    /// A refinement's own issue (zod's `custom` code; `root` when it concerns the whole body).
    mutating func issue(field: String = "root", _ message: String, code: String = "custom") {
        issues.append(Issue(field: field, message: message, code: code))
    }

    mutating func bool(_ key: String) -> Bool? {
        describe(key, JSONSchema.type("boolean"))
        guard let value = fields[key] else { return nil }
        if case .bool(let flag) = value { return flag }
        typeIssue(key, expected: "boolean", received: Self.typeName(value))
        return nil
    }

    /// Absent → nil; null → `.some(nil)`; a string of at most `maximum` characters → `.some(text)`.
    mutating func nullableString(_ key: String, maximum: Int) -> String?? {
        describe(key, JSONSchema.nullable(JSONSchema.string(maximum: maximum)))
        guard let value = fields[key] else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let text):
            if text.count > maximum {
                issues.append(Issue(field: key, message: "Too big: expected string to have <=\(maximum) characters", code: "too_big"))
            }
            return .some(text)
        default:
            typeIssue(key, expected: "string", received: Self.typeName(value))
            return nil
        }
    }

    private mutating func typeIssue(_ key: String, expected: String, received: String) {
        issues.append(Issue(field: key, message: "Invalid input: expected \(expected), received \(received)", code: "invalid_type"))
    }

    /// Throws v1's 400 when any check failed.
    func check() throws {
        guard !isDescribing else { return }
        let issues = rootIssue.map { [$0] } ?? self.issues
        guard !issues.isEmpty else { return }
        throw APIError(
            .badRequest, "Validation failed",
            extra: [
                "message": .string(issues.map { $0.field == "root" ? $0.message : "\($0.field): \($0.message)" }.joined(separator: "; ")),
                "details": .array(issues.map { ["field": .string($0.field), "message": .string($0.message), "code": .string($0.code)] }),
            ])
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// zod 4's RFC-strict UUID check (version 1–8, variant 10xx; nil and max accepted).
enum UUIDFormat {
    static func isValid(_ text: String) -> Bool {
        let lower = text.lowercased()
        let bytes = Array(lower.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == 45 else { return false }
            } else {
                guard (48...57).contains(byte) || (97...102).contains(byte) else { return false }
            }
        }
        if lower == "00000000-0000-0000-0000-000000000000" || lower == "ffffffff-ffff-ffff-ffff-ffffffffffff" { return true }
        return (49...56).contains(bytes[14]) && [56, 57, 97, 98].contains(bytes[19])
    }

    /// A path id checked the zod way; v1 answered a malformed one with its validation 400.
    static func parameter(_ text: String?, field: String = "id") throws -> UUID {
        guard let text, isValid(text), let id = UUID(uuidString: text) else {
            throw APIError(
                .badRequest, "Validation failed",
                extra: [
                    "message": .string("\(field): Invalid UUID format"),
                    "details": [["field": .string(field), "message": "Invalid UUID format", "code": "invalid_format"]],
                ])
        }
        return id
    }
}
