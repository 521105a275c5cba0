import AgentPlannerCore
import Foundation

/// A row of `decision_requests`: a question an agent (or a person) asks the plan's people to decide.
public struct DecisionRequest: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var nodeID: UUID?
    public var requestedByUserID: UUID
    public var requestedByAgentName: String?
    public var title: String
    public var context: String
    /// v1's JSON array of `{option, pros[], cons[], recommendation}`.
    public var options: JSONValue
    public var urgency: String
    public var expiresAt: Date?
    public var status: String
    public var decidedByUserID: UUID?
    public var decision: String?
    public var rationale: String?
    public var decidedAt: Date?
    public var metadata: JSONValue
    public var createdAt: Date
    public var updatedAt: Date
}

/// What a new decision request needs; it always starts `pending`.
public struct NewDecisionRequest: Sendable {
    public var id: UUID
    public var planID: UUID
    public var nodeID: UUID?
    public var requestedByUserID: UUID
    public var requestedByAgentName: String?
    public var title: String
    public var context: String
    public var options: JSONValue
    public var urgency: String
    public var expiresAt: Date?
    public var metadata: JSONValue

    public init(
        id: UUID = UUID(), planID: UUID, nodeID: UUID?, requestedByUserID: UUID, requestedByAgentName: String?,
        title: String, context: String, options: JSONValue, urgency: String, expiresAt: Date?, metadata: JSONValue
    ) {
        self.id = id
        self.planID = planID
        self.nodeID = nodeID
        self.requestedByUserID = requestedByUserID
        self.requestedByAgentName = requestedByAgentName
        self.title = title
        self.context = context
        self.options = options
        self.urgency = urgency
        self.expiresAt = expiresAt
        self.metadata = metadata
    }
}

/// Fields an update of a pending request may change; nil leaves a field as it is, `expiresAt` `.some(nil)`
/// clears it.
public struct DecisionRequestChanges: Sendable {
    public var title: String?
    public var context: String?
    public var options: JSONValue?
    public var urgency: String?
    public var expiresAt: Date??
    public var metadata: JSONValue?

    public init() {}
}

/// The list filters of `GET /plans/:id/decisions`.
public struct DecisionRequestFilter: Sendable {
    public var status: String?
    public var urgency: String?
    public var nodeID: UUID?
    public var limit: Int
    public var offset: Int

    public init(status: String? = nil, urgency: String? = nil, nodeID: UUID? = nil, limit: Int = 50, offset: Int = 0) {
        self.status = status
        self.urgency = urgency
        self.nodeID = nodeID
        self.limit = limit
        self.offset = offset
    }
}
