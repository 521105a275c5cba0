import AgentPlannerCore

/// A path into a JSON value: `$`, `$.plans`, `$.plans[0].id`, `$.plans[*].collaborators`.
public struct JSONPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public enum Segment: Sendable, Hashable {
        case key(String)
        case index(Int)
        case everyElement
    }

    public let segments: [Segment]

    public init(segments: [Segment]) {
        self.segments = segments
    }

    /// Parses `$.a.b[0][*]`; a malformed path is a programming error in a contract.
    public init(stringLiteral text: String) {
        self.init(parsing: text)
    }

    public init(parsing text: String) {
        var segments: [Segment] = []
        var rest = Substring(text)
        precondition(rest.hasPrefix("$"), "JSON path must start with $: \(text)")
        rest = rest.dropFirst()
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let key = rest.prefix { $0 != "." && $0 != "[" }
                segments.append(.key(String(key)))
                rest = rest.dropFirst(key.count)
            } else if first == "[" {
                let inner = rest.dropFirst().prefix { $0 != "]" }
                segments.append(inner == "*" ? .everyElement : .index(Int(inner) ?? 0))
                rest = rest.dropFirst(inner.count + 2)
            } else {
                preconditionFailure("malformed JSON path: \(text)")
            }
        }
        self.segments = segments
    }

    public static let root = JSONPath(segments: [])

    public func appending(_ segment: Segment) -> JSONPath {
        JSONPath(segments: segments + [segment])
    }

    public var description: String {
        "$"
            + segments.map { segment in
                switch segment {
                case .key(let key): ".\(key)"
                case .index(let index): "[\(index)]"
                case .everyElement: "[*]"
                }
            }.joined()
    }

    /// The value at this path (the first one, for `[*]`), or nil.
    public func value(in json: JSONValue) -> JSONValue? {
        var current = json
        for segment in segments {
            switch (segment, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                current = next
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else { return nil }
                current = items[index]
            case (.everyElement, .array(let items)):
                guard let first = items.first else { return nil }
                current = first
            default:
                return nil
            }
        }
        return current
    }

    /// `json` with the value at this path (indices and keys only) replaced.
    public func replacing(in json: JSONValue, with replacement: JSONValue) -> JSONValue {
        Self.replace(json, Array(segments[...]), replacement)
    }

    private static func replace(_ json: JSONValue, _ segments: [Segment], _ replacement: JSONValue) -> JSONValue {
        guard let first = segments.first else { return replacement }
        let rest = Array(segments.dropFirst())
        switch (first, json) {
        case (.key(let key), .object(var object)):
            guard let child = object[key] else { return json }
            object[key] = replace(child, rest, replacement)
            return .object(object)
        case (.index(let index), .array(var items)):
            guard items.indices.contains(index) else { return json }
            items[index] = replace(items[index], rest, replacement)
            return .array(items)
        case (.everyElement, .array(let items)):
            return .array(items.map { replace($0, rest, replacement) })
        default:
            return json
        }
    }

    /// True when `concrete` (indices only) is matched by this path (which may use `[*]`).
    func matches(_ concrete: [Segment]) -> Bool {
        guard segments.count == concrete.count else { return false }
        return zip(segments, concrete).allSatisfy { pattern, actual in
            switch (pattern, actual) {
            case (.everyElement, .index): true
            default: pattern == actual
            }
        }
    }
}
