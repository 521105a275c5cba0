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

/// Reads and writes golden files: under one folder (`golden/` in the repository, or `--golden-dir`), or from
/// the copy compiled into the binary (`EmbeddedGoldens`), which is read-only.
public struct GoldenStore: Sendable {
    /// The folder; nil for the embedded copy.
    public let root: URL?
    public let mode: GoldenMode
    private let embedded: [String: String]?

    public init(root: URL, mode: GoldenMode) {
        self.root = root
        self.mode = mode
        self.embedded = nil
    }

    /// The goldens compiled into this binary; never written (`--record` needs the repository's folder).
    public static func embedded(mode: GoldenMode) -> GoldenStore {
        GoldenStore(files: EmbeddedGoldens.files, mode: mode == .record ? .compare : mode)
    }

    init(files: [String: String], mode: GoldenMode) {
        self.root = nil
        self.mode = mode
        self.embedded = files
    }

    /// Where the goldens come from, for messages.
    public var location: String { root?.path ?? "the goldens built into this binary" }

    public func read(_ relativePath: String) throws -> JSONValue? {
        let text: String
        if let embedded {
            guard let stored = embedded[relativePath] else { return nil }
            text = stored
        } else {
            guard let root, let data = FileManager.default.contents(atPath: root.appendingPathComponent(relativePath).path)
            else { return nil }
            text = String(decoding: data, as: UTF8.self)
        }
        return try JSONValue(jsonText: text)
    }

    public func write(_ value: JSONValue, to relativePath: String) throws {
        precondition(mode == .record, "goldens are only written in record mode")
        guard let root else { throw GoldenStoreError.embeddedIsReadOnly }
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data((Self.prettyText(value) + "\n").utf8).write(to: url, options: .atomic)
    }

    /// Contract goldens stored that no contract in `known` uses.
    public func obsolete(known: Set<String>) -> [String] {
        if let embedded {
            return embedded.keys.filter { $0.hasPrefix("contracts/") && !known.contains($0) }.sorted()
        }
        guard let root else { return [] }
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

public enum GoldenStoreError: Error, CustomStringConvertible {
    case embeddedIsReadOnly
    public var description: String { "the built-in goldens cannot be recorded; pass --golden-dir with the repository's golden folder" }
}
