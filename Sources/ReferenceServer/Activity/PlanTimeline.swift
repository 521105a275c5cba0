import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

extension ActivityController {
    /// A plan's history, oldest first: its creation, each node's creation, status/decision/move logs, and
    /// decision requests and resolutions. (v1's `knowledge_added` items came from a production-only table the
    /// design drops, so v2 has none.)
    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let planID = try context.planIDOrNoAccess()
        let (plan, nodes, logPage, decisions) = try await activity.timeline(planID: planID, caller: identity)
        var items: [(Date, TimelineItem)] = [(plan.createdAt ?? .distantPast, .planCreated(plan))]
        for node in nodes { items.append((node.createdAt ?? .distantPast, .nodeCreated(node))) }
        for log in logPage.entries { items.append((log.createdAt ?? .distantPast, .log(log, logPage.users[log.userID]))) }
        for decision in decisions {
            items.append((decision.createdAt, .decisionRequested(decision)))
            if decision.status == "decided", let decidedAt = decision.decidedAt { items.append((decidedAt, .decisionResolved(decision, decidedAt))) }
        }
        let ordered = items.enumerated().sorted { ($0.element.0, $0.offset) < ($1.element.0, $1.offset) }.map(\.element.1)
        return PlanTimeline(plan: plan, timeline: ordered).response()
    }
}

/// `GET /activity/plans/:id/timeline`.
struct PlanTimeline: ShapedOutput {
    let plan: Plan
    let timeline: [TimelineItem]
    static let shape = ObjectShape<PlanTimeline>([
        .object("plan", planSummary) { $0.plan }, .list("timeline") { $0.timeline },
    ])
    private static let planSummary = ObjectShape<Plan>([
        .id("id") { $0.id }, .text("title") { $0.title }, .optionalText("description") { $0.description },
        .time("created_at") { $0.createdAt },
    ])
}

/// One event of a plan's timeline; each kind has its own keys besides the common ones.
enum TimelineItem: APIOutput {
    case planCreated(Plan)
    case nodeCreated(PlanNode)
    case log(ActivityEntry, User?)
    case decisionRequested(TimelineDecision)
    case decisionResolved(TimelineDecision, Date)

    static var schema: JSONValue {
        ["anyOf": [planCreatedKeys.schema, nodeCreatedKeys.schema, logKeys.schema, decisionRequestedKeys.schema, decisionResolvedKeys.schema]]
    }

    var json: JSONValue {
        switch self {
        case .planCreated(let plan): Self.planCreatedKeys.json(plan)
        case .nodeCreated(let node): Self.nodeCreatedKeys.json(node)
        case .log(let entry, let user): Self.logKeys.json((entry, user))
        case .decisionRequested(let decision): Self.decisionRequestedKeys.json(decision)
        case .decisionResolved(let decision, let date): Self.decisionResolvedKeys.json((decision, date))
        }
    }

    /// The keys every kind writes.
    private static func common<Source>(
        _ type: String, id: @escaping @Sendable (Source) -> String, date: @escaping @Sendable (Source) -> Date?,
        title: @escaping @Sendable (Source) -> String, description: OutputField<Source>, entity: String,
        entityID: @escaping @Sendable (Source) -> UUID
    ) -> ObjectShape<Source> {
        ObjectShape([
            .text("id", id), .constant("type", type), .time("date", date), .text("title", title), description,
            .id("entity_id", entityID), .constant("entity_type", entity),
        ])
    }

    private static let planCreatedKeys = common(
        "plan_created", id: { (plan: Plan) in "plan-creation-\(plan.id.lowercased)" }, date: { $0.createdAt },
        title: { "Plan \"\($0.title)\" created" }, description: .text("description") { $0.description ?? "" }, entity: "plan",
        entityID: { $0.id })

    private static let nodeCreatedKeys = common(
        "node_created", id: { (node: PlanNode) in "node-creation-\(node.id.lowercased)" }, date: { $0.createdAt },
        title: { "\($0.nodeType.prefix(1).uppercased() + $0.nodeType.dropFirst()) \"\($0.title)\" created" },
        description: .text("description") { _ in "" }, entity: "node", entityID: { $0.id }
    ).adding([.text("node_type") { $0.nodeType }, .text("status") { $0.status }])

    private static let logKeys = common(
        "log", id: { (log: (entry: ActivityEntry, user: User?)) in log.entry.id.lowercased }, date: { $0.entry.createdAt },
        title: { $0.entry.content }, description: .text("description") { _ in "" }, entity: "node", entityID: { $0.entry.nodeID }
    ).adding([
        .text("node_title") { $0.entry.nodeTitle }, .text("node_type") { $0.entry.nodeType },
        .nested("user") { $0.user.map(PersonOutput.init) },
    ])

    private static let decisionRequestedKeys = common(
        "decision_requested", id: { (decision: TimelineDecision) in "decision-requested-\(decision.id.lowercased)" },
        date: { $0.createdAt }, title: { "Decision requested: \"\($0.title)\"" },
        description: .text("description") { String($0.context.prefix(200)) + ($0.context.count > 200 ? "..." : "") },
        entity: "decision", entityID: { $0.id }
    ).adding([
        .text("urgency") { $0.urgency }, .text("actor_type") { $0.requestedByAgentName == nil ? "human" : "agent" },
        .optionalText("actor_name") { $0.requestedByAgentName }, .optionalID("node_id") { $0.nodeID },
    ])

    private static let decisionResolvedKeys = common(
        "decision_resolved", id: { (resolved: (decision: TimelineDecision, at: Date)) in "decision-resolved-\(resolved.decision.id.lowercased)" },
        date: { $0.at }, title: { "Decision made: \"\($0.decision.title)\"" },
        description: .optionalText("description") { $0.decision.decision }, entity: "decision", entityID: { $0.decision.id }
    ).adding([.optionalText("rationale") { $0.decision.rationale }])
}
