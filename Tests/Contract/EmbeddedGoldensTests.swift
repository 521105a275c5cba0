import Contract
import Foundation
import TestSupport
import Testing

/// The binary carries its goldens (`EmbeddedGoldens`, a generated source): they must equal `golden/` byte for
/// byte. After a golden changes, `AGENTPLANNER_RECORD=1 swift test --filter EmbeddedGoldens` rewrites the source.
@Suite("Embedded goldens")
struct EmbeddedGoldensTests {
    static var folder: URL { GoldenFiles.url("") }
    static var source: URL {
        folder.deletingLastPathComponent().appendingPathComponent("Sources/Contract/Golden/EmbeddedGoldens.swift")
    }

    /// Every file under `golden/`, by relative path.
    static func filesOnDisk() throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder.path))
        while let item = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            let path = folder.appendingPathComponent(item).path
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            files[item] = FileManager.default.contents(atPath: path)
        }
        return files
    }

    static func render(_ files: [String: Data]) -> String {
        var lines = [
            "// Generated from golden/ by `AGENTPLANNER_RECORD=1 swift test --filter EmbeddedGoldens`; do not edit by hand.",
            "// The goldens travel inside the binary, so `agentplanner verify` runs anywhere from one copied file (SwiftPM",
            "// resources would be a separate folder beside the binary on Linux). A test proves this equals golden/.",
            "// swift-format-ignore-file",
            "import Foundation", "",
            "/// Every file under `golden/` (contract goldens and the schema golden), by path relative to it.",
            "public enum EmbeddedGoldens {",
            "    /// Path → the file's text.",
            "    public static let files: [String: String] = decoded([",
        ]
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            lines.append("        \"\(path)\": \"\(data.base64EncodedString())\",")
        }
        lines += [
            "    ])", "",
            "    private static func decoded(_ encoded: [String: String]) -> [String: String] {",
            "        encoded.mapValues { String(decoding: Data(base64Encoded: $0) ?? Data(), as: UTF8.self) }",
            "    }", "}", "",
        ]
        return lines.joined(separator: "\n")
    }

    @Test("the goldens built into the binary are exactly golden/ (contracts and schema)")
    func equalToFolder() throws {
        let onDisk = try Self.filesOnDisk()
        if ProcessInfo.processInfo.environment["AGENTPLANNER_RECORD"] == "1",
            ProcessInfo.processInfo.environment["CI"] != "true"
        {
            try Data(Self.render(onDisk).utf8).write(to: Self.source, options: .atomic)
        }
        let rendered = try String(contentsOf: Self.source, encoding: .utf8)
        #expect(rendered == Self.render(onDisk), "Sources/Contract/Golden/EmbeddedGoldens.swift is stale")
        #expect(onDisk.keys.contains("schema/postgres.txt"))
        let embedded = EmbeddedGoldens.files
        let stale = "run AGENTPLANNER_RECORD=1 swift test --filter EmbeddedGoldens"
        #expect(Set(onDisk.keys).subtracting(embedded.keys).sorted() == [], "not built in: \(stale)")
        #expect(Set(embedded.keys).subtracting(onDisk.keys).sorted() == [], "built in but gone from golden/: \(stale)")
        for (path, data) in onDisk { #expect(embedded[path] == String(decoding: data, as: UTF8.self), "\(path) differs") }
    }

    @Test("a store on the embedded goldens reads what the folder holds and refuses to record")
    func embeddedStore() throws {
        let embedded = GoldenStore.embedded(mode: .record)
        let folder = GoldenStore(root: Self.folder, mode: .compare)
        let path = "contracts/system/system.health.json"
        #expect(try embedded.read(path) != nil)
        #expect(try embedded.read(path) == folder.read(path))
        #expect(embedded.mode == .compare)
        #expect(embedded.root == nil)
    }
}
