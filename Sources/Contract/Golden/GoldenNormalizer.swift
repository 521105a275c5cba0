import AgentPlannerCore

/// Turns an answer into its golden form: values that differ on every run become placeholders, but only after
/// each was checked to be what its placeholder claims.
///
/// - a lowercase UUID → `<uuid:N>`; the same UUID gets the same N everywhere in the contract, so a golden still
///   proves that an answer refers to the right object. UUIDs inside longer strings are replaced too.
/// - an ISO-8601 timestamp → `<timestamp>`
/// - a JWT → `<jwt:N>`; 64 lowercase hex characters → `<token:N>`
/// - the run's unique token inside any string → `<run>`
///
/// Arrays at the `unordered` paths are sorted (by their elements with volatile values masked) before
/// placeholders are numbered, so their order cannot change the golden.
public struct GoldenNormalizer: Sendable {
    public let runToken: String?
    private var uuids: [String: Int] = [:]
    private var jwts: [String: Int] = [:]
    private var tokens: [String: Int] = [:]

    public init(runToken: String?) {
        self.runToken = runToken
    }

    public mutating func normalize(_ value: JSONValue, unordered: [JSONPath] = []) -> JSONValue {
        let sorted = Self.sortUnordered(value, unordered: unordered, at: [])
        return replace(sorted)
    }

    private mutating func replace(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(replace(text))
        case .array(let items):
            var output: [JSONValue] = []
            for item in items { output.append(replace(item)) }
            return .array(output)
        case .object(let object):
            var output: [String: JSONValue] = [:]
            // Sorted keys: placeholder numbers follow a stable order, not the server's key order.
            for key in object.keys.sorted() { output[key] = replace(object[key]!) }
            return .object(output)
        default:
            return value
        }
    }

    private mutating func replace(_ text: String) -> String {
        if ValueShapes.isUUID(text) { return placeholder("uuid", text, &uuids) }
        if ValueShapes.isTimestamp(text) { return "<timestamp>" }
        if ValueShapes.isJWT(text) { return placeholder("jwt", text, &jwts) }
        if ValueShapes.isHexToken(text) { return placeholder("token", text, &tokens) }
        var output = text
        if let runToken, !runToken.isEmpty {
            output = output.replacingOccurrences(of: runToken, with: "<run>")
        }
        return replaceEmbeddedUUIDs(output)
    }

    private mutating func replaceEmbeddedUUIDs(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > 36 else { return text }
        var output: [UInt8] = []
        var index = 0
        var changed = false
        while index < bytes.count {
            // Cheap shape test on the dashes first; only then build and check a candidate.
            if index + 36 <= bytes.count, bytes[index + 8] == 45, bytes[index + 13] == 45, bytes[index + 18] == 45,
                bytes[index + 23] == 45
            {
                let candidate = String(decoding: bytes[index..<index + 36], as: UTF8.self)
                if ValueShapes.isUUID(candidate) {
                    output += Array(placeholder("uuid", candidate, &uuids).utf8)
                    index += 36
                    changed = true
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return changed ? String(decoding: output, as: UTF8.self) : text
    }

    private func placeholder(_ kind: String, _ value: String, _ table: inout [String: Int]) -> String {
        if let number = table[value] { return "<\(kind):\(number)>" }
        let number = table.count + 1
        table[value] = number
        return "<\(kind):\(number)>"
    }

    private static func sortUnordered(_ value: JSONValue, unordered: [JSONPath], at path: [JSONPath.Segment])
        -> JSONValue
    {
        switch value {
        case .array(let items):
            var children = items.enumerated().map { index, item in
                sortUnordered(item, unordered: unordered, at: path + [.index(index)])
            }
            if unordered.contains(where: { $0.matches(path) }) {
                // Each sort key is computed once, not once per comparison.
                children = children.map { (masked($0).jsonText, $0) }.sorted { $0.0 < $1.0 }.map(\.1)
            }
            return .array(children)
        case .object(let object):
            var output: [String: JSONValue] = [:]
            for (key, child) in object {
                output[key] = sortUnordered(child, unordered: unordered, at: path + [.key(key)])
            }
            return .object(output)
        default:
            return value
        }
    }

    /// The value with run-specific strings masked: a sort key that is the same on every run.
    private static func masked(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            if ValueShapes.isUUID(text) { return "<uuid>" }
            if ValueShapes.isTimestamp(text) { return "<timestamp>" }
            if ValueShapes.isJWT(text) { return "<jwt>" }
            if ValueShapes.isHexToken(text) { return "<token>" }
            return value
        case .array(let items): return .array(items.map(masked))
        case .object(let object): return .object(object.mapValues(masked))
        default: return value
        }
    }
}
