import AgentPlannerCore

/// Who gets a delivery and what the history says (DECISIONS.md §D4): fan-out only to the recipient's active
/// integrations subscribed to the event, one delivery each; a delivery the receiver refuses for good is `dead`,
/// listed with its error, and a replay sends it again under the same idempotency key.
enum DispatchRuleContracts {
    typealias D = DispatchContracts
    static let task = D.task

    static let planAndTask: [Step] = [
        Step("plan", D.post("/plans", as: .owner, ["title": "Dispatch rules {run}"])).expect(status: 201)
            .expect(body: .object(["id": .uuid], exact: false)).capture("planId", at: "$.id"),
        Step("task", D.post("/plans/{planId}/nodes", as: .owner, ["node_type": "task", "title": "Route it {run}"]))
            .expect(status: 201).expect(body: NodeContracts.row).capture("taskId", at: "$.id"),
    ]

    static let request = Step(
        "request", D.post("\(task)/request-agent", as: .owner, ["request_type": "review", "message": "Please review {run}"])
    ).expect(status: 200).expect(body: NodeContracts.row)

    static func remove(_ hook: String, as actor: ActorRole) -> Step {
        Step("remove-\(hook)", RequestSpec("DELETE", "/integrations/{\(hook)}", as: actor)).expect(status: 200)
            .expect(body: .keys(["success": .equals(true)]))
    }

    static let all: [Contract] = [
        Contract(
            id: "dispatch.fanout.rules", area: D.area,
            summary: "an event reaches only the recipient's active integrations subscribed to it, once each; the history shows it delivered",
            source: D.source, classification: D.change, mutates: true, needs: [.owner, .editor],
            steps: planAndTask + [
                D.createIntegration("subscribed", .webhook, as: .owner, events: ["task.agent_requested"], capture: "subscribed"),
                D.createIntegration("other-event", .webhook, as: .owner, events: ["decision.requested"], capture: "otherEvent"),
                D.createIntegration("inactive", .webhook, as: .owner, active: false, capture: "inactive"),
                D.createIntegration("not-recipient", .webhook, as: .editor, capture: "notRecipient"),
                request,
                D.receive("received", .webhook, hook: "subscribed", event: "task.review_requested"),
                D.count("subscribed-once", .webhook, hook: "subscribed", deliveries: 1),
                D.count("other-event-nothing", .webhook, hook: "otherEvent", deliveries: 0),
                D.count("inactive-nothing", .webhook, hook: "inactive", deliveries: 0),
                D.count("not-recipient-nothing", .webhook, hook: "notRecipient", deliveries: 0),
                Step("history", .get("/integrations/{subscribed}/deliveries", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["deliveries": .arrayCount(1, of: D.delivery)]))
                    .expect(
                        body: .object(
                            [
                                "deliveries": .firstElement(
                                    .object(
                                        [
                                            "integration_id": .variable("subscribed"), "adapter": .equals("webhook"),
                                            "event_type": .equals("task.review_requested"), "status": .equals("delivered"), "attempts": .equals(1),
                                            "response_status": .equals(200), "last_error": .null, "delivered_at": .timestamp,
                                        ], exact: false))
                            ], exact: false)
                    )
                    .capture("eventId", at: "$.deliveries[0].event_id")
                    .golden(),
                Step("by-event", .get("/integrations/deliveries?event_id={eventId}", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["deliveries": .arrayCount(1, of: D.delivery)])),
                Step("by-event-other-user", .get("/integrations/deliveries?event_id={eventId}", as: .editor)).expect(status: 200)
                    .expect(body: .keys(["deliveries": .arrayCount(0, of: D.delivery)])),
                remove("subscribed", as: .owner), remove("otherEvent", as: .owner), remove("inactive", as: .owner),
                remove("notRecipient", as: .editor),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
        Contract(
            id: "dispatch.webhook.dead-and-replay", area: D.area,
            summary: "a receiver that refuses for good makes the delivery dead with its error; a replay after the fix delivers it under the same key",
            source: D.source, classification: D.change, mutates: true, needs: [.owner],
            steps: planAndTask + [
                D.createIntegration("integration", .webhook, as: .owner, secret: "not-the-receiver-secret-{run}", capture: "hook"),
                request,
                Step("refused", RequestSpec("SINK-RECEIVE", "webhook/{hook}?refused")).expect(status: 200)
                    .expect(body: .object(["signature_valid": .equals(false), "answered": .equals(401)], exact: false)),
                D.count("settled", .webhook, hook: "hook", deliveries: 0),
                Step("dead", .get("/integrations/{hook}/deliveries?status=dead", as: .owner)).expect(status: 200)
                    .expect(body: .keys(["deliveries": .arrayCount(1, of: D.delivery)]))
                    .expect(
                        body: .object(
                            [
                                "deliveries": .firstElement(
                                    .object(
                                        [
                                            "status": .equals("dead"), "attempts": .equals(1), "response_status": .equals(401), "last_error": .string,
                                        ], exact: false))
                            ], exact: false)
                    )
                    .capture("deliveryId", at: "$.deliveries[0].id").capture("key", at: "$.deliveries[0].idempotency_key"),
                Step(
                    "fix-secret",
                    RequestSpec("PATCH", "/integrations/{hook}", as: .owner, body: .json(JSONValueTemplate(["secret": "{sink.webhook_secret}"])))
                )
                .expect(status: 200).expect(body: DispatchContracts.integration),
                Step("replay", D.post("/integrations/deliveries/{deliveryId}/replay", as: .owner, .emptyObject)).expect(status: 200)
                    .expect(body: .object(["success": .equals(true), "delivery": D.delivery], exact: false)),
                Step("delivered", RequestSpec("SINK-RECEIVE", "webhook/{hook}")).expect(status: 200)
                    .expect(
                        body: .object(
                            [
                                "signature_valid": .equals(true),
                                "headers": .object(["idempotency-key": .variable("key")], exact: false),
                                "body": .object(["event": .equals("task.review_requested"), "idempotency_key": .variable("key")], exact: false),
                            ], exact: false)),
                D.count("once", .webhook, hook: "hook", deliveries: 1),
                Step("not-dead-any-more", D.post("/integrations/deliveries/{deliveryId}/replay", as: .owner, .emptyObject))
                    .expect(status: 409).expect(body: .keys(["error": .hasPrefix("Only a dead delivery can be replayed")])),
                remove("hook", as: .owner),
                Step("cleanup", RequestSpec("DELETE", "/plans/{planId}", as: .owner)).expect(status: 204),
            ]),
    ]
}
