import HummingbirdBcrypt
import NIOPosix

/// bcrypt, off the event loops. Verifies `$2a$`, `$2b$` and `$2y$` at any cost (Supabase stored `$2a$10$`);
/// hashes new passwords at the configured cost (10).
public struct PasswordHasher: Sendable {
    /// bcrypt only reads the first 72 bytes; longer passwords are refused rather than silently cut.
    public static let maximumBytes = 72
    public static let minimumCharacters = 6

    public let cost: UInt8

    public init(cost: UInt8 = 10) {
        self.cost = cost
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, against hash: String) async throws -> Bool {
        guard Self.isBcrypt(hash) else { return false }
        // `$2y$` (PHP's crypt_blowfish) is the same algorithm as `$2b$`; the C verifier knows `$2b$`.
        let normalized = hash.hasPrefix("$2y$") ? "$2b$" + hash.dropFirst(4) : hash
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: normalized) }
    }

    /// `$2[aby]$NN$` followed by 53 characters of bcrypt's base64.
    public static func isBcrypt(_ hash: String) -> Bool {
        let bytes = Array(hash.utf8)
        guard bytes.count == 60, bytes[0] == UInt8(ascii: "$"), bytes[1] == UInt8(ascii: "2"),
            [UInt8(ascii: "a"), UInt8(ascii: "b"), UInt8(ascii: "y")].contains(bytes[2]),
            bytes[3] == UInt8(ascii: "$"), bytes[6] == UInt8(ascii: "$"),
            (48...57).contains(bytes[4]), (48...57).contains(bytes[5])
        else { return false }
        return true
    }

    /// v1 relayed Supabase's password rules; the same messages here.
    public static func problem(with password: String) -> String? {
        if password.count < minimumCharacters { return "Password should be at least \(minimumCharacters) characters." }
        if password.utf8.count > maximumBytes { return "Password cannot be longer than \(maximumBytes) characters." }
        return nil
    }
}
