import AgentPlannerCore
import Foundation

/// Checks of schemas that used zod 4's default messages (the decision schemas): `Too small: …`, `Too big: …`,
/// `Invalid UUID`, `Invalid ISO datetime`, rather than the custom texts of the common schemas.
extension BodyValidator {
    /// A string of `minimum...maximum` characters (JavaScript counts UTF-16 units).
    mutating func zodString(_ key: String, at path: String? = nil, required: Bool, minimum: Int = 0, maximum: Int)
        -> String?
    {
        if path == nil { describe(key, JSONSchema.string(minimum: minimum, maximum: maximum), required: required) }
        return zodString(fields[key], at: path ?? key, required: required, minimum: minimum, maximum: maximum)
    }

    mutating func zodString(_ value: JSONValue?, at path: String, required: Bool, minimum: Int = 0, maximum: Int)
        -> String?
    {
        guard let value else {
            if required { issue(field: path, "Invalid input: expected string, received undefined", code: "invalid_type") }
            return nil
        }
        guard case .string(let text) = value else {
            issue(field: path, "Invalid input: expected string, received \(Self.typeName(value))", code: "invalid_type")
            return nil
        }
        let length = text.utf16.count
        if length < minimum {
            issue(field: path, "Too small: expected string to have >=\(minimum) characters", code: "too_small")
        } else if length > maximum {
            issue(field: path, "Too big: expected string to have <=\(maximum) characters", code: "too_big")
        }
        return text
    }

    /// zod's `.uuid()` with its default message.
    mutating func zodUUID(_ key: String) -> UUID? {
        describe(key, JSONSchema.uuid)
        guard let value = fields[key] else { return nil }
        guard let text = value.stringValue, UUIDFormat.isValid(text), let id = UUID(uuidString: text) else {
            if value.stringValue == nil {
                issue(field: key, "Invalid input: expected string, received \(Self.typeName(value))", code: "invalid_type")
            } else {
                issue(field: key, "Invalid UUID", code: "invalid_format")
            }
            return nil
        }
        return id
    }

    /// zod's `.datetime()`: ISO-8601 with `Z`. `.some(nil)` for an explicit null when `nullable`.
    mutating func zodDatetime(_ key: String, nullable: Bool) -> Date?? {
        describe(key, nullable ? JSONSchema.nullable(JSONSchema.dateTime) : JSONSchema.dateTime)
        guard let value = fields[key] else { return nil }
        if value == .null, nullable { return .some(nil) }
        guard let text = value.stringValue else {
            issue(field: key, "Invalid input: expected string, received \(Self.typeName(value))", code: "invalid_type")
            return nil
        }
        guard text.hasSuffix("Z"), let date = TimestampFormat.parse(text) else {
            issue(field: key, "Invalid ISO datetime", code: "invalid_format")
            return nil
        }
        return .some(date)
    }

    /// An object of at most 10 KB as JSON text (v1's intended limit: its validator crashed on any non-empty
    /// metadata instead).
    mutating func zodMetadata(_ key: String) -> JSONValue? {
        describe(key, ["type": "object", "description": "at most 10 KB as JSON text"])
        guard let value = fields[key] else { return nil }
        guard case .object = value else {
            issue(field: key, "Invalid input: expected record, received \(Self.typeName(value))", code: "invalid_type")
            return nil
        }
        if value.jsonText.utf16.count > 10_240 {
            issue(field: key, "Metadata must be less than 10KB", code: "custom")
            return nil
        }
        return value
    }

    mutating func zodEnum(_ key: String, _ values: [String]) -> String? {
        describe(key, JSONSchema.oneOf(values))
        guard let value = fields[key] else { return nil }
        if let text = value.stringValue, values.contains(text) { return text }
        let list = values.map { "\"\($0)\"" }.joined(separator: "|")
        issue(field: key, "Invalid option: expected one of \(list)", code: "invalid_value")
        return nil
    }

    /// `z.coerce.number().int().min(minimum).max(maximum)` over a query string.
    mutating func zodCoercedInteger(_ key: String, minimum: Int, maximum: Int?) -> Int? {
        describe(key, JSONSchema.integer(minimum: minimum, maximum: maximum))
        guard let value = fields[key] else { return nil }
        let text = value.stringValue?.trimmingCharacters(in: .whitespaces) ?? ""
        let number = text.isEmpty ? 0 : Double(text)
        guard let number, number.isFinite else {
            issue(field: key, "Invalid input: expected number, received NaN", code: "invalid_type")
            return nil
        }
        guard number.rounded() == number, abs(number) < 9_007_199_254_740_992 else {
            issue(field: key, "Invalid input: expected int, received number", code: "invalid_type")
            return nil
        }
        if number < Double(minimum) {
            issue(field: key, "Too small: expected number to be >=\(minimum)", code: "too_small")
            return nil
        }
        if let maximum, number > Double(maximum) {
            issue(field: key, "Too big: expected number to be <=\(maximum)", code: "too_big")
            return nil
        }
        return Int(number)
    }
}
