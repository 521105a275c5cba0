import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// v1's decision schemas (ROUTES.md §4.5): strict bodies and query, zod 4's default messages.
enum DecisionInput {
    static let maximumOptions = 10

    /// The path ids; both are checked before anything else answers, two issues when both are bad.
    static func ids(_ context: AppRequestContext, decision: Bool) throws -> (plan: UUID, decision: UUID) {
        var validator = BodyValidator(RequestJSON(fields: [:]))
        var found: [UUID] = []
        for name in decision ? ["id", "decisionId"] : ["id"] {
            if let text = context.parameters.get(name), UUIDFormat.isValid(text), let id = UUID(uuidString: text) {
                found.append(id)
            } else {
                validator.issue(field: name, "Invalid UUID", code: "invalid_format")
            }
        }
        try validator.check()
        return (found[0], found.count > 1 ? found[1] : found[0])
    }

    /// One option as the strict option schema below reads it.
    static let optionSchema = JSONSchema.object(
        [
            "option": JSONSchema.string(minimum: 1, maximum: 500), "pros": JSONSchema.array(JSONSchema.string(maximum: 500)),
            "cons": JSONSchema.array(JSONSchema.string(maximum: 500)), "recommendation": JSONSchema.type("boolean"),
        ], required: ["option"], closed: true)

    /// `options`: at most ten strict `{option, pros?, cons?, recommendation?}` objects.
    static func options(_ body: inout BodyValidator) -> JSONValue? {
        body.describe("options", ["type": "array", "maxItems": .number(Double(maximumOptions)), "items": optionSchema])
        guard let value = body.fields["options"] else { return nil }
        guard case .array(let items) = value else {
            body.issue(field: "options", "Invalid input: expected array, received \(BodyValidator.typeName(value))", code: "invalid_type")
            return nil
        }
        if items.count > maximumOptions {
            body.issue(field: "options", "Too big: expected array to have <=\(maximumOptions) items", code: "too_big")
            return nil
        }
        for (index, item) in items.enumerated() {
            let path = "options.\(index)"
            guard case .object(let fields) = item else {
                body.issue(field: path, "Invalid input: expected object, received \(BodyValidator.typeName(item))", code: "invalid_type")
                continue
            }
            let unknown = fields.keys.filter { !["option", "pros", "cons", "recommendation"].contains($0) }.sorted()
            if !unknown.isEmpty {
                let list = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
                body.issue(field: path, "Unrecognized key\(unknown.count > 1 ? "s" : ""): \(list)", code: "unrecognized_keys")
            }
            _ = body.zodString(fields["option"], at: "\(path).option", required: true, minimum: 1, maximum: 500)
            for list in ["pros", "cons"] {
                guard let entries = fields[list] else { continue }
                guard case .array(let texts) = entries else {
                    body.issue(
                        field: "\(path).\(list)", "Invalid input: expected array, received \(BodyValidator.typeName(entries))", code: "invalid_type")
                    continue
                }
                for (position, text) in texts.enumerated() {
                    _ = body.zodString(text, at: "\(path).\(list).\(position)", required: true, maximum: 500)
                }
            }
            if let flag = fields["recommendation"], flag != .bool(true), flag != .bool(false) {
                body.issue(
                    field: "\(path).recommendation", "Invalid input: expected boolean, received \(BodyValidator.typeName(flag))", code: "invalid_type"
                )
            }
        }
        return value
    }

    struct Creation: APIInput {
        var nodeID: UUID?
        var title: String
        var context: String
        var options: JSONValue
        var urgency: String
        var expiresAt: Date?
        var agentName: String?
        var metadata: JSONValue
    }

    /// The strict list query: unknown parameters are refused, numbers are coerced.
    static func filter(_ request: Request) throws -> DecisionRequestFilter {
        var fields: [String: JSONValue] = [:]
        for (key, value) in request.uri.queryParameters where fields[String(key)] == nil {
            fields[String(key)] = .string(String(value))
        }
        var query = BodyValidator(RequestJSON(fields: fields))
        query.rejectUnknownKeys(allowed: ["status", "urgency", "node_id", "limit", "offset"])
        var filter = DecisionRequestFilter()
        filter.status = query.zodEnum("status", ValueDomains.decisionStatus)
        filter.urgency = query.zodEnum("urgency", ValueDomains.decisionUrgency)
        filter.nodeID = query.zodUUID("node_id")
        filter.limit = query.zodCoercedInteger("limit", minimum: 1, maximum: 100) ?? 50
        filter.offset = query.zodCoercedInteger("offset", minimum: 0, maximum: nil) ?? 0
        try query.check()
        return filter
    }
}

extension DecisionInput.Creation {
    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: [
            "node_id", "title", "context", "options", "urgency", "expires_at", "requested_by_agent_name", "metadata",
        ])
        let nodeID = body.zodUUID("node_id")
        let title = body.zodString("title", required: true, minimum: 1, maximum: 200)
        let text = body.zodString("context", required: true, minimum: 1, maximum: 5000)
        let options = DecisionInput.options(&body)
        let urgency = body.zodEnum("urgency", ValueDomains.decisionUrgency)
        let expiresAt = body.zodDatetime("expires_at", nullable: false)
        let agentName = body.zodString("requested_by_agent_name", required: false, maximum: 100)
        let metadata = body.zodMetadata("metadata")
        try body.check()
        guard let title, let text else { throw APIError.internalError }
        self.init(
            nodeID: nodeID, title: title, context: text, options: options ?? .emptyArray,
            urgency: urgency ?? "can_continue", expiresAt: expiresAt ?? nil, agentName: agentName,
            metadata: metadata ?? .emptyObject)
    }
}

/// `PUT /plans/:id/decisions/:decisionId`: the strict changes.
struct DecisionChangesInput: APIInput {
    let changes: DecisionRequestChanges

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ["title", "context", "options", "urgency", "expires_at", "metadata"])
        var changes = DecisionRequestChanges()
        changes.title = body.zodString("title", required: false, minimum: 1, maximum: 200)
        changes.context = body.zodString("context", required: false, minimum: 1, maximum: 5000)
        changes.options = DecisionInput.options(&body)
        changes.urgency = body.zodEnum("urgency", ValueDomains.decisionUrgency)
        changes.expiresAt = body.zodDatetime("expires_at", nullable: true)
        changes.metadata = body.zodMetadata("metadata")
        try body.check()
        self.changes = changes
    }
}

/// `POST …/resolve`: strict `{decision, rationale?}`.
struct DecisionResolutionInput: APIInput {
    let decision: String
    let rationale: String?

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ["decision", "rationale"])
        let decision = body.zodString("decision", required: true, minimum: 1, maximum: 2000)
        rationale = body.zodString("rationale", required: false, maximum: 5000)
        try body.check()
        guard let decision else { throw APIError.internalError }
        self.decision = decision
    }
}

/// `POST …/cancel`: strict `{reason?}`.
struct DecisionCancellationInput: APIInput {
    let reason: String?

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ["reason"])
        reason = body.zodString("reason", required: false, maximum: 500)
        try body.check()
    }
}
