import AgentPlannerCore
import Credentials
import Crypto
import Foundation

/// Encrypts integration secrets at rest with AES-256-GCM.
///
/// v2 writes `v2:<base64(nonce ‖ ciphertext ‖ tag)>` with a 12-byte nonce. It also reads v1's Slack bot-token
/// format, `<iv hex>:<auth tag hex>:<ciphertext hex>` with a 16-byte IV, under v1's key (SHA-256 of
/// `SLACK_ENCRYPTION_KEY`, else of v1's JWT secret), so migrated integrations keep working.
public struct SecretBox: Sendable {
    private let key: SymmetricKey
    private let legacyKey: SymmetricKey?

    public init(key: SymmetricKey, legacyKey: SymmetricKey? = nil) {
        self.key = key
        self.legacyKey = legacyKey
    }

    /// `secretsKey` is 32 bytes in base64, or any other text whose SHA-256 becomes the key.
    public init(secretsKey: String, legacySlackKey: String?) {
        self.init(key: Self.key(from: secretsKey), legacyKey: legacySlackKey.map(Self.derive))
    }

    public static func key(from text: String) -> SymmetricKey { SecretsKey.key(from: text) }

    /// SHA-256 of the text, as v1 derived its Slack key.
    public static func derive(_ text: String) -> SymmetricKey {
        SymmetricKey(data: Data(SHA256.hash(data: Data(text.utf8))))
    }

    public func seal(_ plaintext: String) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key)
        guard let combined = box.combined else { throw SecretError("cannot encode the sealed secret") }
        return "v2:" + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws(SecretError) -> String {
        if stored.hasPrefix("v2:") {
            guard let combined = Data(base64Encoded: String(stored.dropFirst(3))) else {
                throw SecretError("the stored secret is not valid base64")
            }
            do {
                return try text(AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key))
            } catch {
                throw SecretError("the stored secret cannot be decrypted with the configured AGENTPLANNER_SECRETS_KEY")
            }
        }
        let parts = stored.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let iv = Data(hex: parts[0]), let tag = Data(hex: parts[1]),
            let ciphertext = Data(hex: parts[2])
        else { throw SecretError("the stored secret is in no known format") }
        guard let legacyKey else { throw SecretError("a v1 secret needs SLACK_ENCRYPTION_KEY (or v1's JWT secret)") }
        do {
            let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: iv), ciphertext: ciphertext, tag: tag)
            return try text(AES.GCM.open(box, using: legacyKey))
        } catch {
            throw SecretError("the v1 secret cannot be decrypted with the configured SLACK_ENCRYPTION_KEY")
        }
    }

    private func text(_ data: Data) throws(SecretError) -> String {
        guard let text = String(data: data, encoding: .utf8) else { throw SecretError("the secret is not UTF-8 text") }
        return text
    }
}

public struct SecretError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension Data {
    init?(hex: String) {
        guard hex.count.isMultiple(of: 2) else { return nil }
        var bytes = [UInt8]()
        bytes.reserveCapacity(hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        self.init(bytes)
    }

    var hexString: String { Hex.encode(self) }
}
