import AgentPlannerCore
import Foundation
import Persistence

/// A user's own account: the profile (v1's Supabase user metadata) and the GitHub link made at sign-in
/// (DECISIONS.md §D3). Sessions, passwords and mails are `AuthService`'s. No HTTP here.
struct AccountService: Sendable {
    let store: any DatabaseStore

    /// Profile keys present in a request; `null` clears one. Keys that are absent keep their value (v1's
    /// "undefined keeps old value").
    struct ProfileChanges: Sendable {
        var fields: [String: JSONValue] = [:]
    }

    func user(_ id: UUID) async throws -> User {
        guard let user = try await store.withSession({ try await $0.users.find(id: id) }) else {
            throw APIError(.notFound, "User not found")
        }
        return user
    }

    func user(email: String) async throws -> User? {
        try await store.withSession { try await $0.users.find(email: email) }
    }

    /// `name` and `avatar_url` go to their columns and, as in v1, into the metadata with `organization`.
    func updateProfile(_ id: UUID, _ changes: ProfileChanges) async throws -> User {
        let updated = try await store.withSession { session -> User? in
            guard let user = try await session.users.find(id: id) else { return nil }
            var metadata = user.metadata.objectValue ?? [:]
            var name = user.name
            var avatar = user.avatarURL
            if let value = changes.fields["name"] {
                name = value.stringValue
                metadata["name"] = value
            }
            if let value = changes.fields["organization"] { metadata["organization"] = value }
            if let value = changes.fields["avatar_url"] {
                avatar = value.stringValue
                metadata["avatar_url"] = value
            }
            return try await session.users.updateProfile(id: user.id, name: name, avatarURL: avatar, metadata: .object(metadata))
        }
        guard let updated else { throw APIError(.notFound, "User not found") }
        return updated
    }

    /// GitHub id first, then the email without case (linking the account), else a new user without a password.
    func signIn(_ account: GitHubClient.Account, email: String) async throws -> User {
        try await store.transaction { session in
            if let user = try await session.users.find(githubID: account.id) {
                try await session.users.linkGitHub(
                    id: user.id, githubID: account.id, username: account.login, avatarURL: account.avatarURL)
                return try await session.users.find(id: user.id) ?? user
            }
            if let user = try await session.users.find(email: email) {
                try await session.users.linkGitHub(
                    id: user.id, githubID: account.id, username: account.login, avatarURL: account.avatarURL)
                return try await session.users.find(id: user.id) ?? user
            }
            var metadata: [String: JSONValue] = ["email_verified": true, "user_name": .string(account.login)]
            if let name = account.name { metadata["name"] = .string(name) }
            let created = try await session.users.create(
                NewUser(
                    email: email.lowercased(), name: account.name ?? account.login, passwordHash: nil,
                    emailConfirmedAt: Date(), metadata: .object(metadata), githubID: account.id,
                    githubUsername: account.login))
            try await session.users.linkGitHub(
                id: created.id, githubID: account.id, username: account.login, avatarURL: account.avatarURL)
            return try await session.users.find(id: created.id) ?? created
        }
    }
}
