import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

/// The agent loop's outbox events, bad input (never a 500) and heartbeat floods.
@Suite("Agent loop")
struct AgentLoopInputTests {
    @Test("decision requested goes to the plan owner, decision resolved to the requester, in the outbox", arguments: DatabaseDialect.allCases)
    func decisionEvents(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let team = try await DecisionRaceTests.team(harness)
            // act
            let refused = try await harness.send(
                .post, "/plans/\(team.planID)/decisions", json: ["title": "", "context": "c"], authorization: team.editor)
            let created = try await harness.send(
                .post, "/plans/\(team.planID)/decisions",
                json: ["title": "Which API?", "context": "c", "urgency": "blocking", "requested_by_agent_name": "bot"],
                authorization: team.editor)
            let decisionID = try #require(created.json["id"]?.stringValue)
            let resolved = try await harness.send(
                .post, "/plans/\(team.planID)/decisions/\(decisionID)/resolve", json: ["decision": "REST", "rationale": "simple"],
                authorization: team.owner)
            // assert
            #expect(refused.status == .badRequest && created.status == .created && resolved.status == .ok)
            let events = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.domainEvents.list(planID: try #require(UUID(uuidString: team.planID)))
                }
            }
            #expect(events.map(\.kind) == [.decisionRequested, .decisionResolved], "the refused create recorded nothing")
            let requested = try #require(events.first?.payload)
            #expect(requested["recipient_user_id"] == .string(team.ownerID))
            #expect(requested["v1_event"] == "decision.requested.blocking")
            #expect(requested["decision"]?["id"] == .string(decisionID))
            #expect(requested["actor"] == ["name": "bot", "type": "agent", "agent_name": "bot"])
            let resolution = try #require(events.last?.payload)
            #expect(resolution["recipient_user_id"] == .string(team.editorID))
            #expect(resolution["v1_event"] == "decision.resolved")
            #expect(resolution["resolution"]?["decision"] == "REST")
            #expect(resolution["decision"]?["status"] == "decided")
            #expect(events.last?.actorUserID?.uuidString.lowercased() == team.ownerID)
        }
    }

    @Test("bad input to the agent loop answers 4xx, never 500", arguments: DatabaseDialect.allCases)
    func badInput(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let team = try await DecisionRaceTests.team(harness)
            let decisions = "/plans/\(team.planID)/decisions"
            let created = try await harness.send(.post, decisions, json: ["title": "t", "context": "c"], authorization: team.owner)
            let decisionID = try #require(created.json["id"]?.stringValue)
            let unknown = "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"
            let options = JSONValue.array((0..<11).map { ["option": .string("o\($0)")] })
            let metadata: JSONValue = ["blob": .string(String(repeating: "m", count: 10 * 1024))]
            let cases: [(String, AuthHarness.Answer)] = [
                (
                    "11 options",
                    try await harness.send(.post, decisions, json: ["title": "t", "context": "c", "options": options], authorization: team.owner)
                ),
                (
                    "option not an object",
                    try await harness.send(.post, decisions, json: ["title": "t", "context": "c", "options": [1]], authorization: team.owner)
                ),
                (
                    "pros not an array",
                    try await harness.send(
                        .post, decisions, json: ["title": "t", "context": "c", "options": [["option": "a", "pros": "p"]]], authorization: team.owner)
                ),
                (
                    "10 KB metadata",
                    try await harness.send(.post, decisions, json: ["title": "t", "context": "c", "metadata": metadata], authorization: team.owner)
                ),
                (
                    "empty decision",
                    try await harness.send(.post, "\(decisions)/\(decisionID)/resolve", json: ["decision": ""], authorization: team.owner)
                ),
                (
                    "decision not a string",
                    try await harness.send(.post, "\(decisions)/\(decisionID)/resolve", json: ["decision": ["x"]], authorization: team.owner)
                ),
                ("limit huge", try await harness.send(.get, "\(decisions)?offset=99999999999999999999", authorization: team.owner)),
                (
                    "heartbeat unknown plan",
                    try await harness.send(.post, "/heartbeat", json: ["plan_id": .string(unknown)], authorization: team.owner)
                ),
                (
                    "heartbeat unknown task",
                    try await harness.send(.post, "/heartbeat", json: ["task_id": .string(unknown)], authorization: team.owner)
                ),
                ("heartbeat malformed plan", try await harness.send(.post, "/heartbeat", json: ["plan_id": "x"], authorization: team.owner)),
                ("heartbeat bad status", try await harness.send(.post, "/heartbeat", json: ["status": 5], authorization: team.owner)),
                ("capabilities of nobody", try await harness.send(.get, "/users/\(unknown)/capabilities", authorization: team.owner)),
                (
                    "capability tags of objects",
                    try await harness.send(.put, "/users/capabilities", json: ["capability_tags": [["a": 1]]], authorization: team.owner)
                ),
            ]
            // assert
            for (name, answer) in cases {
                #expect((400..<500).contains(answer.status.code), "\(name): \(answer.status.code) \(answer.json)")
                #expect(answer.json["error"]?.stringValue != nil, "\(name): \(answer.json)")
            }
            let after = try await harness.send(.get, "\(decisions)/\(decisionID)", authorization: team.owner)
            #expect(after.json["status"] == "pending")
            let heartbeat = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.heartbeats.find(userID: try #require(UUID(uuidString: team.ownerID)))
                }
            }
            #expect(heartbeat == nil, "refused heartbeats stored nothing")
        }
    }

    @Test("a flood of concurrent heartbeats from one agent: every answer 200, one row", arguments: DatabaseDialect.allCases)
    func heartbeatFlood(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (userID, access, _) = try await harness.register("flood@example.com")
            let bearer = "Bearer \(access)"
            // act
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        let status: JSONValue = index % 2 == 0 ? "active" : "online"
                        return try await harness.send(.post, "/heartbeat", json: ["status": status], authorization: bearer).status.code
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            // assert
            #expect(statuses.count == 40 && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            let rows = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.sql.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n")
                        .from("agent_heartbeats").first()?.decode(column: "n", as: Int.self)
                }
            }
            #expect(rows == 1)
            let own = try await harness.withStore { store in
                try await store.withSession { try await $0.heartbeats.find(userID: try #require(UUID(uuidString: userID))) }
            }
            #expect(own != nil)
        }
    }

    @Test("past the general rate limit, heartbeats get v1's 429, never a 500", arguments: DatabaseDialect.allCases)
    func heartbeatRateLimit(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(
            dialect,
            configure: { configuration in
                configuration.rateLimits.enabled = true
                configuration.rateLimits.general = .init(maximum: 15, window: 600)
            }
        ) { harness in
            // setup
            let (_, access, _) = try await harness.register("limited@example.com")
            // act
            var answers: [AuthHarness.Answer] = []
            for _ in 0..<25 {
                answers.append(try await harness.send(.post, "/heartbeat", json: [:], authorization: "Bearer \(access)"))
            }
            // assert
            #expect(answers.prefix(15).allSatisfy { $0.status == .ok })
            #expect(answers.dropFirst(15).allSatisfy { $0.status == .tooManyRequests })
            #expect(answers.last?.json["type"] == "general")
            #expect(answers.last?.json["error"] == "Too many requests")
        }
    }
}
