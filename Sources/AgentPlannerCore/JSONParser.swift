/// Reads JSON text (RFC 8259) into a `JSONValue` without recursion and without `Codable`: a 1,000-level plan
/// is as easy as a flat one (Foundation's decoder stops at 512 levels), and it is several times faster — it is
/// on the hot path of every request body, every `jsonb` column read and every dispatched delivery.
///
/// Numbers are read as `Double` (as `JSONValue` holds them); one that does not fit is an error, as are trailing
/// commas, leading zeros, unescaped control characters and lone surrogates. A repeated key keeps its last value.
public enum JSONParser {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public let message: String
        /// Byte offset into the UTF-8 text.
        public let offset: Int

        public var description: String { "invalid JSON at byte \(offset): \(message)" }
    }

    public static func parse(_ text: String) throws -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes)
            return try reader.document()
        }
    }

    private enum Frame {
        case array([JSONValue])
        case object([String: JSONValue], key: String)
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        func fail(_ message: String) -> Failure { Failure(message: message, offset: index) }

        mutating func skipSpace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func expect(_ byte: UInt8, _ what: String) throws {
            skipSpace()
            guard current == byte else { throw fail("expected \(what)") }
            index += 1
        }

        mutating func document() throws -> JSONValue {
            var stack: [Frame] = []
            while true {
                // Read one value, or open a container and go on to its first element.
                skipSpace()
                guard let byte = current else { throw fail("unexpected end of text") }
                var value: JSONValue
                switch byte {
                case UInt8(ascii: "{"):
                    index += 1
                    skipSpace()
                    if current == UInt8(ascii: "}") {
                        index += 1
                        value = .object([:])
                    } else {
                        stack.append(.object([:], key: try memberName()))
                        continue
                    }
                case UInt8(ascii: "["):
                    index += 1
                    skipSpace()
                    if current == UInt8(ascii: "]") {
                        index += 1
                        value = .array([])
                    } else {
                        stack.append(.array([]))
                        continue
                    }
                case UInt8(ascii: "\""): value = .string(try string())
                case UInt8(ascii: "t"): value = try literal("true", .bool(true))
                case UInt8(ascii: "f"): value = try literal("false", .bool(false))
                case UInt8(ascii: "n"): value = try literal("null", .null)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try number())
                default: throw fail("unexpected character")
                }
                // Put the value into its container; close every container that ends here.
                while true {
                    guard let frame = stack.popLast() else {
                        skipSpace()
                        guard index == bytes.count else { throw fail("text after the JSON value") }
                        return value
                    }
                    skipSpace()
                    switch frame {
                    case .array(var items):
                        items.append(value)
                        if current == UInt8(ascii: ",") {
                            index += 1
                            stack.append(.array(items))
                        } else if current == UInt8(ascii: "]") {
                            index += 1
                            value = .array(items)
                            continue
                        } else {
                            throw fail("expected ',' or ']'")
                        }
                    case .object(var fields, let key):
                        fields[key] = value
                        if current == UInt8(ascii: ",") {
                            index += 1
                            stack.append(.object(fields, key: try memberName()))
                        } else if current == UInt8(ascii: "}") {
                            index += 1
                            value = .object(fields)
                            continue
                        } else {
                            throw fail("expected ',' or '}'")
                        }
                    }
                    break
                }
            }
        }

        /// A member name and its colon.
        mutating func memberName() throws -> String {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
            let name = try string()
            try expect(UInt8(ascii: ":"), "':' after a member name")
            return name
        }

        mutating func literal(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
            let count = word.utf8CodeUnitCount
            guard index + count <= bytes.count else { throw fail("unexpected end of text") }
            for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
                throw fail("unexpected character")
            }
            index += count
            return value
        }

        mutating func digits() -> Int {
            let start = index
            while let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { index += 1 }
            return index - start
        }

        mutating func number() throws -> Double {
            let start = index
            if current == UInt8(ascii: "-") { index += 1 }
            if current == UInt8(ascii: "0") {
                index += 1
                if let byte = current, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    throw fail("a number cannot start with 0")
                }
            } else if digits() == 0 {
                throw fail("expected a digit")
            }
            if current == UInt8(ascii: ".") {
                index += 1
                guard digits() > 0 else { throw fail("expected a digit after '.'") }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { throw fail("expected a digit in the exponent") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let number = Double(text), number.isFinite else {
                index = start
                throw fail("number \(text) does not fit a double")
            }
            return number
        }

        /// A string, from its opening quote to past its closing one.
        mutating func string() throws -> String {
            index += 1
            let start = index
            // Fast path: no escapes.
            while let byte = current {
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw fail("control character in a string") }
                index += 1
            }
            guard current != nil else { throw fail("unterminated string") }
            var output = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            while let byte = current {
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: output, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    try escape(into: &output)
                case 0..<0x20:
                    throw fail("control character in a string")
                default:
                    output.append(byte)
                    index += 1
                }
            }
            throw fail("unterminated string")
        }

        mutating func escape(into output: inout [UInt8]) throws {
            guard let byte = current else { throw fail("unterminated string") }
            index += 1
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                        throw fail("a high surrogate without its low surrogate")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw fail("a high surrogate without its low surrogate") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw fail("a low surrogate without its high surrogate")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                UTF8.encode(unicode) { output.append($0) }
            default:
                index -= 1
                throw fail("invalid escape")
            }
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= bytes.count else { throw fail("unterminated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw fail("invalid \\u escape")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }
    }
}
