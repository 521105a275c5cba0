import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import TestSupport
import Testing

/// The outbox rows the planning endpoints write for dispatch (DECISIONS.md §D4), in their payload convention.
@Suite("Domain events of the plan tree")
struct DomainEventTests {
    @Test(
        "request-agent, a real status change and an agent assignment each write one event; no-ops write none",
        arguments: DatabaseDialect.allCases)
    func events(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (ownerID, ownerAccess, _) = try await harness.register("owner-events@example.com")
            let (agentID, agentAccess, _) = try await harness.register("agent-events@example.com")
            let owner = "Bearer \(ownerAccess)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Evented"], authorization: owner)
            let planID = try #require(plan.json["id"]?.stringValue)
            _ = try await harness.send(
                .post, "/plans/\(planID)/collaborators", json: ["user_id": .string(agentID), "role": "editor"],
                authorization: owner)
            let task = try await harness.send(
                .post, "/plans/\(planID)/nodes", json: ["node_type": "task", "title": "Ship it"], authorization: owner)
            let taskID = try #require(task.json["id"]?.stringValue)
            // act
            let requested = try await harness.send(
                .post, "/plans/\(planID)/nodes/\(taskID)/request-agent", json: ["request_type": "help", "message": "stuck"],
                authorization: "Bearer \(agentAccess)")
            _ = try await harness.send(
                .put, "/plans/\(planID)/nodes/\(taskID)/status", json: ["status": "not_started"], authorization: owner)
            _ = try await harness.send(
                .put, "/plans/\(planID)/nodes/\(taskID)", json: ["status": "blocked"], authorization: owner)
            _ = try await harness.send(
                .put, "/plans/\(planID)/nodes/\(taskID)/status", json: ["status": "completed"], authorization: owner)
            let assigned = try await harness.send(
                .post, "/plans/\(planID)/nodes/\(taskID)/assign-agent", json: ["agent_id": .string(agentID)],
                authorization: owner)
            // assert
            #expect(requested.status == .ok && assigned.status == .ok)
            let events = try await harness.withStore { store in
                try await store.withSession { session in try await session.domainEvents.list(planID: UUID(uuidString: planID)!) }
            }
            #expect(events.map(\.kind) == [.agentRequestCreated, .taskStatusChanged, .taskStatusChanged, .taskAssigned])
            #expect(
                events.map { $0.payload["v1_event"]?.stringValue } == [
                    "task.help_requested", "task.blocked", "task.unblocked", "task.assigned",
                ])
            #expect(events.map { $0.payload["recipient_user_id"]?.stringValue } == [ownerID, ownerID, ownerID, agentID])
            let request = try #require(events.first)
            #expect(request.actorUserID?.uuidString.lowercased() == agentID)
            #expect(request.payload["task"]?["id"]?.stringValue == taskID)
            #expect(request.payload["request"]?["message"] == "stuck")
            #expect(request.payload["plan"] == ["id": .string(planID), "title": "Evented"])
        }
    }
}

@Suite("Agent answers")
struct AgentResponseEventTests {
    @Test(
        "a log or a clear by someone else answers an open request; the requester's own log, a node without a request and a clear of nothing do not",
        arguments: DatabaseDialect.allCases)
    func answers(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (ownerID, ownerAccess, _) = try await harness.register("asker@example.com")
            let (agentID, agentAccess, _) = try await harness.register("answerer@example.com")
            let owner = "Bearer \(ownerAccess)"
            let agent = "Bearer \(agentAccess)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Answered"], authorization: owner)
            let planID = try #require(plan.json["id"]?.stringValue)
            _ = try await harness.send(
                .post, "/plans/\(planID)/collaborators", json: ["user_id": .string(agentID), "role": "editor"],
                authorization: owner)
            let task = try await harness.send(
                .post, "/plans/\(planID)/nodes", json: ["node_type": "task", "title": "Answer me"], authorization: owner)
            let taskID = try #require(task.json["id"]?.stringValue)
            let node = "/plans/\(planID)/nodes/\(taskID)"
            // act
            _ = try await harness.send(.post, "\(node)/log", json: ["content": "before any request"], authorization: agent)
            _ = try await harness.send(.post, "\(node)/request-agent", json: ["request_type": "review"], authorization: owner)
            _ = try await harness.send(.post, "\(node)/log", json: ["content": "my own note"], authorization: owner)
            let logged = try await harness.send(
                .post, "\(node)/log", json: ["content": "looks good", "log_type": "progress"], authorization: agent)
            let cleared = try await harness.send(.delete, "\(node)/request-agent", authorization: agent)
            _ = try await harness.send(.delete, "\(node)/request-agent", authorization: agent)
            // assert
            #expect(logged.status == .created && cleared.status == .ok)
            let events = try await harness.withStore { store in
                try await store.withSession { session in try await session.domainEvents.list(planID: UUID(uuidString: planID)!) }
            }
            let answers = events.filter { $0.kind == .agentResponseReceived }
            #expect(events.map(\.kind) == [.agentRequestCreated, .agentResponseReceived, .agentResponseReceived])
            #expect(answers.map { $0.payload["recipient_user_id"]?.stringValue } == [ownerID, ownerID])
            #expect(answers.map { $0.payload["response"]?["kind"]?.stringValue } == ["log", "request_cleared"])
            #expect(answers.first?.payload["response"]?["content"] == "looks good")
            #expect(answers.first?.payload["request"]?["type"] == "review")
            #expect(answers.allSatisfy { $0.actorUserID?.uuidString.lowercased() == agentID })
        }
    }
}

@Suite("Sharing by email")
struct ShareTests {
    @Test("sharing with a registered user mails them and records plan.shared for them", arguments: DatabaseDialect.allCases)
    func share(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (_, ownerAccess, _) = try await harness.register("sharer@example.com")
            let (guestID, _, _) = try await harness.register("guest@example.com")
            let owner = "Bearer \(ownerAccess)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Shared"], authorization: owner)
            let planID = try #require(plan.json["id"]?.stringValue)
            // act
            let shared = try await harness.send(
                .post, "/plans/\(planID)/share", json: ["email": "GUEST@example.com", "role": "editor"], authorization: owner)
            // assert
            #expect(shared.status == .ok)
            #expect(harness.mailer.sent.contains { $0.to == "guest@example.com" && $0.subject.contains("Shared") })
            let events = try await harness.withStore { store in
                try await store.withSession { session in try await session.domainEvents.list(planID: UUID(uuidString: planID)!) }
            }
            #expect(events.map(\.kind) == [.planShared])
            #expect(events.first?.payload["recipient_user_id"]?.stringValue == guestID)
            #expect(events.first?.payload["role"] == "editor")
        }
    }
}
