import AgentPlannerCore
import Foundation

/// A row of `users`.
public struct User: Sendable, Equatable {
    public var id: UUID
    public var email: String
    public var name: String?
    /// bcrypt; nil for users who only sign in with GitHub.
    public var passwordHash: String?
    public var emailConfirmedAt: Date?
    public var lastSignInAt: Date?
    public var metadata: JSONValue
    public var avatarURL: String?
    public var githubID: String?
    public var githubUsername: String?
    public var githubAvatarURL: String?
    public var githubProfileURL: String?
    public var capabilityTags: [String]
    public var createdAt: Date?
    public var updatedAt: Date?

    public init(
        id: UUID, email: String, name: String?, passwordHash: String?, emailConfirmedAt: Date?, lastSignInAt: Date?,
        metadata: JSONValue, avatarURL: String?, githubID: String?, githubUsername: String?, githubAvatarURL: String?,
        githubProfileURL: String?, capabilityTags: [String], createdAt: Date?, updatedAt: Date?
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.emailConfirmedAt = emailConfirmedAt
        self.lastSignInAt = lastSignInAt
        self.metadata = metadata
        self.avatarURL = avatarURL
        self.githubID = githubID
        self.githubUsername = githubUsername
        self.githubAvatarURL = githubAvatarURL
        self.githubProfileURL = githubProfileURL
        self.capabilityTags = capabilityTags
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// What a new `users` row needs.
public struct NewUser: Sendable {
    public var id: UUID
    public var email: String
    public var name: String?
    public var passwordHash: String?
    public var emailConfirmedAt: Date?
    public var metadata: JSONValue
    public var githubID: String?
    public var githubUsername: String?

    public init(
        id: UUID = UUID(), email: String, name: String? = nil, passwordHash: String? = nil,
        emailConfirmedAt: Date? = nil, metadata: JSONValue = .emptyObject, githubID: String? = nil,
        githubUsername: String? = nil
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.emailConfirmedAt = emailConfirmedAt
        self.metadata = metadata
        self.githubID = githubID
        self.githubUsername = githubUsername
    }
}
