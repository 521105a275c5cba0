import AgentPlannerCore
import Foundation

/// Recognisers for the values a golden replaces with placeholders. Each is strict: a value is only called a
/// UUID, a timestamp, a JWT or a token when it really is one.
public enum ValueShapes {
    /// A lowercase RFC 4122/9562 UUID (version 1–8, variant 10xx), or the nil or max UUID, as v1's
    /// validator accepted them. `11111111-1111-1111-1111-111111111111` is not one (its variant is wrong).
    public static func isUUID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 36 else { return false }
        for (index, byte) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(index) {
                guard byte == UInt8(ascii: "-") else { return false }
            } else {
                guard isLowerHex(byte) else { return false }
            }
        }
        if text == "00000000-0000-0000-0000-000000000000" || text == "ffffffff-ffff-ffff-ffff-ffffffffffff" {
            return true
        }
        let version = bytes[14]
        let variant = bytes[19]
        return (UInt8(ascii: "1")...UInt8(ascii: "8")).contains(version)
            && [UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(variant)
    }

    /// An ISO-8601 date-time with a time zone (`Z` or an offset), as v1's timestamps were.
    public static func isTimestamp(_ text: String) -> Bool {
        TimestampFormat.parse(text) != nil
    }

    /// Three base64url segments whose first decodes to a JSON header naming an algorithm.
    public static func isJWT(_ text: String) -> Bool {
        guard text.utf8.count >= 5, text.hasPrefix("ey") else {
            // Every JWT header is a JSON object, so its base64url starts with "ey".
            return false
        }
        let parts = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count > 0, parts[1].count > 0 else { return false }
        guard parts.allSatisfy({ $0.allSatisfy(isBase64URL) }) else { return false }
        guard let header = base64URLDecode(String(decoding: parts[0], as: UTF8.self)),
            let object = try? JSONValue(jsonText: String(decoding: header, as: UTF8.self)),
            object["alg"]?.stringValue != nil
        else { return false }
        return true
    }

    /// 64 lowercase hex characters: a v1 API token.
    public static func isHexToken(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy(isLowerHex)
    }

    static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 45
            || byte == 95
    }

    static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
