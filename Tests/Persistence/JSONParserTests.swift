import AgentPlannerCore
import Foundation
import Testing

/// The project's JSON reader: the same values as Foundation's decoder on valid text, clear errors on invalid
/// text, and no depth limit. Where Foundation is lenient (trailing commas) or keeps the first of repeated keys,
/// it reads as v1's `JSON.parse` did: trailing commas refused, the last repeated key kept.
@Suite("JSON parser")
struct JSONParserTests {
    static func foundation(_ text: String) throws -> JSONValue {
        try JSONDecoder().decode(FoundationJSON.self, from: Data(text.utf8)).value
    }

    static let valid = [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e"}}"#, #"  [ 1 , -2.5 , 3e2 , -0 , 0.125E-3 ]  "#, #""plain""#, "42", "null",
        #"{"esc":"quote \" backslash \\ slash \/ \b\f\n\r\t","uni":"\u00e9\u4e2d\ud83d\ude00","raw":"é中😀"}"#,
        #"[[],{},[[]],{"a":{}}]"#, #"{"n":1.7976931348623157e308,"tiny":5e-324}"#,
        #"{"nul":"\u0000","ctl":"\u001f"}"#,
    ]

    @Test("valid text reads as Foundation reads it", arguments: valid)
    func sameAsFoundation(text: String) throws {
        #expect(try JSONParser.parse(text) == (try Self.foundation(text)))
    }

    @Test("a repeated key keeps its last value, as JSON.parse does")
    func repeatedKey() throws {
        #expect(try JSONParser.parse(#"{"dup":1,"other":true,"dup":2}"#) == ["dup": 2, "other": true])
    }

    @Test("random documents round-trip through the writer and read as Foundation reads them")
    func randomDocuments() throws {
        var generator = SystemRandomNumberGenerator()
        func random(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0...(depth > 3 ? 3 : 5), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .number(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / 64)
            case 3: return .string(String((0..<Int.random(in: 0...12, using: &generator)).map { _ in "aé\"\\\n😀/\u{1}".randomElement()! }))
            case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in random(depth + 1) })
            default:
                return .object(Dictionary((0..<Int.random(in: 0...4, using: &generator)).map { ("k\($0)", random(depth + 1)) }) { $1 })
            }
        }
        for _ in 0..<300 {
            let value = random(0)
            let text = value.jsonText
            #expect(try JSONParser.parse(text) == value, "\(text)")
            #expect(try JSONParser.parse(text) == (try Self.foundation(text)), "\(text)")
        }
    }

    static let invalid: [(String, String)] = [
        ("", "unexpected end of text"), ("[1,]", "unexpected character"), (#"{"a":1,}"#, "expected a member name"),
        ("01", "cannot start with 0"), ("[1 2]", "expected ',' or ']'"), (#"{"a" 1}"#, "':' after a member name"),
        (#""open"#, "unterminated string"), ("\"tab\there\"", "control character"), (#""\ud800""#, "high surrogate"),
        (#""\udc00""#, "low surrogate"), (#""\x""#, "invalid escape"), ("1e999", "does not fit"), ("tru", "unexpected"),
        ("[1] 2", "text after the JSON value"), ("-", "expected a digit"), ("1.", "after '.'"), ("{'a':1}", "member name"),
    ]

    /// Texts Foundation's decoder accepts although they are not JSON (JSON.parse refused them).
    static let foundationLenient: Set<String> = ["[1,]", #"{"a":1,}"#]

    @Test("invalid text is refused with what and where", arguments: invalid)
    func refused(text: String, message: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
        do {
            _ = try JSONParser.parse(text)
        } catch let failure as JSONParser.Failure {
            #expect(failure.message.contains(message), "\(text): \(failure)")
            #expect(failure.offset <= text.utf8.count)
        } catch {
            Issue.record("unexpected error \(error)")
        }
        if !Self.foundationLenient.contains(text) {
            #expect((try? Self.foundation(text)) == nil, "Foundation accepts \(text)")
        }
    }

    @Test("100,000 levels read without recursion")
    func deep() throws {
        let depth = 100_000
        let text = String(repeating: "[", count: depth) + "7" + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == depth && value == .number(7))
    }
}

@Suite("Hex")
struct HexTests {
    @Test("lowercase hex, two digits a byte, as SHA-256 test vectors print it")
    func vectors() {
        #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode(Array(repeating: UInt8(0xab), count: 32)) == String(repeating: "ab", count: 32))
    }
}

/// Foundation's reading of a JSON value: the independent oracle these tests compare the project's parser with
/// (the library itself has one reader and one writer and no `Codable` conformance).
private struct FoundationJSON: Decodable {
    let value: JSONValue

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let flag = try? container.decode(Bool.self) {
            value = .bool(flag)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let text = try? container.decode(String.self) {
            value = .string(text)
        } else if let items = try? container.decode([FoundationJSON].self) {
            value = .array(items.map(\.value))
        } else if let fields = try? container.decode([String: FoundationJSON].self) {
            value = .object(fields.mapValues(\.value))
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a JSON value")
        }
    }
}

@Suite("JSON writer strings")
struct JSONWriterStringTests {
    @Test("every escape class and non-ASCII text survive writing and parsing, and the bytes are the standard escapes")
    func escapesRoundTrip() throws {
        let samples = [
            "", "plain", "quote \" and backslash \\", "\n\r\t\u{8}\u{C}", "\u{0}\u{1}\u{1F} control",
            "é ü 漢字 🚀", "\"\"\\\\", "ends with escape\n", "\nstarts with escape", String(repeating: "long run ", count: 200),
        ]
        for sample in samples {
            let written = JSONWriter.text(.string(sample))
            #expect(try JSONParser.parse(written) == .string(sample), "\(sample.debugDescription)")
        }
        #expect(JSONWriter.text(.string("a\"b\\c\nd\u{1}e")) == #""a\"b\\c\nd\u0001e""#)
    }
}
