import Credentials
import Foundation
import Persistence

/// A user's API tokens (ROUTES.md §4.1): v1's format (`APITokenFormat`), only the hash stored, the raw token shown
/// once at creation. No HTTP here.
struct APITokenService: Sendable {
    let store: any DatabaseStore

    func active(for caller: AuthenticatedUser) async throws -> [APIToken] {
        try await store.withSession { try await $0.apiTokens.listActive(userID: caller.id) }
    }

    /// The stored token and the raw value, which is never stored.
    func create(name: String, permissions: [String], for caller: AuthenticatedUser) async throws -> (token: APIToken, raw: String) {
        let raw = APITokenFormat.generate()
        let token = try await store.withSession { session in
            try await session.apiTokens.create(userID: caller.id, name: name, tokenHash: APITokenFormat.hash(raw), permissions: permissions)
        }
        return (token, raw)
    }

    /// Revoking an already revoked token of one's own succeeds again, as v1.
    func revoke(_ id: UUID, for caller: AuthenticatedUser) async throws {
        guard try await store.withSession({ try await $0.apiTokens.revoke(id: id, userID: caller.id) }) else {
            throw APIError(.notFound, "Token not found")
        }
    }
}
