import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence

enum LoadFixtures {
    /// A user with a webhook, a Slack and a Discord integration pointing at the fakes.
    static func recipient(
        store: any DatabaseStore, receivers: LoadReceivers, secrets: SecretBox
    ) async throws -> (UUID, [UUID]) {
        let user = UUID()
        let integrations = [
            MessagingIntegration(
                userID: user, adapter: .webhook, name: "load webhook", config: ["url": .string(receivers.webhookURL)],
                secret: try secrets.seal(receivers.webhookSecret)),
            MessagingIntegration(
                userID: user, adapter: .slack, name: "load slack", config: ["channel_id": "C0LOAD"],
                secret: try secrets.seal(receivers.slackToken), events: ["*"]),
            MessagingIntegration(
                userID: user, adapter: .discord, name: "load discord",
                secret: try secrets.seal("https://discord.com/api/webhooks/123456/load-token")),
        ]
        try await store.transaction { session in
            _ = try await session.users.create(NewUser(id: user, email: "load-\(user.uuidString.lowercased())@example.test"))
            for integration in integrations { _ = try await session.messagingIntegrations.create(integration) }
        }
        return (user, integrations.map(\.id))
    }

    /// Inserts `count` agent-request events for `recipient`, 100 per transaction; returns their creation times.
    static func insertEvents(store: any DatabaseStore, count: Int, recipient: UUID) async throws -> [UUID: Date] {
        var created: [UUID: Date] = [:]
        var remaining = count
        while remaining > 0 {
            let batch = (0..<min(500, remaining)).map { index in
                DomainEvent(
                    kind: .agentRequestCreated, payload: agentRequestPayload(recipient: recipient, number: count - remaining + index),
                    actorUserID: nil, planID: nil)
            }
            // One statement per batch: the burst measures the engine, not a writer's round trips.
            try await store.transaction { session in try await session.domainEvents.record(batch) }
            for event in batch { created[event.id] = event.createdAt }
            remaining -= batch.count
        }
        return created
    }

    /// Inserts `count` agent-request events at `perSecond`, each in its own transaction as an API action
    /// writes it, from `lanes` concurrent writers; returns the time each event was *scheduled* for (an open
    /// model: latency counts from the schedule, so a writer or database that falls behind shows in the figures
    /// instead of hiding them, the coordinated-omission correction). A writer that falls behind inserts at once.
    static func insertPaced(
        store: any DatabaseStore, count: Int, perSecond: Double, recipient: UUID, lanes: Int = 8
    ) async throws -> [UUID: Date] {
        let start = ContinuousClock.now
        let startDate = Date()
        return try await withThrowingTaskGroup(of: [UUID: Date].self) { group in
            for lane in 0..<max(1, lanes) {
                group.addTask {
                    var created: [UUID: Date] = [:]
                    for number in stride(from: lane, to: count, by: max(1, lanes)) {
                        try await Task.sleep(until: start + .seconds(Double(number) / perSecond), clock: .continuous)
                        let event = DomainEvent(
                            kind: .agentRequestCreated, payload: agentRequestPayload(recipient: recipient, number: number),
                            actorUserID: nil, planID: nil)
                        try await store.transaction { try await $0.domainEvents.record(event) }
                        created[event.id] = startDate.addingTimeInterval(Double(number) / perSecond)
                    }
                    return created
                }
            }
            var all: [UUID: Date] = [:]
            for try await part in group { all.merge(part) { $1 } }
            return all
        }
    }

    /// An agent request per the outbox payload convention.
    static func agentRequestPayload(recipient: UUID, number: Int) -> JSONValue {
        let plan = UUID().uuidString.lowercased()
        let task = UUID().uuidString.lowercased()
        return [
            "recipient_user_id": .string(recipient.uuidString.lowercased()), "v1_event": "task.start_requested",
            "plan": ["id": .string(plan), "title": "Load plan"],
            "task": [
                "id": .string(task), "title": .string("Task \(number)"), "description": "Load test task",
                "node_type": "task", "status": "not_started", "agent_instructions": "Do it", "context": nil,
            ],
            "request": [
                "type": "start", "message": "Please start", "requested_at": .string(TimestampFormat.api(Date())),
                "requested_by": "Load Tester",
            ],
            "actor": ["name": "Load Tester", "type": "user"],
            "message": .string("🚀 Agent requested to START: Task \(number)"),
        ]
    }
}
