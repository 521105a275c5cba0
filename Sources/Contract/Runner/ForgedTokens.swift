import AgentPlannerCore
import Crypto
import Foundation

/// Tokens no server should accept, for the authentication matrix: HS256 signed with a key the server does not
/// have, and `alg: none`. Both carry otherwise valid Supabase-shaped claims for a real user.
enum ForgedTokens {
    static func otherKey(subject: String) -> String {
        let header = encode(["alg": "HS256", "typ": "JWT"])
        let body = encode(claims(subject))
        let key = SymmetricKey(size: .bits256)
        let signature = HMAC<SHA256>.authenticationCode(for: Data("\(header).\(body)".utf8), using: key)
        return "\(header).\(body).\(base64URL(Data(signature)))"
    }

    static func algNone(subject: String) -> String {
        "\(encode(["alg": "none", "typ": "JWT"])).\(encode(claims(subject)))."
    }

    private static func claims(_ subject: String) -> JSONValue {
        let now = Date().timeIntervalSince1970.rounded(.down)
        return [
            "sub": .string(subject), "aud": "authenticated", "role": "authenticated", "iss": "agentplanner",
            "iat": .number(now), "exp": .number(now + 3600), "session_id": .string(UUID().uuidString.lowercased()),
        ]
    }

    private static func encode(_ value: JSONValue) -> String {
        base64URL(Data(value.jsonText.utf8))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
