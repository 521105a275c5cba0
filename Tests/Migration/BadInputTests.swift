import DataMigration
import Foundation
import Persistence
import Testing

@Suite("Migration refuses bad input")
struct BadInputTests {
    @Test("a source that is not a v1 database")
    func notV1() async throws {
        try await MigrationHarness.run(buildFixture: false) { h in
            try await h.execute(on: h.source, ["CREATE TABLE things (id uuid PRIMARY KEY)"])
            let error = await #expect(throws: MigrationFailure.self) { try await h.migrate() }
            #expect(error?.description.contains("not a v1 AgentPlanner database") == true)
        }
    }

    @Test("a v1 variant: a missing table, an unknown column")
    func variant() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            try await h.execute(on: h.source, ["DROP TABLE handoffs", "ALTER TABLE plans ADD COLUMN priority integer"])
            let error = await #expect(throws: MigrationFailure.self) { try await h.migrate() }
            #expect(error?.description.contains("table handoffs is missing") == true)
            #expect(error?.description.contains("column plans.priority") == true)
        }
    }

    @Test("emails that collide without case block the migration, and nothing is written")
    func emailCollision() async throws {
        try await MigrationHarness.run(scale: 1, emailCollision: true) { h in
            let outcome = try await h.migrate()
            #expect(outcome.blocking.map(\.name) == ["email collisions (case-insensitive)"])
            #expect(outcome.blocking.first?.examples.first?.contains("ase.collide@example.com") == true)
            #expect(
                try await h.count(
                    on: h.target, "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'public'") == 0)
        }
    }

    @Test("an unreachable source is one clear error")
    func unreachable() async throws {
        try await MigrationHarness.run(buildFixture: false) { h in
            var unreachable = h.source
            unreachable.port = 1
            let runner = MigrationRunner(
                options: MigrationOptions(source: unreachable, target: h.target, archiveDirectory: h.archive), logger: h.logger)
            let error = await #expect(throws: MigrationFailure.self) { try await runner.run() }
            #expect(error?.description.contains("cannot reach the source database") == true)
        }
    }

    @Test("a target that is not empty and not ours is refused")
    func foreignTarget() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            try await h.execute(on: h.target, ["CREATE TABLE notes (id int)", "INSERT INTO notes VALUES (1)"])
            let error = await #expect(throws: MigrationFailure.self) { try await h.migrate() }
            #expect(error?.description.contains("not empty") == true)
        }
    }

    @Test(
        "a run interrupted mid-way resumes without doubling rows",
        arguments: ["batch:plan_nodes:40", "load:plan_comments", "archive", "finish"])
    func resumeAfterInterruption(_ point: String) async throws {
        try await MigrationHarness.run(scale: 2) { h in
            // setup: the first run stops at `point`
            await #expect(throws: SimulatedInterruption.self) {
                try await h.migrate(batchSize: 20) { step in if step == point { throw SimulatedInterruption() } }
            }
            let verdict = try await h.verify()
            #expect(verdict.failures.first?.name == "migration complete on the target")
            // act
            let outcome = try await h.migrate(batchSize: 20)
            let report = try await h.verify()
            // assert
            #expect(outcome.resumed)
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.firstDifferences)" })")
        }
    }
}
