import AgentPlannerCore
import Foundation
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

/// Two people resolving one decision at the same time: exactly one wins, on both databases.
@Suite("Decision races")
struct DecisionRaceTests {
    /// An owner, an editor on the owner's plan, and their bearer headers.
    struct Team {
        let ownerID: String
        let editorID: String
        let owner: String
        let editor: String
        let planID: String
    }

    static func team(_ harness: AuthHarness) async throws -> Team {
        let (ownerID, ownerAccess, _) = try await harness.register("owner@example.com")
        let (editorID, editorAccess, _) = try await harness.register("editor@example.com")
        let owner = "Bearer \(ownerAccess)"
        let plan = try await harness.send(.post, "/plans", json: ["title": "Race"], authorization: owner)
        let planID = try #require(plan.json["id"]?.stringValue)
        let shared = try await harness.send(
            .post, "/plans/\(planID)/collaborators", json: ["user_id": .string(editorID), "role": "editor"],
            authorization: owner)
        #expect(shared.status == .created)
        return Team(ownerID: ownerID, editorID: editorID, owner: owner, editor: "Bearer \(editorAccess)", planID: planID)
    }

    @Test("two concurrent resolves: one 200, the other refused (409 or 400), one resolution event", arguments: DatabaseDialect.allCases)
    func concurrentResolves(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let team = try await Self.team(harness)
            var conflicts = 0
            for round in 0..<8 {
                let created = try await harness.send(
                    .post, "/plans/\(team.planID)/decisions", json: ["title": .string("Round \(round)"), "context": "c"],
                    authorization: team.editor)
                let decisionID = try #require(created.json["id"]?.stringValue)
                let path = "/plans/\(team.planID)/decisions/\(decisionID)/resolve"
                // act
                async let byOwner = harness.send(.post, path, json: ["decision": "owner's"], authorization: team.owner)
                async let byEditor = harness.send(.post, path, json: ["decision": "editor's"], authorization: team.editor)
                let answers = try await [byOwner, byEditor]
                // assert
                let winners = answers.filter { $0.status == .ok }
                #expect(winners.count == 1, "round \(round): \(answers.map(\.status.code))")
                let loser = try #require(answers.first { $0.status != .ok })
                let refusals: [String: Int] = [
                    "Decision was already resolved by another user": 409,
                    "Decision request has already been resolved": 400,
                ]
                let message = try #require(loser.json["error"]?.stringValue)
                #expect(refusals[message] == loser.status.code, "round \(round): \(loser.status.code) \(message)")
                if loser.status.code == 409 { conflicts += 1 }
                let stored = try await harness.send(.get, "/plans/\(team.planID)/decisions/\(decisionID)", authorization: team.owner)
                #expect(stored.json["decision"] == winners.first?.json["decision"])
                #expect(stored.json["decided_by_user_id"] == winners.first?.json["decided_by_user_id"])
            }
            let events = try await harness.withStore { store in
                try await store.withSession { session in
                    try await session.domainEvents.list(planID: try #require(UUID(uuidString: team.planID)))
                }
            }
            #expect(events.filter { $0.kind == .decisionResolved }.count == 8, "one resolution event per decision")
            // The figure for the report: how often the loser saw the conditional UPDATE fail (409) rather than the
            // winner's committed row (400).
            print("decision race on \(dialect): 8 rounds, 8 single winners, \(conflicts) losers answered 409")
        }
    }

    @Test("a resolve that read `pending` but lost the conditional update changes nothing", arguments: DatabaseDialect.allCases)
    func staleReadLoses(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            let (first, second, decision) = try await store.transaction { session in
                let first = try await session.users.create(NewUser(email: "first@example.com"))
                let second = try await session.users.create(NewUser(email: "second@example.com"))
                let plan = try await session.plans.create(
                    NewPlan(title: "P", description: nil, ownerID: first.id, status: "active", metadata: .emptyObject))
                let decision = try await session.decisions.create(
                    NewDecisionRequest(
                        planID: plan.id, nodeID: nil, requestedByUserID: first.id, requestedByAgentName: nil, title: "T",
                        context: "C", options: .emptyArray, urgency: "blocking", expiresAt: nil, metadata: .emptyObject))
                return (first.id, second.id, decision)
            }
            // act: both callers saw it pending; the first writes, then the second's write comes too late
            let seen = try await store.withSession { try await $0.decisions.find(id: decision.id, planID: decision.planID) }
            let won = try await store.transaction { session in
                try await session.decisions.resolve(
                    id: decision.id, planID: decision.planID, decidedBy: first, decision: "A", rationale: nil, at: Date())
            }
            let lost = try await store.transaction { session in
                try await session.decisions.resolve(
                    id: decision.id, planID: decision.planID, decidedBy: second, decision: "B", rationale: "late", at: Date())
            }
            let cancelled = try await store.transaction { session in
                try await session.decisions.cancel(id: decision.id, planID: decision.planID, metadata: .emptyObject, at: Date())
            }
            // assert
            #expect(seen?.status == "pending")
            #expect(won?.status == "decided" && won?.decidedByUserID == first)
            #expect(lost == nil)
            #expect(cancelled == nil)
            let final = try await store.withSession { try await $0.decisions.find(id: decision.id, planID: decision.planID) }
            #expect(final?.decision == "A" && final?.rationale == nil && final?.decidedByUserID == first)
        }
    }

    @Test("an expired decision cannot be resolved, and the expiry sticks", arguments: DatabaseDialect.allCases)
    func expiredCannotBeResolved(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            let decision = try await store.transaction { session in
                let user = try await session.users.create(NewUser(email: "late@example.com"))
                let plan = try await session.plans.create(
                    NewPlan(title: "P", description: nil, ownerID: user.id, status: "active", metadata: .emptyObject))
                return try await session.decisions.create(
                    NewDecisionRequest(
                        planID: plan.id, nodeID: nil, requestedByUserID: user.id, requestedByAgentName: nil, title: "T",
                        context: "C", options: .emptyArray, urgency: "can_continue",
                        expiresAt: Date().addingTimeInterval(-1), metadata: .emptyObject))
            }
            // act
            let resolved = try await store.transaction { session in
                try await session.decisions.resolve(
                    id: decision.id, planID: decision.planID, decidedBy: decision.requestedByUserID, decision: "x",
                    rationale: nil, at: Date())
            }
            let expired = try await store.transaction { try await $0.decisions.expirePending(planID: decision.planID, now: Date()) }
            let again = try await store.transaction { try await $0.decisions.expirePending(planID: decision.planID, now: Date()) }
            // assert
            #expect(resolved == nil)
            #expect(expired == 1 && again == 0)
            let final = try await store.withSession { try await $0.decisions.find(id: decision.id, planID: decision.planID) }
            #expect(final?.status == "expired")
            #expect(try await store.withSession { try await $0.decisions.pendingCount(planID: decision.planID) } == 0)
        }
    }
}
