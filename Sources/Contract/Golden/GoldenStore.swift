import AgentPlannerCore
import Foundation

/// How goldens are treated in a run.
public enum GoldenMode: Sendable, Equatable {
    /// Compare; a missing golden fails and says how to record it.
    case compare
    /// Write missing and changed goldens (never under `CI=true`).
    case record
    /// Compare only; nothing is ever written, a missing golden fails, unused goldens are reported.
    case ci

    /// `record` when asked and not on CI; `ci` under `CI=true`; else `compare`.
    public static func resolve(recordRequested: Bool, environment: [String: String]) -> GoldenMode {
        if environment["CI"] == "true" { return .ci }
        return recordRequested ? .record : .compare
    }
}

/// Reads and writes golden files under one folder (`golden/` in the repository).
public struct GoldenStore: Sendable {
    public let root: URL
    public let mode: GoldenMode

    public init(root: URL, mode: GoldenMode) {
        self.root = root
        self.mode = mode
    }

    public func read(_ relativePath: String) throws -> JSONValue? {
        let url = root.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try JSONValue(jsonText: String(decoding: data, as: UTF8.self))
    }

    public func write(_ value: JSONValue, to relativePath: String) throws {
        precondition(mode == .record, "goldens are only written in record mode")
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((Self.prettyText(value) + "\n").utf8).write(to: url, options: .atomic)
    }

    /// Contract goldens on disk that no contract in `known` uses.
    public func obsolete(known: Set<String>) -> [String] {
        let folder = root.appendingPathComponent("contracts")
        guard let enumerator = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        var found: [String] = []
        while let item = enumerator.nextObject() as? String {
            guard item.hasSuffix(".json") else { continue }
            let relative = "contracts/" + item
            if !known.contains(relative) { found.append(relative) }
        }
        return found.sorted()
    }

    /// Two-space indented JSON with sorted keys, so goldens diff well in review.
    static func prettyText(_ value: JSONValue) -> String {
        JSONWriter.prettyText(value)
    }
}
