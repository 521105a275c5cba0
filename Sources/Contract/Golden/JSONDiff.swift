import AgentPlannerCore

/// A semantic difference between two JSON values: where, what was expected, what came.
public struct JSONDifference: Sendable, Equatable, CustomStringConvertible {
    public let path: JSONPath
    public let expected: JSONValue?
    public let actual: JSONValue?

    public var description: String {
        let expectedText = expected.map(Mismatch.render) ?? "(absent)"
        let actualText = actual.map(Mismatch.render) ?? "(absent)"
        return "\(path): expected \(expectedText), got \(actualText)"
    }
}

/// Compares JSON values key by key and index by index (arrays are already ordered by the normaliser where
/// their order does not count).
public enum JSONDiff {
    public static func differences(expected: JSONValue, actual: JSONValue, at path: JSONPath = .root)
        -> [JSONDifference]
    {
        switch (expected, actual) {
        case (.object(let left), .object(let right)):
            var found: [JSONDifference] = []
            for key in Set(left.keys).union(right.keys).sorted() {
                let child = path.appending(.key(key))
                switch (left[key], right[key]) {
                case (let l?, let r?): found += differences(expected: l, actual: r, at: child)
                case (let l?, nil): found.append(JSONDifference(path: child, expected: l, actual: nil))
                case (nil, let r?): found.append(JSONDifference(path: child, expected: nil, actual: r))
                case (nil, nil): break
                }
            }
            return found
        case (.array(let left), .array(let right)):
            var found: [JSONDifference] = []
            for index in 0..<max(left.count, right.count) {
                let child = path.appending(.index(index))
                if index < left.count, index < right.count {
                    found += differences(expected: left[index], actual: right[index], at: child)
                } else if index < left.count {
                    found.append(JSONDifference(path: child, expected: left[index], actual: nil))
                } else {
                    found.append(JSONDifference(path: child, expected: nil, actual: right[index]))
                }
            }
            return found
        default:
            return expected == actual ? [] : [JSONDifference(path: path, expected: expected, actual: actual)]
        }
    }
}
