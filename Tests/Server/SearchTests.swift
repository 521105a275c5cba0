import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import TestSupport
import Testing

@Suite("Search")
struct SearchTests {
    @Test("PostgreSQL adds full-text matches (stemming); SQLite matches substrings only", arguments: DatabaseDialect.allCases)
    func fullText(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (_, access, _) = try await harness.register("searcher@example.com")
            let bearer = "Bearer \(access)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "Rollout"], authorization: bearer)
            let planID = try #require(plan.json["id"]?.stringValue)
            _ = try await harness.send(
                .post, "/plans/\(planID)/nodes", json: ["node_type": "task", "title": "Blue-green deployment"],
                authorization: bearer)
            // act
            let stemmed = try await harness.send(.get, "/search?query=deploying", authorization: bearer)
            let substring = try await harness.send(.get, "/search?query=ploym", authorization: bearer)
            // assert
            #expect(stemmed.status == .ok && substring.status == .ok)
            #expect(substring.json["counts"]?["nodes"] == 1, "substrings match on both engines")
            #expect(stemmed.json["counts"]?["nodes"] == (dialect == .postgres ? 1 : 0))
        }
    }

    @Test("wildcards and PostgREST syntax in a query are plain text, never an error", arguments: DatabaseDialect.allCases)
    func specialCharacters(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (_, access, _) = try await harness.register("wild@example.com")
            let bearer = "Bearer \(access)"
            let plan = try await harness.send(.post, "/plans", json: ["title": "100% done (really), ok"], authorization: bearer)
            let planID = try #require(plan.json["id"]?.stringValue)
            _ = try await harness.send(
                .post, "/plans/\(planID)/nodes", json: ["node_type": "task", "title": "under_score"], authorization: bearer)
            // act
            let percent = try await harness.send(.get, "/search?query=0%25%20d", authorization: bearer)
            let comma = try await harness.send(.get, "/search?query=(really),", authorization: bearer)
            let underscore = try await harness.send(.get, "/search/plan/\(planID)?query=unde__score", authorization: bearer)
            let literal = try await harness.send(.get, "/search/plan/\(planID)?query=under_score", authorization: bearer)
            // assert
            #expect(percent.json["counts"]?["plans"] == 1, "`%` is a character, not a wildcard")
            #expect(comma.json["counts"]?["plans"] == 1, "v1 answered 500 for commas and parentheses")
            #expect(underscore.json["count"] == 0, "`_` does not match any character")
            #expect(literal.json["count"] == 2, "the node and its creation log")
        }
    }
}
