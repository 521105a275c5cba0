import AgentPlannerCore
import Persistence

/// What the real v1-era clients send to `POST …/log` that v1's strict schema refused (CONSUMERS.md §8.C.2,
/// issue 15): the MCP's `type` for `log_type`, the MCP's and the UI's `tags`, the UI's `metadata`. v2 reads
/// them; a body v1 documented answers exactly as before, since these keys were only ever refused.
enum ClientLogFields {
    static let keys: Set<String> = ["type", "tags", "metadata"]

    /// `log_type`, or its alias `type`; both given and different is a 400 rather than a guess.
    static func logType(_ body: inout BodyValidator) -> String? {
        let given = body.oneOf("log_type", ValueDomains.logType)
        let alias = body.oneOf("type", ValueDomains.logType)
        if let given, let alias, given != alias {
            body.issue(field: "type", "type is an alias of log_type; they differ (\(alias), \(given))")
        }
        return given ?? alias
    }

    /// At most 50 tags of 1–100 characters each; absent is none.
    static func tags(_ body: inout BodyValidator) -> [String] {
        guard let value = body.fields["tags"] else { return [] }
        guard case .array(let items) = value else {
            body.issue(field: "tags", "Invalid input: expected array, received \(BodyValidator.typeName(value))", code: "invalid_type")
            return []
        }
        let tags = items.compactMap(\.stringValue)
        if tags.count != items.count || tags.contains(where: { $0.isEmpty || $0.count > 100 }) || tags.count > 50 {
            body.issue(field: "tags", "Expected at most 50 strings of 1 to 100 characters", code: "invalid_type")
            return []
        }
        return tags
    }

    /// The client's `metadata` object with `actor_type` set when given; an `actor_type` inside it must be one
    /// the log list can show.
    static func metadata(_ body: inout BodyValidator, actorType: String?) -> JSONValue {
        guard case .object(var fields) = body.object("metadata") ?? .emptyObject else { return .emptyObject }
        if let inner = fields["actor_type"], !["human", "agent"].contains(inner.stringValue ?? "") {
            body.issue(field: "metadata.actor_type", "Invalid option: expected one of \"human\"|\"agent\"", code: "invalid_value")
        }
        if let actorType { fields["actor_type"] = .string(actorType) }
        return .object(fields)
    }
}
