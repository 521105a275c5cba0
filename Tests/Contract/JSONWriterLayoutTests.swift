import AgentPlannerCore
import Foundation
import TestSupport
import Testing

/// Goldens are written by `JSONWriter.prettyText`, the project's one serialiser; these prove its layout is the
/// one every golden on disk already has, and that it holds at depths Foundation's encoder refuses.
@Suite("JSON writer layout")
struct JSONWriterLayoutTests {
    static var goldenFiles: [URL] {
        let root = GoldenFiles.url("contracts")
        let found = FileManager.default.enumerator(atPath: root.path)?.compactMap { $0 as? String } ?? []
        return found.filter { $0.hasSuffix(".json") }.sorted().map { root.appendingPathComponent($0) }
    }

    @Test("re-writing every contract golden gives back its exact text")
    func goldensRoundTrip() throws {
        let files = Self.goldenFiles
        #expect(files.count > 40)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            let value = try JSONValue(jsonText: text)
            #expect(JSONWriter.prettyText(value) + "\n" == text, "\(file.lastPathComponent)")
        }
    }

    @Test("pretty layout of empty containers, nesting and escapes")
    func layout() {
        let value: JSONValue = ["b": [1, "x/y"], "a": .object([:]), "c": .array([]), "d": ["e": "line\nbreak"]]
        #expect(
            JSONWriter.prettyText(value) == """
                {
                  "a" : {

                  },
                  "b" : [
                    1,
                    "x/y"
                  ],
                  "c" : [

                  ],
                  "d" : {
                    "e" : "line\\nbreak"
                  }
                }
                """)
        #expect(JSONWriter.text(value) == #"{"a":{},"b":[1,"x/y"],"c":[],"d":{"e":"line\nbreak"}}"#)
    }

    @Test("2,000 levels write and read back")
    func deep() throws {
        var value: JSONValue = "leaf"
        for _ in 0..<2_000 { value = ["child": value] }
        let text = JSONWriter.prettyText(value)
        #expect(try JSONValue(jsonText: text) == value)
    }
}
