import Crypto
import Foundation

/// The key that seals integration secrets (AES-256-GCM) at rest, from the text an operator configures: the
/// server's `AGENTPLANNER_SECRETS_KEY`, and the same value given to `migrate` (`--v2-secret-key`), which
/// re-encrypts v1's Slack tokens for that server. One derivation for both, or the server could not open what the
/// migration sealed.
public enum SecretsKey {
    /// The server's variable, which `migrate` reads too.
    public static let environmentName = "AGENTPLANNER_SECRETS_KEY"
    public static let minimumLength = 32

    /// 32 bytes in base64, or else the SHA-256 of the text.
    public static func key(from text: String) -> SymmetricKey {
        if let data = Data(base64Encoded: text), data.count == 32 { return SymmetricKey(data: data) }
        return SymmetricKey(data: Data(SHA256.hash(data: Data(text.utf8))))
    }

    /// Why `text` cannot be the key, or nil.
    public static func problem(with text: String) -> String? {
        text.utf8.count < minimumLength ? "must be at least \(minimumLength) characters (or 32 bytes in base64)" : nil
    }
}
