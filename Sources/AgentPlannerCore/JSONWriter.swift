/// Writes a `JSONValue` as compact JSON text with sorted keys, without recursion: a 1,000-level plan tree
/// is as easy as a flat one (Foundation's encoder stops at 512 levels), and it is several times faster than
/// going through `Codable`.
public enum JSONWriter {
    private enum Work {
        case value(JSONValue)
        case literal(String)
    }

    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        var stack: [Work] = [.value(value)]
        while let work = stack.popLast() {
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
                    stack.append(.literal("]"))
                    for (index, item) in items.enumerated().reversed() {
                        stack.append(.value(item))
                        if index > 0 { stack.append(.literal(",")) }
                    }
                case .object(let fields):
                    output.append(UInt8(ascii: "{"))
                    stack.append(.literal("}"))
                    let keys = fields.keys.sorted()
                    for (index, key) in keys.enumerated().reversed() {
                        stack.append(.value(fields[key]!))
                        var prefix: [UInt8] = index > 0 ? [UInt8(ascii: ",")] : []
                        writeString(key, into: &prefix)
                        prefix.append(UInt8(ascii: ":"))
                        stack.append(.literal(String(decoding: prefix, as: UTF8.self)))
                    }
                }
            }
        }
        return output
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
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): output.append(contentsOf: [92, 92])
            case 0x0A: output.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: output.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: output.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
