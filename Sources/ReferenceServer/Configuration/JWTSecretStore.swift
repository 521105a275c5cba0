import AgentPlannerCore
import Crypto
import Foundation
import Logging

/// Supplies the JWT signing secret in development when `JWT_SECRET` is unset: generated once, kept in the
/// data folder (mode 0600), and reused on the next start so sessions survive a restart.
public enum JWTSecretStore {
    public static let fileName = "jwt-secret"

    public static func resolve(_ configuration: ServerConfiguration, logger: Logger) throws -> ServerConfiguration {
        if configuration.jwtSecret != nil { return configuration }
        var resolved = configuration
        let path = configuration.dataDirectory + "/" + fileName
        if let existing = try? String(contentsOfFile: path, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines),
            existing.utf8.count >= ConfigurationLoader.minimumJWTSecretLength
        {
            resolved.jwtSecret = existing
            logger.warning("JWT_SECRET is not set; using the development secret in \(path)")
            return resolved
        }
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { bytes in
            Hex.encode(bytes)
        }
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.dataDirectory, withIntermediateDirectories: true)
            guard
                FileManager.default.createFile(
                    atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600])
            else {
                throw CocoaError(.fileWriteNoPermission)
            }
        } catch {
            throw ConfigurationError(problems: [
                .init("JWT_SECRET", "is not set and the data folder \(configuration.dataDirectory) is not writable")
            ])
        }
        logger.warning("JWT_SECRET is not set; generated a development secret in \(path)")
        resolved.jwtSecret = secret
        return resolved
    }
}
