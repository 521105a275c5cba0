import DataMigration
import Foundation
import TestSupport
import Testing

@Suite("Migration end to end", .serialized, .tags(.slow))
struct MigrationEndToEndTests {
    @Test("fixture → run → verify passes, with the edge cases repaired, archived and reported")
    func endToEnd() async throws {
        try await MigrationHarness.run { h in
            // act
            let outcome = try await h.migrate(batchSize: 25)
            let report = try await h.verify()
            // assert
            #expect(outcome.blocking.isEmpty)
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.summary) \($0.firstDifferences)" })")
            #expect(outcome.repairs["created_root"] == 1)
            #expect(outcome.repairs["extra_root"] == 1)
            #expect(outcome.repairs["parent_other_plan"] == 1)
            #expect(outcome.repairs["cycle"] == 3)
            #expect((outcome.repairs["no_parent"] ?? 0) >= 1)
            #expect(outcome.secretsReencrypted == 2)
            let functional = report.checks.filter { $0.section == "functional" }
            #expect(functional.count == 2 && functional.allSatisfy { $0.status == .pass })
            #expect(report.check(named: "archive present").first?.status == .pass)
            // The auth-only user got a profile; the GitHub-only users have no password.
            #expect(try await h.count(on: h.target, "SELECT count(*)::text FROM users WHERE email = 'authonly@example.com'") == 1)
            #expect(
                try await h.count(
                    on: h.target, "SELECT count(*)::text FROM users WHERE github_id IN ('583231', '9919') AND password_hash IS NULL") == 2)
            #expect(try await h.count(on: h.target, "SELECT count(*)::text FROM goals WHERE status = 'at_risk'") == 1)
        }
    }

    @Test("after a run the target has v2's keys, indexes and validated foreign keys, as a new v2 database has them")
    func schemaRestored() async throws {
        // Every constraint (with its definition and whether it is validated) and every index of the public schema.
        let fingerprint = """
            SELECT string_agg(x, E'\\n' ORDER BY x) FROM (
              SELECT c.conrelid::regclass::text || ' ' || c.conname || ' ' || pg_get_constraintdef(c.oid)
                     || CASE WHEN c.convalidated THEN '' ELSE ' NOT VALID' END AS x
                FROM pg_constraint c WHERE c.connamespace = 'public'::regnamespace
              UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public') f
            """
        let (migrated, fresh) = try await MigrationHarness.run { h in
            _ = try await h.migrate()
            let migrated = try await h.scalar(on: h.target, fingerprint) ?? ""
            let fresh = try await TestDatabases.withPostgresLocation(migrated: true) { empty in
                try await h.scalar(on: empty, fingerprint) ?? ""
            }
            return (migrated, fresh)
        }
        #expect(fresh.contains("PRIMARY KEY") && fresh.contains("FOREIGN KEY") && fresh.contains("USING gin"))
        #expect(migrated == fresh)
    }

    @Test("formatting-only differences are no alarm: arrays rebuilt in the same order, re-serialised jsonb")
    func noFalseAlarms() async throws {
        try await MigrationHarness.run { h in
            // setup
            _ = try await h.migrate()
            // act
            try await h.execute(
                on: h.target,
                [
                    "UPDATE api_tokens SET permissions = ARRAY(SELECT p FROM unnest(permissions) WITH ORDINALITY u(p, n) ORDER BY n) WHERE cardinality(permissions) > 0",
                    "UPDATE plans SET metadata = (metadata::text)::jsonb",
                    "UPDATE plan_node_logs SET tags = ARRAY(SELECT g FROM unnest(tags) WITH ORDINALITY u(g, n) ORDER BY n) WHERE cardinality(tags) > 0",
                ])
            let report = try await h.verify()
            // assert
            #expect(report.passed, "\(report.failures.map(\.name))")
        }
    }

    @Test("a second run on a complete target changes nothing")
    func rerunAfterCompletion() async throws {
        try await MigrationHarness.run { h in
            _ = try await h.migrate()
            let before = try await h.count(on: h.target, "SELECT count(*)::text FROM plan_nodes")
            let again = try await h.migrate()
            #expect(again.alreadyComplete)
            #expect(try await h.count(on: h.target, "SELECT count(*)::text FROM plan_nodes") == before)
        }
    }

    @Test("a dry run reports the repairs and writes nothing")
    func dryRun() async throws {
        try await MigrationHarness.run { h in
            let outcome = try await h.migrate(dryRun: true)
            #expect(outcome.dryRun)
            #expect(outcome.repairs["created_root"] == 1)
            #expect(
                try await h.count(
                    on: h.target, "SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'public'") == 0)
        }
    }
}
