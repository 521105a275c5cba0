import AgentPlannerCore
import Foundation

/// A row of `goals`: owned by a user in v2 (v1's `created_by`; DECISIONS.md §D2, no organisations).
public struct Goal: Sendable, Equatable {
    public var id: UUID
    public var ownerID: UUID
    public var title: String
    public var description: String?
    public var successMetrics: JSONValue
    public var timeHorizon: String?
    public var status: String
    public var githubRepoURL: String?
    public var createdBy: UUID
    public var createdAt: Date?
    public var updatedAt: Date?
}

/// A goal to insert; `ownerID` is also written as `created_by`.
public struct NewGoal: Sendable {
    public var id = UUID()
    public var ownerID: UUID
    public var title: String
    public var description: String?
    public var successMetrics: JSONValue
    public var timeHorizon: String?
    public var githubRepoURL: String?

    public init(
        ownerID: UUID, title: String, description: String?, successMetrics: JSONValue, timeHorizon: String?,
        githubRepoURL: String?
    ) {
        self.ownerID = ownerID
        self.title = title
        self.description = description
        self.successMetrics = successMetrics
        self.timeHorizon = timeHorizon
        self.githubRepoURL = githubRepoURL
    }
}

/// Fields a goal update changes: nil leaves a field; `.some(nil)` clears a nullable one.
public struct GoalChanges: Sendable {
    public var title: String?
    public var description: String??
    public var successMetrics: JSONValue?
    public var timeHorizon: String??
    public var status: String?
    public var githubRepoURL: String??

    public init() {}
}

/// A row of `plan_goals`.
public struct PlanGoalLink: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var goalID: UUID
    public var linkedAt: Date?
    public var linkedBy: UUID?
}
