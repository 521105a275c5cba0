import AgentPlannerCore
import Foundation
import Hummingbird

/// JSON Schema fragments (draft 2020-12, the dialect of OpenAPI 3.1) for what the server reads and writes.
enum JSONSchema {
    static func type(_ name: String) -> JSONValue { ["type": .string(name)] }

    /// `schema` or null.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        if case .object(var object) = schema, case .string(let name)? = object["type"], object["enum"] == nil {
            object["type"] = [.string(name), "null"]
            return .object(object)
        }
        return ["anyOf": [schema, type("null")]]
    }

    static func string(minimum: Int = 0, maximum: Int? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "string"]
        if minimum > 0 { object["minLength"] = .number(Double(minimum)) }
        if let maximum { object["maxLength"] = .number(Double(maximum)) }
        return .object(object)
    }

    static func oneOf(_ values: [String]) -> JSONValue {
        ["type": "string", "enum": .array(values.map(JSONValue.string))]
    }

    static func integer(minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var object: [String: JSONValue] = ["type": "integer"]
        if let minimum { object["minimum"] = .number(Double(minimum)) }
        if let maximum { object["maximum"] = .number(Double(maximum)) }
        return .object(object)
    }

    /// zod 4's RFC-strict UUID (version 1–8, variant 10xx), which `UUIDFormat` checks.
    static let uuid: JSONValue = [
        "type": "string", "format": "uuid",
        "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$",
    ]

    /// ISO-8601 with `Z`, as v1's zod `datetime()` demanded.
    static let dateTime: JSONValue = ["type": "string", "format": "date-time", "pattern": "Z$"]

    /// Any JSON value; `description` says why it has no fixed shape.
    static func freeForm(_ description: String) -> JSONValue { ["description": .string(description)] }

    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }

    /// An object whose `required` keys are always written; other keys may be left out.
    static func object(_ properties: [String: JSONValue], required: [String], closed: Bool = false) -> JSONValue {
        var object: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { object["required"] = .array(required.sorted().map(JSONValue.string)) }
        if closed { object["additionalProperties"] = false }
        return .object(object)
    }

    /// Every error answer: `{"error": "..."}`, sometimes with more keys (validation details, codes).
    static let error = object(["error": type("string")], required: ["error"])
}

/// An answer the server writes: its JSON (written by `JSONWriter` through `JSONResponse`) and that JSON's schema,
/// which the OpenAPI document carries for the routes that answer it.
protocol APIOutput: Sendable {
    static var schema: JSONValue { get }
    var json: JSONValue { get }
}

extension APIOutput {
    func response(_ status: HTTPResponse.Status = .ok) -> Response { JSONResponse.make(json, status: status) }
}

/// An output described field by field: the same list writes the JSON and gives the schema, so they cannot disagree.
protocol ShapedOutput: APIOutput {
    static var shape: ObjectShape<Self> { get }
}

extension ShapedOutput {
    static var schema: JSONValue { shape.schema }
    var json: JSONValue { Self.shape.json(self) }
}

/// An array of outputs.
struct ListOutput<Element: APIOutput>: APIOutput {
    let items: [Element]
    static var schema: JSONValue { JSONSchema.array(Element.schema) }
    var json: JSONValue { .array(items.map(\.json)) }
}

/// An answer with no fixed shape (v1 returned stored JSON or a third party's answer as it came).
struct FreeFormOutput: APIOutput {
    let value: JSONValue
    static var schema: JSONValue { JSONSchema.freeForm("v1's answer as stored or as received; no fixed shape") }
    var json: JSONValue { value }
}

/// One key of an output object: its schema, and how to read its value (nil leaves the key out, as v1 did for
/// undefined values).
struct OutputField<Source>: Sendable {
    let name: String
    let schema: JSONValue
    let alwaysWritten: Bool
    let read: @Sendable (Source) -> JSONValue?

    static func value(_ name: String, _ schema: JSONValue, _ read: @escaping @Sendable (Source) -> JSONValue) -> Self {
        Self(name: name, schema: schema, alwaysWritten: true, read: read)
    }

    /// A key written only when `read` gives a value (`JSONValue?.none`: a bare `nil` would be JSON null).
    static func optional(_ name: String, _ schema: JSONValue, _ read: @escaping @Sendable (Source) -> JSONValue?) -> Self {
        Self(name: name, schema: schema, alwaysWritten: false, read: read)
    }

    static func id(_ name: String, _ read: @escaping @Sendable (Source) -> UUID) -> Self {
        value(name, JSONSchema.uuid) { .string(read($0).lowercased) }
    }

    static func optionalID(_ name: String, _ read: @escaping @Sendable (Source) -> UUID?) -> Self {
        value(name, JSONSchema.nullable(JSONSchema.uuid)) { read($0).map { .string($0.lowercased) } ?? .null }
    }

    static func text(_ name: String, _ read: @escaping @Sendable (Source) -> String) -> Self {
        value(name, JSONSchema.type("string")) { .string(read($0)) }
    }

    static func optionalText(_ name: String, _ read: @escaping @Sendable (Source) -> String?) -> Self {
        value(name, JSONSchema.nullable(JSONSchema.type("string"))) { read($0).map(JSONValue.string) ?? .null }
    }

    /// A PostgREST timestamp (`TimestampFormat.api`), or null.
    static func time(_ name: String, _ read: @escaping @Sendable (Source) -> Date?) -> Self {
        value(name, JSONSchema.nullable(JSONSchema.type("string"))) { read($0).map { .string(TimestampFormat.api($0)) } ?? .null }
    }

    /// A key whose value is always the same text (a kind tag).
    static func constant(_ name: String, _ text: String) -> Self {
        value(name, JSONSchema.oneOf([text])) { _ in .string(text) }
    }

    static func integer(_ name: String, _ read: @escaping @Sendable (Source) -> Int) -> Self {
        value(name, JSONSchema.type("integer")) { .number(Double(read($0))) }
    }

    static func flag(_ name: String, _ read: @escaping @Sendable (Source) -> Bool) -> Self {
        value(name, JSONSchema.type("boolean")) { .bool(read($0)) }
    }

    static func strings(_ name: String, _ read: @escaping @Sendable (Source) -> [String]) -> Self {
        value(name, JSONSchema.array(JSONSchema.type("string"))) { .array(read($0).map(JSONValue.string)) }
    }

    /// Stored JSON written back as it is.
    static func stored(_ name: String, _ description: String, _ read: @escaping @Sendable (Source) -> JSONValue?) -> Self {
        value(name, JSONSchema.freeForm(description)) { read($0) ?? .null }
    }

    /// An object written by `shape` from a part of the source.
    static func object<Part>(_ name: String, _ shape: ObjectShape<Part>, _ read: @escaping @Sendable (Source) -> Part) -> Self {
        value(name, shape.schema) { shape.json(read($0)) }
    }

    static func objects<Part>(_ name: String, _ shape: ObjectShape<Part>, _ read: @escaping @Sendable (Source) -> [Part]) -> Self {
        value(name, JSONSchema.array(shape.schema)) { .array(read($0).map(shape.json)) }
    }

    static func nested<Output: APIOutput>(_ name: String, _ read: @escaping @Sendable (Source) -> Output?) -> Self {
        value(name, JSONSchema.nullable(Output.schema)) { read($0)?.json ?? .null }
    }

    static func list<Output: APIOutput>(_ name: String, _ read: @escaping @Sendable (Source) -> [Output]) -> Self {
        value(name, JSONSchema.array(Output.schema)) { .array(read($0).map(\.json)) }
    }
}

/// The keys of an output object, in one list.
struct ObjectShape<Source>: Sendable {
    let fields: [OutputField<Source>]

    init(_ fields: [OutputField<Source>]) {
        self.fields = fields
    }

    func json(_ source: Source) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for field in fields {
            if let value = field.read(source) { object[field.name] = value }
        }
        return .object(object)
    }

    var schema: JSONValue {
        var properties: [String: JSONValue] = [:]
        for field in fields { properties[field.name] = field.schema }
        return JSONSchema.object(properties, required: fields.filter(\.alwaysWritten).map(\.name))
    }

    /// This shape without some keys (v1's answers drop columns here and there).
    func removing(_ names: Set<String>) -> ObjectShape {
        ObjectShape(fields.filter { !names.contains($0.name) })
    }

    /// Only the named keys.
    func keeping(_ names: Set<String>) -> ObjectShape {
        ObjectShape(fields.filter { names.contains($0.name) })
    }

    func adding(_ more: [OutputField<Source>]) -> ObjectShape {
        ObjectShape(fields + more)
    }

    /// The same keys read from a part of a larger value.
    func reading<Outer>(_ part: @escaping @Sendable (Outer) -> Source) -> ObjectShape<Outer> {
        ObjectShape<Outer>(
            fields.map { field in
                let read = field.read
                return OutputField<Outer>(name: field.name, schema: field.schema, alwaysWritten: field.alwaysWritten) { read(part($0)) }
            })
    }
}

/// A request body read the way v1's zod schema read it: `init(validating:)` calls `BodyValidator`, which answers
/// v1's exact 400s and, as it reads, records the schema of what it accepts, so the document's request schema is
/// the validation itself.
protocol APIInput: Sendable {
    /// Reads every field, then calls `body.check()` (v1's 400 when anything failed), then builds the value.
    init(validating body: inout BodyValidator) throws
    static var schema: JSONValue { get }
}

extension APIInput {
    static func read(_ request: Request, _ context: AppRequestContext) async throws -> Self {
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        return try Self(validating: &body)
    }

    /// The schema the reads record on an empty body (`check()` does not throw while describing).
    static var schema: JSONValue {
        var body = BodyValidator.describing()
        _ = try? Self(validating: &body)
        return body.schema
    }
}
