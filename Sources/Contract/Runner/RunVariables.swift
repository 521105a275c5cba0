import AgentPlannerCore

/// Values a run substitutes into requests: the run's unique token (`{run}`), what actors are (`{owner.id}`,
/// `{owner.email}`), and what earlier steps captured.
public struct RunVariables: Sendable {
    private var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    public mutating func set(_ name: String, _ value: JSONValue) {
        values[name] = value
    }

    /// A stored variable, or a derived one: `forge.other_key.<role>` and `forge.alg_none.<role>` are tokens
    /// for that actor's user that no server may accept.
    public func value(_ name: String) throws(UnknownVariable) -> JSONValue {
        if let value = values[name] { return value }
        let parts = name.split(separator: ".")
        if parts.count == 3, parts[0] == "forge", let subject = values["\(parts[2]).id"]?.stringValue {
            switch parts[1] {
            case "other_key": return .string(ForgedTokens.otherKey(subject: subject))
            case "alg_none": return .string(ForgedTokens.algNone(subject: subject))
            default: break
            }
        }
        throw UnknownVariable(name: name)
    }

    /// Replaces every `{name}` in `text` by the variable's text.
    public func substitute(_ text: String) throws(UnknownVariable) -> String {
        guard text.contains("{") else { return text }
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            output += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else {
                output += rest[open...]
                return output
            }
            let name = String(rest[rest.index(after: open)..<close])
            let value = try self.value(name)
            output += value.stringValue ?? value.jsonText
            rest = rest[rest.index(after: close)...]
        }
        return output + rest
    }
}

public struct UnknownVariable: Error, CustomStringConvertible {
    public let name: String
    public var description: String { "the contract uses {\(name)}, which no fixture or earlier step provides" }
}
