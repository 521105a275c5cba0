import AgentPlannerCore
import Credentials
import Crypto
import Foundation

/// SHA-256 as lowercase hex (v1's API-token hash, the archive checksums).
enum FixtureCrypto {
    static func sha256Hex(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }
}

/// v1's Slack bot-token encryption (SCHEMA.md §5.3): AES-256-GCM under SHA-256 of the key string, stored as
/// `hex(iv):hex(tag):hex(ciphertext)`.
public struct V1SlackCipher: Sendable {
    let key: SymmetricKey

    /// The v1 rule: `SLACK_ENCRYPTION_KEY` if set, else `JWT_SECRET`.
    public init?(slackEncryptionKey: String?, jwtSecret: String?) {
        guard let material = slackEncryptionKey ?? jwtSecret, !material.isEmpty else { return nil }
        key = SymmetricKey(data: SHA256.hash(data: Data(material.utf8)))
    }

    public func encrypt(_ plaintext: String, nonce: [UInt8]) throws -> String {
        let box = try AES.GCM.seal(Data(plaintext.utf8), using: key, nonce: AES.GCM.Nonce(data: nonce))
        return [Data(nonce), box.tag, box.ciphertext].map(Self.hex).joined(separator: ":")
    }

    public func decrypt(_ stored: String) throws -> String {
        let parts = stored.split(separator: ":").map { Self.bytes(String($0)) }
        guard parts.count == 3, let iv = parts[0], let tag = parts[1], let ciphertext = parts[2] else {
            throw MigrationFailure("a Slack bot token is not in v1's iv:tag:ciphertext form")
        }
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: iv), ciphertext: ciphertext, tag: tag)
        guard let text = String(data: try AES.GCM.open(box, using: key), encoding: .utf8) else {
            throw MigrationFailure("a Slack bot token decrypted to bytes that are not UTF-8")
        }
        return text
    }

    static func hex(_ data: Data) -> String { Hex.encode(data) }

    static func bytes(_ hex: String) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        var data = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}

/// How v2 stores integration secrets (`messaging_integrations.secret`): `v2:` + base64 of AES-256-GCM's combined
/// nonce‖ciphertext‖tag, under SHA-256 of the v2 secret key.
public struct V2SecretBox: Sendable {
    let key: SymmetricKey

    public init?(secretKey: String?) {
        guard let secretKey, !secretKey.isEmpty else { return nil }
        // As the server derives its key from AGENTPLANNER_SECRETS_KEY, or it could not open these.
        key = SecretsKey.key(from: secretKey)
    }

    public func seal(_ plaintext: String) throws -> String {
        guard let combined = try AES.GCM.seal(Data(plaintext.utf8), using: key).combined else {
            throw MigrationFailure("AES-GCM gave no combined form")
        }
        return "v2:" + combined.base64EncodedString()
    }

    public func open(_ stored: String) throws -> String {
        guard stored.hasPrefix("v2:"), let data = Data(base64Encoded: String(stored.dropFirst(3))) else {
            throw MigrationFailure("a v2 secret is not in the v2:base64 form")
        }
        let box = try AES.GCM.SealedBox(combined: data)
        guard let text = String(data: try AES.GCM.open(box, using: key), encoding: .utf8) else {
            throw MigrationFailure("a v2 secret decrypted to bytes that are not UTF-8")
        }
        return text
    }
}
