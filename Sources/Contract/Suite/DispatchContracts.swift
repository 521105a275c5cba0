import AgentPlannerCore

/// The side effects of the agent loop (DECISIONS.md §D4, ROUTES.md §5.5): what each messaging adapter sends,
/// to whom, how often, signed how, and what the delivery history says. The harness's sink (`SideEffectSink`)
/// stands in for the services; without one these contracts are reported as not run.
enum DispatchContracts {
    static let area = "dispatch"
    static let source = V1Source(route: "ROUTES.md §5.5, DECISIONS.md §D4", file: "src/services/notifications.js")
    static let change: ContractClass = .v2Change(
        "delivery through /integrations with a durable outbox, retries and signatures (DECISIONS.md §D4); v1's event names and bodies kept")

    static func post(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("POST", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static func put(_ path: String, as actor: ActorRole, _ body: JSONValue) -> RequestSpec {
        RequestSpec("PUT", path, as: actor, body: .json(JSONValueTemplate(body)))
    }

    static let task = "/plans/{planId}/nodes/{taskId}"

    static let integration = JSONMatcher.keys([
        "id": .uuid, "adapter": .string, "name": .string, "config": .any, "events": .array(.string), "is_active": .bool,
        "has_secret": .bool, "created_at": .timestamp, "updated_at": .timestamp,
    ])

    static let delivery = JSONMatcher.keys([
        "id": .uuid, "event_id": .nullable(.uuid), "integration_id": .uuid, "adapter": .string, "event_type": .string,
        "status": .oneOf(["pending", "sending", "delivered", "failed", "dead"]), "attempts": .integer,
        "next_attempt_at": .nullable(.timestamp), "last_error": .nullable(.string), "response_status": .nullable(.integer),
        "idempotency_key": .string, "payload": .any, "created_at": .timestamp, "delivered_at": .nullable(.timestamp),
        "updated_at": .timestamp,
    ])

    /// How an adapter's integration is configured against the sink, and how its messages are recognised.
    struct Adapter {
        let name: String
        let config: JSONValue
        let secret: String
        /// What the received body must show for v1's event `event`.
        let shows: @Sendable (String) -> JSONMatcher

        static let webhook = Adapter(name: "webhook", config: ["url": "{sink.webhook_url}"], secret: "{sink.webhook_secret}") {
            .object(["event": .equals(.string($0)), "idempotency_key": .string, "timestamp": .timestamp], exact: false)
        }
        static let slack = Adapter(name: "slack", config: ["channel_id": "C0CONTRACT"], secret: "{sink.slack_token}") { _ in
            .object(["channel": .equals("C0CONTRACT"), "text": .string, "blocks": .array(.any)], exact: false)
        }
        static let discord = Adapter(name: "discord", config: .emptyObject, secret: "{sink.discord_webhook}") { event in
            .object(
                ["embeds": .arrayCount(1, of: .object(["footer": .equals(["text": .string("AgentPlanner · \(event)")])], exact: false))], exact: false
            )
        }
        static let openclaw = Adapter(name: "openclaw", config: ["url": "{sink.openclaw_url}"], secret: "{sink.openclaw_token}") {
            .object(["event": .equals(.string($0)), "message": .string], exact: false)
        }
    }

    static func createIntegration(
        _ name: String, _ adapter: Adapter, as actor: ActorRole, events: [String] = ["*"], active: Bool = true,
        secret: String? = nil, capture: String
    ) -> Step {
        Step(
            name,
            post(
                "/integrations", as: actor,
                [
                    "adapter": .string(adapter.name), "name": .string("\(adapter.name) {run}"), "config": adapter.config,
                    "secret": .string(secret ?? adapter.secret), "events": .array(events.map(JSONValue.string)), "is_active": .bool(active),
                ])
        )
        .expect(status: 201).expect(body: integration)
        .expect(body: .object(["adapter": .equals(.string(adapter.name)), "has_secret": .equals(true)], exact: false))
        .capture(capture, at: "$.id")
    }

    /// Waits for the next message the adapter's service accepted for `hook` and checks it shows `event`.
    static func receive(_ name: String, _ adapter: Adapter, hook: String, event: String) -> Step {
        var shown: [String: JSONMatcher] = ["body": adapter.shows(event), "method": .equals("POST")]
        if adapter.name == "webhook" {
            shown["signature_valid"] = .equals(true)
            shown["timestamp_fresh"] = .equals(true)
        }
        if adapter.name == "webhook" || adapter.name == "openclaw" {
            shown["headers"] = .object(["x-agentplanner-event": .equals(.string(event)), "idempotency-key": .string], exact: false)
        }
        return Step(name, RequestSpec("SINK-RECEIVE", "\(adapter.name)/{\(hook)}")).expect(status: 200)
            .expect(body: .object(shown, exact: false)).golden()
    }

    static func count(_ name: String, _ adapter: Adapter, hook: String, deliveries: Int) -> Step {
        Step(name, RequestSpec("SINK-COUNT", "\(adapter.name)/{\(hook)}")).expect(status: 200)
            .expect(body: .object(["deliveries": .equals(.number(Double(deliveries)))], exact: false))
    }

    /// Every event of the agent loop through one adapter, to the person each goes to (v1's rules: the plan owner
    /// for requests, answers, status changes and decision requests; the requester for resolutions; the new
    /// collaborator for shares; the assignee for assignments), each received exactly once.
    static func events(_ adapter: Adapter) -> Contract {
        Contract(
            id: "dispatch.\(adapter.name).events", area: area,
            summary: "\(adapter.name): every agent-loop event reaches the right person once, in the adapter's wire format",
            source: source, classification: change, mutates: true, needs: [.owner, .agent],
            steps: [
                Step("plan", post("/plans", as: .owner, ["title": .string("Dispatch \(adapter.name) {run}")])).expect(status: 201)
                    .expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
                Step("task", post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Ship it {run}"]))
                    .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
                createIntegration("owner-integration", adapter, as: .owner, capture: "ownerHook"),
                createIntegration("agent-integration", adapter, as: .agent, capture: "agentHook"),
                Step("share", post("/plans/{planId}/share", as: .owner, ["email": "{agent.email}", "role": "editor"]))
                    .expect(status: 200).expect(body: .object(["success": .equals(true)], exact: false)),
                receive("shared", adapter, hook: "agentHook", event: "plan.shared"),
                Step("request", post("\(task)/request-agent", as: .owner, ["request_type": "start", "message": "Please start {run}"]))
                    .expect(status: 200).expect(body: NodeContracts.row),
                receive("requested", adapter, hook: "ownerHook", event: "task.start_requested"),
                Step("assign", post("\(task)/assign-agent", as: .owner, ["agent_id": "{agent.id}"]))
                    .expect(status: 200).expect(body: .object(["id": .variable("taskId")], exact: false)),
                receive("assigned", adapter, hook: "agentHook", event: "task.assigned"),
                Step("answer", post("\(task)/log", as: .agent, ["content": "On it {run}", "log_type": "progress", "actor_type": "agent"]))
                    .expect(status: 201).expect(body: .object(["id": .uuid], exact: false)),
                receive("answered", adapter, hook: "ownerHook", event: "agent.response.received"),
                Step("block", put("\(task)/status", as: .agent, ["status": "blocked"])).expect(status: 200)
                    .expect(body: .object(["status": .equals("blocked")], exact: false)),
                receive("blocked", adapter, hook: "ownerHook", event: "task.blocked"),
                Step(
                    "ask",
                    post(
                        "/plans/{planId}/decisions", as: .agent,
                        [
                            "title": "Which region? {run}", "context": "Two are possible", "node_id": "{taskId}", "urgency": "blocking",
                            "requested_by_agent_name": "contract-agent",
                            "options": [["option": "eu-west", "recommendation": true, "pros": ["Close"]], ["option": "us-east", "cons": ["Far"]]],
                        ])
                )
                .expect(status: 201).expect(body: DecisionContracts.row).capture("decisionId", at: "$.id"),
                receive("decision-requested", adapter, hook: "ownerHook", event: "decision.requested.blocking"),
                Step("resolve", post("/plans/{planId}/decisions/{decisionId}/resolve", as: .owner, ["decision": "eu-west", "rationale": "Closer"]))
                    .expect(status: 200).expect(body: .object(["status": .equals("decided")], exact: false)),
                receive("decision-resolved", adapter, hook: "agentHook", event: "decision.resolved"),
                Step("unblock", put("\(task)/status", as: .agent, ["status": "in_progress"])).expect(status: 200)
                    .expect(body: .object(["status": .equals("in_progress")], exact: false)),
                receive("unblocked", adapter, hook: "ownerHook", event: "task.unblocked"),
                Step("complete", put("\(task)/status", as: .agent, ["status": "completed"])).expect(status: 200)
                    .expect(body: .object(["status": .equals("completed")], exact: false)),
                receive("completed", adapter, hook: "ownerHook", event: "task.completed"),
                Step("clear", RequestSpec("DELETE", "\(task)/request-agent", as: .agent)).expect(status: 200)
                    .expect(body: .object(["agent_requested": .null], exact: false)),
                receive("request-cleared", adapter, hook: "ownerHook", event: "agent.response.received"),
                count("owner-total", adapter, hook: "ownerHook", deliveries: 7),
                count("agent-total", adapter, hook: "agentHook", deliveries: 3),
                Step("remove-owner-integration", RequestSpec("DELETE", "/integrations/{ownerHook}", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["success": .equals(true)])),
                Step("remove-agent-integration", RequestSpec("DELETE", "/integrations/{agentHook}", as: .agent)).expect(status: 200)
                    .expect(body: .keys(["success": .equals(true)])),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ])
    }

    static let all: [Contract] = [.webhook, .slack, .discord, .openclaw].map(events) + DispatchRuleContracts.all
}
