import AgentPlannerCore
import Crypto
import Foundation

/// v1's API token format: 32 random bytes as 64 lowercase hex characters, stored as unsalted SHA-256 hex.
public enum APITokenFormat {
    public static func generate() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Hex.encode($0) }
    }

    public static func hash(_ raw: String) -> String {
        Hex.encode(SHA256.hash(data: Data(raw.utf8)))
    }

    public static func isRawToken(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
