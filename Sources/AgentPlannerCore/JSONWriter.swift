/// The project's one JSON serialiser: writes a `JSONValue` as compact (or pretty) JSON text with sorted keys,
/// without recursion: a 1,000-level plan tree is as easy as a flat one (Foundation's encoder stops at 512
/// levels), and it is several times faster than going through `Codable`.
public enum JSONWriter {
    private enum Work {
        case value(JSONValue)
        case literal(String)
    }

    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        write(value, pretty: false, into: &output)
        return output
    }

    /// Appends the compact text of `value`, for writers that build a larger answer around it.
    public static func append(_ value: JSONValue, to output: inout [UInt8]) {
        write(value, pretty: false, into: &output)
    }

    /// Appends `text` as a JSON string literal, quoted and escaped.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        writeString(text, into: &output)
    }

    /// Indented text in Foundation's `.prettyPrinted` layout (two spaces, `"key" : value`, an empty container
    /// as an opening line, a blank line and a closing line): the layout of the golden files, at any depth.
    public static func prettyText(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        write(value, pretty: true, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, pretty: Bool, into output: inout [UInt8]) {
        var stack: [(work: Work, depth: Int)] = [(.value(value), 0)]
        func newline(_ depth: Int) -> String { pretty ? "\n" + String(repeating: "  ", count: depth) : "" }
        while let (work, depth) = stack.popLast() {
            switch work {
            case .literal(let text):
                output.append(contentsOf: text.utf8)
            case .value(let value):
                switch value {
                case .null: output.append(contentsOf: "null".utf8)
                case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
                case .number(let number): output.append(contentsOf: format(number).utf8)
                case .string(let text): writeString(text, into: &output)
                case .array(let items):
                    output.append(UInt8(ascii: "["))
                    if items.isEmpty, pretty {
                        output.append(contentsOf: ("\n" + newline(depth) + "]").utf8)
                        continue
                    }
                    stack.append((.literal(newline(depth) + "]"), depth))
                    for (index, item) in items.enumerated().reversed() {
                        stack.append((.value(item), depth + 1))
                        stack.append((.literal((index > 0 ? "," : "") + newline(depth + 1)), depth))
                    }
                case .object(let fields):
                    output.append(UInt8(ascii: "{"))
                    if fields.isEmpty, pretty {
                        output.append(contentsOf: ("\n" + newline(depth) + "}").utf8)
                        continue
                    }
                    stack.append((.literal(newline(depth) + "}"), depth))
                    let keys = fields.keys.sorted()
                    for (index, key) in keys.enumerated().reversed() {
                        stack.append((.value(fields[key]!), depth + 1))
                        var prefix: [UInt8] = index > 0 ? [UInt8(ascii: ",")] : []
                        prefix.append(contentsOf: newline(depth + 1).utf8)
                        writeString(key, into: &prefix)
                        prefix.append(contentsOf: (pretty ? " : " : ":").utf8)
                        stack.append((.literal(String(decoding: prefix, as: UTF8.self)), depth))
                    }
                }
            }
        }
    }

    public static func text(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    /// Whole numbers print without a fraction, as JavaScript and Postgres print them.
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 9.007_199_254_740_992e15 { return String(Int64(number)) }
        return number.isFinite ? "\(number)" : "null"
    }

    static func writeString(_ text: String, into output: inout [UInt8]) {
        var text = text
        output.append(UInt8(ascii: "\""))
        // Runs of bytes that need no escape are copied whole: one append per byte was the writer's main cost.
        text.withUTF8 { bytes in
            var start = 0
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                appendEscape(byte, into: &output)
                start = index + 1
            }
            if start < bytes.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
        case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
        case 0x0A: output.append(contentsOf: [92, UInt8(ascii: "n")])
        case 0x0D: output.append(contentsOf: [92, UInt8(ascii: "r")])
        case 0x09: output.append(contentsOf: [92, UInt8(ascii: "t")])
        case 0x08: output.append(contentsOf: [92, UInt8(ascii: "b")])
        case 0x0C: output.append(contentsOf: [92, UInt8(ascii: "f")])
        default:
            let hex = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
