import AgentPlannerCore
import Foundation

/// A row of `plans`.
public struct Plan: Sendable, Equatable {
    public var id: UUID
    public var title: String
    public var description: String?
    public var ownerID: UUID
    public var createdAt: Date?
    public var updatedAt: Date?
    public var status: String
    public var metadata: JSONValue?
    public var isPublic: Bool
    public var githubRepoOwner: String?
    public var githubRepoName: String?
    public var viewCount: Int
    public var lastViewedAt: Date?
    public var visibility: String
    public var githubRepoURL: String?
    public var githubRepoFullName: String?
}

public struct NewPlan: Sendable {
    public var id: UUID
    public var title: String
    public var description: String?
    public var ownerID: UUID
    public var status: String
    public var metadata: JSONValue
    public var visibility: String

    public init(
        id: UUID = UUID(), title: String, description: String? = nil, ownerID: UUID, status: String = "draft",
        metadata: JSONValue = .emptyObject, visibility: String = "private"
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.ownerID = ownerID
        self.status = status
        self.metadata = metadata
        self.visibility = visibility
    }
}
