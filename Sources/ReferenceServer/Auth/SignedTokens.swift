import AgentPlannerCore
import Crypto
import Foundation

/// Short-lived, self-contained tokens signed with HMAC-SHA256 under `JWT_SECRET`: password reset, email
/// confirmation, OAuth state. A token states its purpose, subject, expiry and a binding value; it is valid only
/// while the binding still holds (a reset token binds the current password hash, so it works once).
public struct SignedTokens: Sendable {
    public enum Purpose: String, Sendable {
        case passwordReset = "reset"
        case emailConfirmation = "confirm"
        case oauthState = "state"
    }

    private let key: SymmetricKey

    public init(secret: String) {
        // A key of its own, derived from the secret, so these tokens can never pass as JWTs or vice versa.
        key = SymmetricKey(data: SHA256.hash(data: Data(("signed-tokens:" + secret).utf8)))
    }

    public func make(_ purpose: Purpose, subject: String, binding: String, lifetime: TimeInterval, now: Date = Date())
        -> String
    {
        let payload = JSONValue.object([
            "p": .string(purpose.rawValue), "s": .string(subject),
            "e": .number((now.timeIntervalSince1970 + lifetime).rounded()),
            "b": .string(Self.digest(binding)),
        ])
        let body = Self.base64URL(Data(payload.jsonText.utf8))
        return body + "." + Self.base64URL(Data(HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key)))
    }

    /// The subject, when the token is genuine, of this purpose, unexpired and still bound to `binding(subject)`.
    public func open(
        _ token: String, _ purpose: Purpose, now: Date = Date(), binding: (String) async throws -> String?
    ) async rethrows -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let signature = Self.base64URLDecode(String(parts[1])),
            HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: Data(parts[0].utf8), using: key),
            let payloadData = Self.base64URLDecode(String(parts[0])),
            let payload = try? JSONValue(jsonText: String(decoding: payloadData, as: UTF8.self)),
            payload["p"]?.stringValue == purpose.rawValue, let subject = payload["s"]?.stringValue,
            case .number(let expiry)? = payload["e"], expiry > now.timeIntervalSince1970,
            let bound = payload["b"]?.stringValue
        else { return nil }
        guard let current = try await binding(subject), Self.digest(current) == bound else { return nil }
        return subject
    }

    static func digest(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)).prefix(16))
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func base64URLDecode(_ text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
