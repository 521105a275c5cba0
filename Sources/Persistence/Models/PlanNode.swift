import AgentPlannerCore
import Foundation

/// A row of `plan_nodes`: one node of a plan's tree.
public struct PlanNode: Sendable, Equatable {
    public var id: UUID
    public var planID: UUID
    public var parentID: UUID?
    public var nodeType: String
    public var title: String
    public var description: String?
    public var status: String
    public var orderIndex: Int
    public var dueDate: Date?
    public var createdAt: Date?
    public var updatedAt: Date?
    public var context: String?
    public var agentInstructions: String?
    public var metadata: JSONValue?
    public var agentRequested: String?
    public var agentRequestedAt: Date?
    public var agentRequestedBy: UUID?
    public var agentRequestMessage: String?
    public var assignedAgentID: UUID?
    public var assignedAgentAt: Date?
    public var assignedAgentBy: UUID?
}

public struct NewPlanNode: Sendable {
    public var id: UUID
    public var planID: UUID
    public var parentID: UUID?
    public var nodeType: String
    public var title: String
    public var description: String?
    public var status: String
    public var orderIndex: Int
    public var dueDate: Date?
    public var context: String?
    public var agentInstructions: String?
    public var metadata: JSONValue

    public init(
        id: UUID = UUID(), planID: UUID, parentID: UUID?, nodeType: String, title: String,
        description: String? = nil, status: String = "not_started", orderIndex: Int = 0, dueDate: Date? = nil,
        context: String? = nil, agentInstructions: String? = nil, metadata: JSONValue = .emptyObject
    ) {
        self.id = id
        self.planID = planID
        self.parentID = parentID
        self.nodeType = nodeType
        self.title = title
        self.description = description
        self.status = status
        self.orderIndex = orderIndex
        self.dueDate = dueDate
        self.context = context
        self.agentInstructions = agentInstructions
        self.metadata = metadata
    }
}

/// Fields a node update may change; nil leaves a field as it is.
public struct PlanNodeChanges: Sendable {
    public var nodeType: String?
    public var title: String?
    public var description: String?
    public var status: String?
    public var orderIndex: Int?
    /// `.some(nil)` clears the due date.
    public var dueDate: Date??
    public var context: String?
    public var agentInstructions: String?
    public var metadata: JSONValue?
    public var parentID: UUID?

    public init() {}
}
