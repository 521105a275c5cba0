import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

@Suite("Agent status and the user directory")
struct AgentStatusTests {
    @Test("agent-status derives active, online, idle and offline from the last heartbeat's age", arguments: DatabaseDialect.allCases)
    func thresholds(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let team = try await DecisionRaceTests.team(harness)
            let editorID = try #require(UUID(uuidString: team.editorID))
            _ = try await harness.send(.post, "/heartbeat", json: ["plan_id": .string(team.planID), "status": "online"], authorization: team.editor)
            func age(_ minutes: Double) async throws -> String? {
                try await harness.withStore { store in
                    try await store.transaction { session in
                        try await session.sql.update("agent_heartbeats")
                            .set("last_seen_at", to: session.types.bind(Date().addingTimeInterval(-minutes * 60)))
                            .where("user_id", .equal, session.types.bind(editorID)).run()
                    }
                }
                let answer = try await harness.send(.get, "/plans/\(team.planID)/agent-status", authorization: team.owner)
                guard case .array(let agents)? = answer.json["agents"] else { return nil }
                return agents.first { $0["id"] == .string(team.editorID) }?["status"]?.stringValue
            }
            // act / assert
            #expect(try await age(1) == "online")
            #expect(try await age(4.9) == "online")
            #expect(try await age(6) == "idle")
            #expect(try await age(14.5) == "idle")
            #expect(try await age(16) == "offline")
            _ = try await harness.send(.post, "/heartbeat", json: ["plan_id": .string(team.planID)], authorization: team.editor)
            #expect(try await age(0) == "active")
        }
    }

    @Test("the directory shows the caller and the people sharing a plan; search finds an exact email", arguments: DatabaseDialect.allCases)
    func directory(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let team = try await DecisionRaceTests.team(harness)
            let (loneID, loneAccess, _) = try await harness.register("lone@example.com")
            let lone = "Bearer \(loneAccess)"
            // act
            let ownerList = try await harness.send(.get, "/users", authorization: team.owner)
            let loneList = try await harness.send(.get, "/users", authorization: lone)
            let loneSearch = try await harness.send(.get, "/users/search?query=example", authorization: lone)
            let exact = try await harness.send(.get, "/users/search?query=EDITOR@example.com", authorization: lone)
            let hidden = try await harness.send(.get, "/users/\(team.editorID)/capabilities", authorization: lone)
            let shared = try await harness.send(.get, "/users/\(team.editorID)/capabilities", authorization: team.owner)
            // assert
            func ids(_ answer: AuthHarness.Answer, _ key: String) -> Set<String> {
                guard case .array(let users)? = answer.json[key] else { return [] }
                return Set(users.compactMap { $0["id"]?.stringValue })
            }
            #expect(ids(ownerList, "users") == [team.ownerID, team.editorID])
            #expect(ownerList.json["total"] == 2)
            #expect(ids(loneList, "users") == [loneID])
            #expect(ids(loneSearch, "results") == [loneID])
            #expect(ids(exact, "results") == [team.editorID])
            #expect(hidden.status == .notFound)
            #expect(shared.status == .ok && shared.json == ["capability_tags": []])
        }
    }

    @Test("my-tasks puts the newest agent request first, then the most recently updated", arguments: DatabaseDialect.allCases)
    func myTasksOrder(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup: three tasks, two with agent requests at known times
            let team = try await DecisionRaceTests.team(harness)
            var ids: [String] = []
            for title in ["old request", "new request", "no request"] {
                let task = try await harness.send(
                    .post, "/plans/\(team.planID)/nodes", json: ["node_type": "task", "title": .string(title)], authorization: team.owner)
                ids.append(try #require(task.json["id"]?.stringValue))
            }
            let requests: [(String, Double)] = [(ids[0], -600), (ids[1], -60)]
            try await harness.withStore { store in
                try await store.transaction { session in
                    for (id, offset) in requests {
                        try await session.sql.update("plan_nodes")
                            .set("agent_requested", to: SQLBind("start"))
                            .set("agent_requested_at", to: session.types.bind(Date().addingTimeInterval(offset)))
                            .set("agent_requested_by", to: session.types.bind(try #require(UUID(uuidString: team.ownerID))))
                            .where("id", .equal, session.types.bind(try #require(UUID(uuidString: id)))).run()
                    }
                }
            }
            // act
            let all = try await harness.send(.get, "/users/my-tasks", authorization: team.editor)
            let requested = try await harness.send(.get, "/users/my-tasks?requested=true", authorization: team.editor)
            // assert
            func order(_ answer: AuthHarness.Answer) -> [String] {
                guard case .array(let tasks)? = answer.json["tasks"] else { return [] }
                return tasks.compactMap { $0["id"]?.stringValue }
            }
            #expect(order(all) == [ids[1], ids[0], ids[2]])
            #expect(order(requested) == [ids[1], ids[0]])
            #expect(requested.json["total"] == 2)
            guard case .array(let tasks)? = requested.json["tasks"] else { return }
            #expect(tasks.first?["agent_request"]?["type"] == "start")
            #expect(tasks.first?["agent_request"]?["requested_by"] == .string(team.ownerID))
        }
    }
}
