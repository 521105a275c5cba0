import AgentPlannerCore
import Crypto
import Foundation

/// v1's OAuth `state`: base64 of `{payload: "<JSON {userId, nonce, issuedAt}>", signature: "<hex HMAC-SHA256>"}`.
/// v2 adds `issuedAt` and refuses states older than ten minutes.
struct SlackOAuthState {
    let secret: String
    var lifetime: TimeInterval = 600

    func make(userID: UUID, now: Date = Date()) -> String {
        let payload: JSONValue = [
            "userId": .string(userID.uuidString.lowercased()), "nonce": .string(UUID().uuidString.lowercased()),
            "issuedAt": .number(now.timeIntervalSince1970.rounded()),
        ]
        let text = payload.jsonText
        let wrapper: JSONValue = ["payload": .string(text), "signature": .string(sign(text))]
        return Data(wrapper.jsonText.utf8).base64EncodedString()
    }

    /// The user the state was made for; the reason in v1's words otherwise.
    func verify(_ state: String, now: Date = Date()) -> Result<UUID, StateError> {
        guard let data = Data(base64Encoded: state), let wrapper = try? JSONValue(jsonText: String(decoding: data, as: UTF8.self)),
            let payload = wrapper["payload"]?.stringValue, let signature = wrapper["signature"]?.stringValue
        else { return .failure(StateError("invalid_state")) }
        guard signature.count == 64,
            HMAC<SHA256>.isValidAuthenticationCode(
                Self.bytes(hex: signature), authenticating: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        else { return .failure(StateError("invalid_state")) }
        guard let fields = try? JSONValue(jsonText: payload), let user = fields["userId"]?.stringValue.flatMap({ UUID(uuidString: $0) }),
            case .number(let issued)? = fields["issuedAt"], now.timeIntervalSince1970 - issued < lifetime
        else { return .failure(StateError("invalid_state")) }
        return .success(user)
    }

    private func sign(_ text: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    static func bytes(hex: String) -> Data {
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) {
            data.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return data
    }

    struct StateError: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}

/// Slack's request signing for inbound requests: `v0=<hex HMAC-SHA256(signing secret, "v0:<ts>:<body>")>`, with
/// the timestamp no more than five minutes off.
enum SlackRequestSignature {
    static func verify(secret: String, timestamp: String?, signature: String?, body: Data, now: Date = Date()) -> Bool {
        guard let timestamp, let seconds = Double(timestamp), abs(now.timeIntervalSince1970 - seconds) < 300,
            let signature, signature.hasPrefix("v0="), signature.count == 67
        else { return false }
        var signed = Data("v0:\(timestamp):".utf8)
        signed.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(
            SlackOAuthState.bytes(hex: String(signature.dropFirst(3))), authenticating: signed,
            using: SymmetricKey(data: Data(secret.utf8)))
    }
}
