import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

/// A goal as the data migration writes it (DECISIONS.md §D2, §D6: v1's row with `owner_id` = v1's
/// `created_by`, the organisation dropped, the DATE kept as text) is read through the API by its creator and,
/// read-only, by a collaborator of a linked plan.
@Suite("Migrated goals")
struct GoalMigrationTests {
    @Test("a v1-shaped goal row is visible to its creator and to a linked plan's collaborator", arguments: DatabaseDialect.allCases)
    func migratedGoal(_ dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            let (creator, creatorToken, _) = try await harness.register("creator@example.com")
            let (colleague, colleagueToken, _) = try await harness.register("colleague@example.com")
            let (_, strangerToken, _) = try await harness.register("stranger@example.com")
            let plan = try await harness.send(.post, "/plans", json: ["title": "Linked"], authorization: "Bearer \(creatorToken)")
            let planID = try #require(plan.json["id"]?.stringValue)
            let shared = try await harness.send(
                .post, "/plans/\(planID)/collaborators", json: ["user_id": .string(colleague), "role": "viewer"],
                authorization: "Bearer \(creatorToken)")
            #expect(shared.status == .created)

            let goalID = "2f0c1a8e-5b3d-4e6f-8a9b-0c1d2e3f4a5b"
            try await harness.withStore { store in
                try await store.transaction { session in
                    let types = session.types
                    let creatorID = try #require(UUID(uuidString: creator))
                    try await session.sql.insert(into: "goals")
                        .columns(
                            "id", "owner_id", "title", "description", "success_metrics", "time_horizon", "status",
                            "github_repo_url", "created_by", "created_at", "updated_at"
                        )
                        .values(
                            types.bind(try #require(UUID(uuidString: goalID))), types.bind(creatorID), SQLBind("Grow v1"),
                            SQLBind("From the v1 organisation"),
                            types.bind(json: [["metric": "MAU", "target": 1000, "current": 250, "unit": "users"]]),
                            SQLBind("2026-06-30"), SQLBind("at_risk"), SQLBind("https://github.com/acme/app"),
                            types.bind(creatorID), types.bind(Date(timeIntervalSince1970: 1_735_689_600.5)),
                            types.bind(Date(timeIntervalSince1970: 1_735_689_600.5))
                        )
                        .run()
                    try await session.sql.insert(into: "plan_goals").columns("id", "plan_id", "goal_id", "linked_at", "linked_by")
                        .values(
                            types.bind(UUID()), types.bind(try #require(UUID(uuidString: planID))),
                            types.bind(try #require(UUID(uuidString: goalID))), types.bind(Date()), types.bind(creatorID)
                        )
                        .run()
                }
            }

            let list = try await harness.send(.get, "/goals", authorization: "Bearer \(creatorToken)")
            #expect(list.status == .ok)
            let listed = try #require(list.json["goals"]?.arrayValueForTests.first)
            #expect(listed["id"] == .string(goalID))
            #expect(listed["organization"] == .null && listed["organization_id"] == .null)
            #expect(listed["linked_plans_count"] == 1)
            #expect(listed["created_by_user"]?["email"] == "creator@example.com")

            let detail = try await harness.send(.get, "/goals/\(goalID)", authorization: "Bearer \(creatorToken)")
            #expect(detail.status == .ok)
            #expect(detail.json["time_horizon"] == "2026-06-30" && detail.json["status"] == "at_risk")
            #expect(detail.json["created_at"] == "2025-01-01T00:00:00.500000+00:00")
            #expect(detail.json["success_metrics"] == [["metric": "MAU", "target": 1000, "current": 250, "unit": "users"]])
            #expect(detail.json["linked_plans"]?.arrayValueForTests.first?["id"] == .string(planID))

            let colleagueRead = try await harness.send(.get, "/goals/\(goalID)", authorization: "Bearer \(colleagueToken)")
            #expect(colleagueRead.status == .ok)
            let colleagueWrite = try await harness.send(
                .put, "/goals/\(goalID)", json: ["title": "Mine"], authorization: "Bearer \(colleagueToken)")
            #expect(colleagueWrite.status == .forbidden)
            #expect(try await harness.send(.get, "/goals/\(goalID)", authorization: "Bearer \(strangerToken)").status == .forbidden)

            let summary = try await harness.send(.get, "/dashboard/summary", authorization: "Bearer \(creatorToken)")
            #expect(summary.json["active_goals_count"] == 0, "an at_risk goal is not active")
            let context = try await harness.send(.get, "/context/plan?plan_id=\(planID)", authorization: "Bearer \(colleagueToken)")
            #expect(context.json["goals"]?.arrayValueForTests.first?["id"] == .string(goalID))
        }
    }
}

extension JSONValue {
    var arrayValueForTests: [JSONValue] {
        if case .array(let items) = self { return items }
        return []
    }
}
