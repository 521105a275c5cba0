import EventDispatch
import Foundation
import Persistence

/// The GitHub token a user granted at GitHub sign-in, sealed with the server's secrets key in
/// `github_connections`: written by the sign-in callback, read by `GitHubRepoService`.
struct GitHubTokenVault: Sendable {
    let store: any DatabaseStore
    let secrets: SecretBox

    func keep(_ token: String, for userID: UUID) async throws {
        let sealed = try secrets.seal(token)
        try await store.transaction { session in
            try await session.githubConnections.save(userID: userID, sealedToken: sealed, scope: nil)
        }
    }

    /// The token, or nil when the user never signed in with GitHub or the secrets key changed since.
    func token(for userID: UUID) async throws -> String? {
        let sealed = try await store.withSession { session in try await session.githubConnections.sealedToken(userID: userID) }
        return sealed.flatMap { try? secrets.open($0) }
    }
}
