import AgentPlannerCore

/// A JSON value whose strings may name run variables: `"{planId}"` alone becomes the variable's value
/// (of any JSON type); `"x-{run}"` inside a longer string is replaced as text.
public struct JSONValueTemplate: Sendable, ExpressibleByDictionaryLiteral {
    public let value: JSONValue

    public init(_ value: JSONValue) {
        self.value = value
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.value = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    func resolve(_ variables: RunVariables) throws -> JSONValue {
        try Self.resolve(value, variables)
    }

    private static func resolve(_ value: JSONValue, _ variables: RunVariables) throws -> JSONValue {
        switch value {
        case .string(let text):
            if text.hasPrefix("{"), text.hasSuffix("}"), text.dropFirst().dropLast().allSatisfy({ $0 != "{" && $0 != "}" }) {
                return try variables.value(String(text.dropFirst().dropLast()))
            }
            return .string(try variables.substitute(text))
        case .array(let items):
            return .array(try items.map { try resolve($0, variables) })
        case .object(let object):
            return .object(try object.mapValues { try resolve($0, variables) })
        default:
            return value
        }
    }
}
