import DataMigration
import Foundation
import TestSupport
import Testing

/// After a good migration, one fault is made on the target; the verifier must fail and name it.
@Suite("Verifier catches injected faults", .serialized, .tags(.slow))
struct FaultInjectionTests {
    struct Fault: Sendable, CustomStringConvertible {
        let description: String
        let statements: [String]
        /// A failing check's name must start with this.
        let expectedCheck: String
        var removesArchiveFile: String?
    }

    static let faults: [Fault] = [
        Fault(
            description: "a deleted row",
            statements: ["DELETE FROM plan_comments WHERE id = (SELECT id FROM plan_comments ORDER BY id LIMIT 1)"],
            expectedCheck: "plan_comments: row count and primary keys"),
        Fault(
            description: "a changed value",
            statements: ["UPDATE plans SET title = title || ' (edited)' WHERE id = (SELECT id FROM plans ORDER BY id LIMIT 1)"],
            expectedCheck: "plans: row content"),
        Fault(
            // Segment hashes are order-free sums of row hashes: each row hash carries its key, so a swap still shows.
            description: "two rows of one key segment with their values swapped",
            statements: [
                """
                WITH two AS (
                  SELECT * FROM (SELECT DISTINCT ON (title) id, title FROM plan_nodes WHERE left(id::text, 2) = (
                    SELECT left(id::text, 2) FROM plan_nodes GROUP BY 1 HAVING count(DISTINCT title) >= 2 ORDER BY 1 LIMIT 1)
                    ORDER BY title, id) d ORDER BY id LIMIT 2)
                UPDATE plan_nodes n SET title = o.title FROM two t, two o WHERE n.id = t.id AND o.id <> t.id
                """
            ],
            expectedCheck: "plan_nodes: row content"),
        Fault(
            description: "a truncated timestamp",
            statements: [
                """
                UPDATE plan_node_logs SET created_at = date_trunc('milliseconds', created_at) WHERE id = (
                  SELECT id FROM plan_node_logs WHERE (extract(microseconds FROM created_at)::bigint % 1000) <> 0 ORDER BY id LIMIT 1)
                """
            ],
            expectedCheck: "plan_node_logs: timestamps to the microsecond"),
        Fault(
            description: "a changed password hash",
            statements: ["UPDATE users SET password_hash = '$2a$10$' || repeat('A', 53) WHERE email = 'canary0@example.com'"],
            expectedCheck: "users: bcrypt hashes byte for byte"),
        Fault(
            description: "a broken parent link",
            statements: [
                "UPDATE plan_nodes SET parent_id = id WHERE id = (SELECT id FROM plan_nodes WHERE node_type = 'task' ORDER BY id LIMIT 1)"
            ],
            expectedCheck: "plan_nodes: parent links"),
        Fault(
            description: "an extra row",
            statements: [
                "INSERT INTO plan_node_labels (id, plan_node_id, label) SELECT gen_random_uuid(), id, 'extra' FROM plan_nodes ORDER BY id LIMIT 1"
            ],
            expectedCheck: "plan_node_labels: row count and primary keys"),
        Fault(
            description: "a swapped jsonb value",
            statements: [
                """
                UPDATE decision_requests SET options = '[{"label":"B"},{"label":"A","weight":1.5}]'
                 WHERE id = (SELECT id FROM decision_requests ORDER BY id LIMIT 1)
                """
            ],
            expectedCheck: "decision_requests: jsonb values"),
        Fault(
            description: "a dropped foreign key",
            statements: ["ALTER TABLE plan_comments DROP CONSTRAINT plan_comments_user_id_fkey"],
            expectedCheck: "v2 indexes and foreign keys restored after the load"),
        Fault(
            // The reference rules of one table are checked in one scan: each must still name its own breakage.
            description: "an orphan reference",
            statements: [
                "ALTER TABLE plan_comments DROP CONSTRAINT plan_comments_user_id_fkey",
                "UPDATE plan_comments SET user_id = gen_random_uuid() WHERE id = (SELECT id FROM plan_comments ORDER BY id LIMIT 1)",
            ],
            expectedCheck: "plan_comments.user_id resolves in users"),
        Fault(
            description: "a missing archive file", statements: [],
            expectedCheck: "archive present and matching its checksums", removesArchiveFile: "public.handoffs.jsonl"),
    ]

    @Test("the verifier fails naming the fault", arguments: faults)
    func detects(_ fault: Fault) async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            // act
            try await h.execute(on: h.target, fault.statements)
            if let file = fault.removesArchiveFile {
                try FileManager.default.removeItem(atPath: URL(fileURLWithPath: h.archive).appendingPathComponent(file).path)
            }
            let report = try await h.verify()
            // assert
            #expect(!report.passed)
            let named = report.failures.filter { $0.name.hasPrefix(fault.expectedCheck) }
            #expect(named.count == 1, "failures were: \(report.failures.map(\.name))")
            if !fault.statements.isEmpty && fault.removesArchiveFile == nil {
                #expect(named.first?.firstDifferences.isEmpty == false)
            }
        }
    }
}
