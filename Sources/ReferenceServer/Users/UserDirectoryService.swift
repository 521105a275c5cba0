import Foundation
import Persistence

/// The user directory, capability tags and an agent's task inbox (ROUTES.md §4.7, §5.1, §5.4). No HTTP here.
///
/// v1 listed and searched every account for every caller and let anyone read anyone's tags. v2 shows a caller
/// themself and the people who share a plan with them (`UserDirectoryRepository`); search also finds an account
/// by its exact email, so people can still be found to share with.
struct UserDirectoryService: Sendable {
    let store: any DatabaseStore

    static let maximumTags = 50

    func visibleUsers(to caller: AuthenticatedUser, page: Int, limit: Int) async throws -> (users: [User], total: Int) {
        try await store.withSession { session in
            try await session.userDirectory.visibleUsers(to: caller.id, limit: limit, offset: (page - 1) * limit)
        }
    }

    /// Visible users whose email or name contains `query` (any case), the exact email's account first.
    func search(_ query: String, limit: Int, caller: AuthenticatedUser) async throws -> [User] {
        let needle = query.lowercased()
        return try await store.withSession { session in
            var matches = try await session.userDirectory.visibleUsers(to: caller.id).filter {
                $0.email.lowercased().contains(needle) || ($0.name ?? "").lowercased().contains(needle)
            }
            if let exact = try await session.users.find(email: query), !matches.contains(where: { $0.id == exact.id }) {
                matches.insert(exact, at: 0)
            }
            return Array(matches.prefix(limit))
        }
    }

    func tags(of caller: AuthenticatedUser) async throws -> [String] {
        try await store.withSession { session in try await session.users.find(id: caller.id) }?.capabilityTags ?? []
    }

    /// Another user's tags when they are visible to the caller; otherwise "not found", as for no such user.
    func tags(of userID: UUID, caller: AuthenticatedUser) async throws -> [String] {
        let user = try await store.withSession { session -> User? in
            guard try await session.userDirectory.isVisible(userID, to: caller.id) else { return nil }
            return try await session.users.find(id: userID)
        }
        guard let user else { throw APIError(.notFound, "User not found") }
        return user.capabilityTags
    }

    /// Lowercased, trimmed, empty ones dropped, duplicates removed (first kept), at most 50.
    func replaceTags(_ raw: [String], of caller: AuthenticatedUser) async throws -> [String] {
        let tags = Self.normalise(raw)
        guard tags.count <= Self.maximumTags else { throw APIError(.badRequest, "Maximum 50 capability tags allowed") }
        return try await store.transaction { session in
            try await session.userDirectory.setCapabilityTags(userID: caller.id, tags: tags)
        }
    }

    /// Visible users with every (`all`) or any of the wanted tags.
    func users(withTags wanted: [String], all: Bool, limit: Int, caller: AuthenticatedUser) async throws -> [User] {
        let users = try await store.withSession { session in try await session.userDirectory.visibleUsers(to: caller.id) }
        return Array(
            users.filter { user in
                let tags = Set(user.capabilityTags)
                return all ? wanted.allSatisfy(tags.contains) : wanted.contains(where: tags.contains)
            }.prefix(limit))
    }

    /// Tasks and milestones of the caller's plans; `requestedOnly` keeps those with an open agent request,
    /// newest request first.
    func inbox(for caller: AuthenticatedUser, requestedOnly: Bool, status: String?, limit: Int) async throws -> [InboxTask] {
        try await store.withSession { session in
            try await session.taskInbox.tasks(for: caller.id, requestedOnly: requestedOnly, status: status, limit: limit)
        }
    }

    static func normalise(_ raw: [String]) -> [String] {
        var seen = Set<String>()
        return raw.map { $0.lowercased().trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
