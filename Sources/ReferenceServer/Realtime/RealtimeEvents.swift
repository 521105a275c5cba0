import AgentPlannerCore
import Foundation
import Persistence

/// v1's websocket events of plans, nodes and logs (ROUTES.md §6), payloads in camelCase.
enum RealtimeEvents {
    static func id(_ value: UUID?) -> JSONValue { value.map { .string($0.lowercased) } ?? .null }

    static func event(_ type: String, _ payload: JSONValue, to audience: RealtimeEvent.Audience, plan: UUID?, by actor: AuthenticatedUser)
        -> RealtimeEvent
    {
        RealtimeEvent(type, payload: payload, audience: audience, actorID: actor.id, actorName: actor.name ?? actor.email, planID: plan)
    }

    static func plan(_ type: String, _ plan: Plan, to audience: RealtimeEvent.Audience, by actor: AuthenticatedUser)
        -> RealtimeEvent
    {
        var payload: [String: JSONValue] = [
            "id": id(plan.id), "title": .string(plan.title), "description": PlanJSON.text(plan.description),
            "status": .string(plan.status), "ownerId": id(plan.ownerID),
        ]
        if type == "plan.created" {
            payload["createdAt"] = PlanJSON.time(plan.createdAt)
        } else {
            payload["updatedAt"] = PlanJSON.time(plan.updatedAt)
        }
        if let metadata = plan.metadata { payload["metadata"] = metadata }
        return event(type, .object(payload), to: audience, plan: plan.id, by: actor)
    }

    static func planDeleted(_ planID: UUID, by actor: AuthenticatedUser) -> RealtimeEvent {
        event("plan.deleted", ["id": id(planID)], to: .everyone, plan: planID, by: actor)
    }

    static func node(_ type: String, _ node: PlanNode, by actor: AuthenticatedUser) -> RealtimeEvent {
        var payload: [String: JSONValue] = [
            "id": id(node.id), "planId": id(node.planID), "parentId": id(node.parentID), "nodeType": .string(node.nodeType),
            "title": .string(node.title), "description": PlanJSON.text(node.description), "status": .string(node.status),
            "orderIndex": .number(Double(node.orderIndex)), "dueDate": PlanJSON.time(node.dueDate),
            "metadata": node.metadata ?? .emptyObject,
        ]
        if type == "node.created" {
            payload["createdAt"] = PlanJSON.time(node.createdAt)
        } else {
            payload["updatedAt"] = PlanJSON.time(node.updatedAt)
        }
        return event(type, .object(payload), to: .plan(node.planID), plan: node.planID, by: actor)
    }

    static func nodeDeleted(_ node: PlanNode, by actor: AuthenticatedUser) -> RealtimeEvent {
        event("node.deleted", ["id": id(node.id), "planId": id(node.planID)], to: .plan(node.planID), plan: node.planID, by: actor)
    }

    static func nodeMoved(from old: PlanNode, to moved: PlanNode, by actor: AuthenticatedUser) -> RealtimeEvent {
        event(
            "node.moved",
            [
                "nodeId": id(moved.id), "oldParentId": id(old.parentID), "newParentId": id(moved.parentID),
                "oldOrderIndex": .number(Double(old.orderIndex)), "newOrderIndex": .number(Double(moved.orderIndex)),
            ], to: .plan(moved.planID), plan: moved.planID, by: actor)
    }

    static func statusChanged(_ node: PlanNode, from old: String, by actor: AuthenticatedUser) -> RealtimeEvent {
        event(
            "node.status_changed", ["id": id(node.id), "oldStatus": .string(old), "newStatus": .string(node.status)],
            to: .plan(node.planID), plan: node.planID, by: actor)
    }

    static func logAdded(_ log: NodeLog, planID: UUID, by actor: AuthenticatedUser) -> RealtimeEvent {
        event(
            "collaboration.log_added",
            [
                "id": id(log.id), "nodeId": id(log.planNodeID), "userId": id(log.userID),
                "userName": .string(actor.name ?? actor.email), "content": .string(log.content),
                "logType": .string(log.logType), "tags": .array(log.tags.map(JSONValue.string)),
                "actorType": log.metadata?["actor_type"] ?? "human", "createdAt": PlanJSON.time(log.createdAt),
            ], to: .plan(planID), plan: planID, by: actor)
    }

    static func decisionRequested(_ decision: DecisionRequest, by actor: AuthenticatedUser) -> RealtimeEvent {
        event(
            "collaboration.decision_requested",
            [
                "id": id(decision.id), "planId": id(decision.planID), "nodeId": id(decision.nodeID),
                "title": .string(decision.title), "context": .string(decision.context), "options": decision.options,
                "urgency": .string(decision.urgency), "requestedByAgentName": PlanJSON.text(decision.requestedByAgentName),
                "expiresAt": PlanJSON.time(decision.expiresAt), "status": .string(decision.status),
                "createdAt": PlanJSON.time(decision.createdAt),
            ], to: .plan(decision.planID), plan: decision.planID, by: actor)
    }

    static func decisionResolved(_ decision: DecisionRequest, by actor: AuthenticatedUser) -> RealtimeEvent {
        event(
            "collaboration.decision_resolved",
            [
                "id": id(decision.id), "planId": id(decision.planID), "nodeId": id(decision.nodeID),
                "title": .string(decision.title), "decision": PlanJSON.text(decision.decision),
                "rationale": PlanJSON.text(decision.rationale), "status": .string(decision.status),
                "decidedAt": PlanJSON.time(decision.decidedAt),
            ], to: .plan(decision.planID), plan: decision.planID, by: actor)
    }
}
