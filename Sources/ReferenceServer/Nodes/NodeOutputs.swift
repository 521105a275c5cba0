import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// v1's JSON shapes of plan nodes and their logs, each written and described by one list. (The tree read,
/// `NodeJSON.forest`, keeps its own writer for speed; `NodeTree` describes it, and a test holds `NodeJSON.row`
/// equal to `NodeRow`.)
enum NodeShapes {
    /// Every column of `plan_nodes`.
    static let columns = ObjectShape<PlanNode>([
        .id("id") { $0.id }, .id("plan_id") { $0.planID }, .optionalID("parent_id") { $0.parentID },
        .value("node_type", JSONSchema.oneOf(ValueDomains.nodeType)) { .string($0.nodeType) }, .text("title") { $0.title },
        .optionalText("description") { $0.description }, .text("status") { $0.status }, .integer("order_index") { $0.orderIndex },
        .time("due_date") { $0.dueDate }, .time("created_at") { $0.createdAt }, .time("updated_at") { $0.updatedAt },
        .optionalText("context") { $0.context }, .optionalText("agent_instructions") { $0.agentInstructions },
        .stored("metadata", "the node's stored metadata object") { $0.metadata },
        .optionalText("agent_requested") { $0.agentRequested }, .time("agent_requested_at") { $0.agentRequestedAt },
        .optionalID("agent_requested_by") { $0.agentRequestedBy }, .optionalText("agent_request_message") { $0.agentRequestMessage },
        .optionalID("assigned_agent_id") { $0.assignedAgentID }, .time("assigned_agent_at") { $0.assignedAgentAt },
        .optionalID("assigned_agent_by") { $0.assignedAgentBy },
    ])
}

/// A whole `plan_nodes` row (create, update, move, status, agent requests).
struct NodeRow: ShapedOutput {
    let node: PlanNode
    static let shape = NodeShapes.columns.reading { (row: NodeRow) in row.node }
}

/// `GET /plans/:id/nodes/:nodeId` (and the node views that reuse its keys).
struct NodeDetail: ShapedOutput {
    let node: PlanNode
    static let shape = NodeShapes.columns.keeping(Set(NodeJSON.singleKeys)).reading { (detail: NodeDetail) in detail.node }
}

/// `GET /plans/:id/nodes`: the forest (`NodeJSON.forest` writes it). Each node has the summary keys, the detail
/// keys with `include_details=true`, and its children.
struct NodeTree: APIOutput {
    static let component = "PlanNodeTreeItem"
    static let reference: JSONValue = ["$ref": .string("#/components/schemas/\(component)")]

    let forest: [JSONValue]
    static var schema: JSONValue { JSONSchema.array(reference) }
    var json: JSONValue { .array(forest) }

    /// One node of the forest (a named schema: it holds itself).
    static var itemSchema: JSONValue {
        guard case .object(var item) = NodeShapes.columns.keeping(Set(NodeJSON.detailKeys)).schema,
            case .object(var properties)? = item["properties"]
        else { return [:] }
        properties["children"] = JSONSchema.array(reference)
        item["properties"] = .object(properties)
        item["required"] = .array((NodeJSON.summaryKeys + ["children"]).sorted().map(JSONValue.string))
        return .object(item)
    }
}

/// `POST /plans/:id/nodes/:nodeId/log`.
struct NodeLogRow: ShapedOutput {
    let log: NodeLog
    static let shape = ObjectShape<NodeLogRow>([
        .id("id") { $0.log.id }, .text("content") { $0.log.content }, .text("log_type") { $0.log.logType },
        .time("created_at") { $0.log.createdAt }, .id("plan_node_id") { $0.log.planNodeID }, .id("user_id") { $0.log.userID },
        .stored("metadata", "`{actor_type}` or `{}`") { $0.log.metadata ?? .emptyObject },
    ])
}

/// `GET /plans/:id/nodes/:nodeId/logs`: v1 never joined the user, so name and email are null.
struct NodeLogEntry: ShapedOutput {
    let log: NodeLog
    static let shape = ObjectShape<NodeLogEntry>([
        .id("id") { $0.log.id }, .text("content") { $0.log.content }, .text("log_type") { $0.log.logType },
        .time("created_at") { $0.log.createdAt }, .id("user_id") { $0.log.userID },
        .stored("actor_type", "`human` or `agent` as stored") { $0.log.metadata?["actor_type"] ?? "human" },
        .nested("user") { UserReference(user: nil, id: $0.log.userID) },
    ])
}

/// `PUT /plans/:id/nodes/:nodeId`: the strict changes (metadata is kept when omitted; v1 wiped it).
struct NodeChangesInput: APIInput {
    let changes: PlanNodeChanges

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: [
            "node_type", "title", "description", "status", "order_index", "due_date", "context", "agent_instructions",
            "metadata",
        ])
        var changes = PlanNodeChanges()
        changes.nodeType = body.oneOf("node_type", ValueDomains.nodeType)
        changes.title = body.string("title", required: false, minimum: 1, maximum: 255)
        changes.description = body.string("description", required: false, maximum: 10_000)
        changes.status = body.oneOf("status", ValueDomains.nodeStatus)
        changes.orderIndex = body.nonNegativeInteger("order_index")
        let dueDate = body.isoDate("due_date")
        if body.fields["due_date"] != nil { changes.dueDate = .some(dueDate) }
        changes.context = body.string("context", required: false, maximum: 50_000)
        changes.agentInstructions = body.string("agent_instructions", required: false, maximum: 50_000)
        changes.metadata = body.object("metadata")
        try body.check()
        self.changes = changes
    }
}

/// `POST …/move`: strict `{parent_id, order_index?}` (the parent is required even to reorder).
struct NodeMoveInput: APIInput {
    let parent: UUID
    let orderIndex: Int?

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ["parent_id", "order_index"])
        let parent = body.uuid("parent_id", required: true).flatMap(UUID.init(uuidString:))
        orderIndex = body.nonNegativeInteger("order_index")
        try body.check()
        guard let parent else { throw APIError.internalError }
        self.parent = parent
    }
}

/// `POST /plans/:id/nodes`: v1's strict creation schema.
struct NewNodeInput: APIInput {
    let fields: NodeService.NewNode

    /// The v1-era UI sends the path's plan id in the body (CONSUMERS.md U21); v1's strict schema refused it.
    /// The same id is redundant and accepted; another plan's id is refused, never silently ignored.
    static func read(_ request: Request, _ context: AppRequestContext, planID: UUID) async throws -> Self {
        var body = BodyValidator(try await RequestJSON.read(request, context: context))
        if let sent = body.fields["plan_id"], sent.stringValue?.lowercased() != planID.lowercased {
            body.issue(field: "plan_id", "plan_id must be the plan in the path")
        }
        return try Self(validating: &body)
    }

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: [
            "node_type", "title", "parent_id", "description", "status", "order_index", "due_date", "context",
            "agent_instructions", "metadata", "plan_id",
        ])
        let nodeType = body.oneOf("node_type", ValueDomains.nodeType, required: true)
        let title = body.string("title", required: true, minimum: 1, maximum: 255)
        let parent = body.nullableUUID("parent_id")
        let description = body.string("description", required: false, maximum: 10_000)
        // v1's validator also let `cancelled` through to a CHECK violation; v2 refuses it here.
        let status = body.oneOf("status", ValueDomains.nodeStatus)
        let orderIndex = body.nonNegativeInteger("order_index")
        let dueDate = body.isoDate("due_date")
        let contextText = body.string("context", required: false, maximum: 50_000)
        let instructions = body.string("agent_instructions", required: false, maximum: 50_000)
        let metadata = body.object("metadata")
        try body.check()
        guard let nodeType, let title else { throw APIError.internalError }
        fields = .init(
            nodeType: nodeType, title: title, parentID: parent, description: description, status: status,
            orderIndex: orderIndex, dueDate: dueDate, context: contextText, agentInstructions: instructions, metadata: metadata)
    }
}

/// `POST …/log`: v1's strict `{content, log_type?, actor_type?}` (v2 accepts the union of v1's two log-type
/// lists) plus what the real clients send and v1 refused (`ClientLogFields`: `type`, `tags`, `metadata`).
struct NodeLogInput: APIInput {
    let content: String
    let logType: String
    let tags: [String]
    let metadata: JSONValue

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ClientLogFields.keys.union(["content", "log_type", "actor_type"]))
        let content = body.string("content", required: true, minimum: 1, maximum: 50_000)
        let logType = ClientLogFields.logType(&body)
        let actor = body.oneOf("actor_type", ["human", "agent"])
        tags = ClientLogFields.tags(&body)
        metadata = ClientLogFields.metadata(&body, actorType: actor)
        try body.check()
        guard let content else { throw APIError.internalError }
        self.content = content
        self.logType = logType ?? "comment"
    }
}
