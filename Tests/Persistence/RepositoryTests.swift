import AgentPlannerCore
import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Repositories")
struct RepositoryTests {
    @Test("users: create, find by id, email without case, GitHub id", arguments: DatabaseDialect.allCases)
    func users(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            let confirmed = Date(timeIntervalSince1970: 1_771_072_496.123456)
            let hash = "$2a$10$" + String(repeating: "a", count: 53)
            // act
            let created = try await store.withSession { session in
                try await session.users.create(
                    NewUser(
                        email: "Ada@Example.com", name: "Ada", passwordHash: hash, emailConfirmedAt: confirmed,
                        metadata: .object(["organization": .string("Analytical"), "nested": .array([.null, 1])]),
                        githubID: "12345"))
            }
            let byEmail = try await store.withSession { try await $0.users.find(email: "ada@EXAMPLE.com") }
            let byGitHub = try await store.withSession { try await $0.users.find(githubID: "12345") }
            let missing = try await store.withSession { try await $0.users.find(id: UUID()) }
            // assert
            #expect(created.email == "Ada@Example.com")
            #expect(created.passwordHash == hash)
            #expect(created.emailConfirmedAt == confirmed)
            #expect(created.metadata["organization"] == .string("Analytical"))
            #expect(created.metadata["nested"] == .array([.null, .number(1)]))
            #expect(created.capabilityTags.isEmpty)
            #expect(byEmail == created)
            #expect(byGitHub?.id == created.id)
            #expect(missing == nil)
        }
    }

    @Test("an email that differs only in case is refused", arguments: DatabaseDialect.allCases)
    func emailUniqueWithoutCase(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            _ = try await store.withSession { try await $0.users.create(NewUser(email: "grace@example.com")) }
            let error = await #expect(throws: ConstraintViolation.self) {
                _ = try await store.withSession { try await $0.users.create(NewUser(email: "GRACE@example.com")) }
            }
            #expect(error?.kind == .unique)
        }
    }

    @Test("plans and their tree: one root, parents in the same plan", arguments: DatabaseDialect.allCases)
    func planTree(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            // setup
            let owner = try await store.withSession { try await $0.users.create(NewUser(email: "o@example.com")) }
            let (plan, root) = try await store.transaction { session in
                let plan = try await session.plans.create(NewPlan(title: "Launch", ownerID: owner.id))
                let root = try await session.planNodes.create(
                    NewPlanNode(planID: plan.id, parentID: nil, nodeType: "root", title: plan.title))
                return (plan, root)
            }
            let other = try await store.withSession {
                try await $0.plans.create(NewPlan(title: "Other", ownerID: owner.id))
            }
            // act
            let task = try await store.withSession { session in
                try await session.planNodes.create(
                    NewPlanNode(
                        planID: plan.id, parentID: root.id, nodeType: "task", title: "Write the 📋 spec",
                        orderIndex: 1, metadata: .object(["k": .string("v")])))
            }
            let secondRoot = await #expect(throws: ConstraintViolation.self) {
                _ = try await store.withSession { session in
                    try await session.planNodes.create(
                        NewPlanNode(planID: plan.id, parentID: nil, nodeType: "root", title: "again"))
                }
            }
            let foreignParent = await #expect(throws: ConstraintViolation.self) {
                _ = try await store.withSession { session in
                    try await session.planNodes.create(
                        NewPlanNode(planID: other.id, parentID: root.id, nodeType: "task", title: "stray"))
                }
            }
            let badStatus = await #expect(throws: ConstraintViolation.self) {
                _ = try await store.withSession { try await $0.planNodes.updateStatus(id: task.id, status: "cancelled") }
            }
            let nodes = try await store.withSession { try await $0.planNodes.list(planID: plan.id) }
            // assert
            #expect(plan.status == "draft" && plan.visibility == "private" && !plan.isPublic && plan.viewCount == 0)
            #expect(secondRoot?.kind == .unique)
            #expect(foreignParent?.kind == .foreignKey)
            #expect(badStatus?.kind == .check)
            #expect(nodes.map(\.id) == [root.id, task.id])
            #expect(nodes.last?.title == "Write the 📋 spec")
            #expect(nodes.last?.metadata == .object(["k": .string("v")]))
            #expect(try await store.withSession { try await $0.planNodes.root(planID: plan.id) }?.id == root.id)
        }
    }

    @Test("deleting a plan removes its nodes", arguments: DatabaseDialect.allCases)
    func planDeleteCascades(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let owner = try await store.withSession { try await $0.users.create(NewUser(email: "d@example.com")) }
            let plan = try await store.withSession { try await $0.plans.create(NewPlan(title: "P", ownerID: owner.id)) }
            let root = try await store.withSession {
                try await $0.planNodes.create(NewPlanNode(planID: plan.id, parentID: nil, nodeType: "root", title: "P"))
            }
            #expect(try await store.withSession { try await $0.plans.delete(id: plan.id) })
            #expect(try await store.withSession { try await $0.planNodes.find(id: root.id) } == nil)
            #expect(try await store.withSession { try await $0.plans.delete(id: plan.id) } == false)
        }
    }

    @Test("a failed transaction leaves nothing behind", arguments: DatabaseDialect.allCases)
    func transactionRollsBack(dialect: DatabaseDialect) async throws {
        try await TestDatabases.withStore(dialect) { store in
            let owner = try await store.withSession { try await $0.users.create(NewUser(email: "t@example.com")) }
            let planID = UUID()
            await #expect(throws: ConstraintViolation.self) {
                try await store.transaction { session in
                    _ = try await session.plans.create(NewPlan(id: planID, title: "P", ownerID: owner.id))
                    _ = try await session.planNodes.create(
                        NewPlanNode(planID: planID, parentID: nil, nodeType: "nonsense", title: "P"))
                }
            }
            #expect(try await store.withSession { try await $0.plans.find(id: planID) } == nil)
        }
    }
}
