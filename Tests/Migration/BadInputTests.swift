import DataMigration
import Foundation
import Persistence
import TestSupport
import Testing

@Suite("Migration refuses bad input", .serialized, .tags(.slow))
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

    @Test("two accounts claiming one GitHub identity (identity on one, profile on the other) block the migration")
    func duplicateGitHubID() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            try await h.execute(
                on: h.source,
                [
                    "UPDATE users SET github_id = NULL WHERE email = 'octo@example.com'",
                    "UPDATE users SET github_id = '583231' WHERE email = 'user0-0@example.com'",
                ])
            let outcome = try await h.migrate()
            #expect(outcome.blocking.map(\.name) == ["duplicate GitHub ids"])
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
        arguments: ["load:plan_nodes", "tree_repairs", "load:plan_comments", "archive", "finish"])
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

    @Test("an archive that cannot be written stops the run and leaves the target marked incomplete")
    func archiveUnwritable() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            // setup: the archive directory would have to live under a regular file
            let blocker = h.archive + "-file"
            _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
            defer { try? FileManager.default.removeItem(atPath: blocker) }
            let runner = MigrationRunner(
                options: MigrationOptions(
                    source: h.source, target: h.target, archiveDirectory: blocker + "/archive", keys: MigrationHarness.keys),
                logger: h.logger)
            // act
            let error = await #expect(throws: MigrationFailure.self) { try await runner.run() }
            let report = try await h.verify()
            // assert
            #expect(error?.description.contains("cannot create the archive directory") == true)
            #expect(report.failures.map(\.name) == ["migration complete on the target"])
        }
    }

    @Test("a source built from the repository, without the production-only tables and columns, migrates and verifies")
    func withoutProductionOnlyObjects() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            // setup
            try await h.execute(
                on: h.source,
                [
                    "DROP TABLE webhook_deliveries, plan_stars, plan_templates, knowledge_entries, plan_chat_messages, prompt_templates",
                    "ALTER TABLE users DROP COLUMN webhook_url, DROP COLUMN webhook_events, DROP COLUMN webhook_enabled",
                    "ALTER TABLE plans DROP COLUMN knowledge_store_id",
                    "ALTER TABLE goals DROP COLUMN knowledge_store_id",
                    "ALTER TABLE organizations DROP COLUMN knowledge_store_id",
                    "DROP TABLE knowledge_stores",
                ])
            // act
            let outcome = try await h.migrate()
            let report = try await h.verify()
            // assert
            #expect(outcome.absentOptional.contains("webhook_deliveries"))
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.summary)" })")
            #expect(try await h.count(on: h.target, "SELECT count(*)::text FROM messaging_integrations WHERE adapter = 'webhook'") == 0)
        }
    }
}
