import AgentPlannerCore

/// The web UI's websocket flows (CONSUMERS.md §6): not rows of the call table, so their ids name the section.
/// The UI reads of a domain event only `type` and `metadata.planId` (everything else it refetches over REST).
enum UIFlows {
    static let style = ClientStyle(.ui)
    static let source = "contexts/WebSocketContext.tsx:155-218; hooks/useWebSocket.ts:117,203; PlanVisualizationEnhanced.tsx:189-239"

    static func socket(_ name: String, _ method: String, _ target: String, body: JSONValue? = nil) -> Step {
        Step(name, RequestSpec(method, target, as: .owner, body: body.map { .json(JSONValueTemplate($0)) }))
    }

    static func sent(_ name: String, _ message: JSONValue) -> Step {
        socket(name, "WS-SEND", "", body: message).expect(status: 200).expect(body: .keys(["sent": .equals(true)]))
    }

    /// The next event of `type`, read as the plan page reads it.
    static func event(_ type: String) -> Step {
        socket("receive \(type)", "WS-RECEIVE", type).expect(status: 200)
            .expect(body: .reads(["type": .equals(.string(type)), "metadata": .reads(["planId": .variable("planId")])]))
    }

    static func rest(_ name: String, _ method: String, _ path: String, _ body: JSONValue?, status: Int) -> Step {
        Step(name, style.request(method, path, body: body)).expect(status: status)
    }

    static let decisionNames =
        "the UI subscribes to decision.requested and decision.resolved; v1 emitted collaboration.decision_requested and collaboration.decision_resolved, which v2 keeps (other v1 clients and the contracts read them), so the UI's notification refresh never fires, as against v1. Its presence.* messages are not v1 types and are ignored, as v1 ignored them"

    static var contracts: [Contract] {
        let steps: [Step] =
            ConsumerFixture.plan.setup(style) + [
                socket("open", "WS", "/ws/collaborate?token={owner.access_token}").expect(status: 101)
                    .expect(body: .keys(["opened": .equals(true)])),
                sent("join", ["type": "join_plan", "planId": "{planId}"]),
                // The UI subscribes to nothing here; waiting for it only makes sure the join was handled.
                socket("joined", "WS-RECEIVE", "active_users").expect(status: 200).expect(body: .reads(["type": .equals("active_users")])),
                sent("presence-join", ["type": "presence.join", "resource_type": "plan", "resource_id": "{planId}"]),
                rest("add-node", "POST", "/plans/{planId}/nodes", ["node_type": "task", "title": "Live {run}"], status: 201),
                event("node.created"),
                rest("status", "PUT", "/plans/{planId}/nodes/{taskId}/status", ["status": "completed"], status: 200),
                event("node.status_changed"),
                rest("plan-status", "PUT", "/plans/{planId}", ["status": "active"], status: 200),
                event("plan.updated"),
                rest("log", "POST", "/plans/{planId}/nodes/{taskId}/log", ["content": "Done {run}", "log_type": "progress"], status: 201),
                event("collaboration.log_added"),
                rest("decision", "POST", "/plans/{planId}/decisions", ["title": "Next? {run}", "context": "c"], status: 201),
                event("collaboration.decision_requested"),
                sent("presence-heartbeat", ["type": "presence.heartbeat", "resource_type": "plan", "resource_id": "{planId}"]),
                sent("ping", ["type": "ping"]),
                socket("receive pong", "WS-RECEIVE", "pong").expect(status: 200).expect(body: .keys(["type": .equals("pong")])),
                rest("delete", "DELETE", "/plans/{planId}", nil, status: 204),
                socket("receive plan.deleted", "WS-RECEIVE", "plan.deleted").expect(status: 200)
                    .expect(body: .reads(["type": .equals("plan.deleted")])),
                sent("leave", ["type": "leave_plan", "planId": "{planId}"]),
            ]
        let authentication: [Step] = [
            // A reconnect with a token that is no longer valid gets 4001, on which the UI stops reconnecting.
            Step("open-bad-token", RequestSpec("WS", "/ws/collaborate?token=expired.not.valid", as: .owner)).expect(status: 101)
                .expect(body: .keys(["opened": .equals(true)])),
            Step("closed", RequestSpec("WS-RECEIVE", "connection", as: .owner)).expect(status: 4001)
                .expect(body: .reads(["closed": .equals(4001)])),
        ]
        return [
            Contract(
                id: "ui.ws-plan-page", area: Consumer.ui.rawValue,
                summary: "§6 the plan page's socket: join, REST changes arrive as events with metadata.planId, ping/pong, leave",
                source: V1Source(route: "WS /ws/collaborate", file: "ROUTES.md §6"), classification: .compatible, mutates: true,
                steps: steps,
                consumer: ConsumerSource(
                    consumer: .ui, callID: "§6 plan page", route: "WS /ws/collaborate", client: source,
                    verdict: .consumerDefect(decisionNames))),
            Contract(
                id: "ui.ws-expired-token", area: Consumer.ui.rawValue,
                summary: "§6 a token the server no longer accepts closes the socket with 4001, which stops the UI's reconnects",
                source: V1Source(route: "WS /ws/collaborate", file: "ROUTES.md §6"), classification: .compatible, mutates: false,
                needs: [.owner], steps: authentication,
                consumer: ConsumerSource(
                    consumer: .ui, callID: "§6 expired token", route: "WS /ws/collaborate", client: "WebSocketContext.tsx:200-218",
                    verdict: .works)),
        ]
    }
}
