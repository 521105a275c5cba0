import Crypto
import DataMigration
import Foundation
import Testing

/// The four faults issue 16 found the verifier blind to: each is injected after a good migration, and the
/// verifier must fail naming the table, the key and the column.
@Suite("Verifier blind spots (issue 16)", .serialized)
struct BlindSpotTests {
    @Test("array order matters: reordered tags and permissions are named")
    func arrayOrder() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            let log = try #require(
                try await h.scalar(
                    on: h.target, "SELECT id::text FROM plan_node_logs WHERE cardinality(tags) >= 2 AND tags[1] <> tags[2] ORDER BY id LIMIT 1"))
            let token = try #require(
                try await h.scalar(
                    on: h.target,
                    "SELECT id::text FROM api_tokens WHERE cardinality(permissions) >= 2 AND permissions[1] <> permissions[2] ORDER BY id LIMIT 1"))
            // act
            try await h.execute(
                on: h.target,
                [
                    "UPDATE plan_node_logs SET tags = ARRAY(SELECT tags[i] FROM generate_subscripts(tags, 1) i ORDER BY i DESC) WHERE id = '\(log)'",
                    "UPDATE api_tokens SET permissions = ARRAY(SELECT permissions[i] FROM generate_subscripts(permissions, 1) i ORDER BY i DESC) WHERE id = '\(token)'",
                ])
            let report = try await h.verify()
            // assert
            #expect(!report.passed)
            let logs = try #require(report.failures.first { $0.name == "plan_node_logs: row content" })
            #expect(logs.firstDifferences.contains { $0.hasPrefix("plan_node_logs id=\(log): column tags (") })
            let tokens = try #require(report.failures.first { $0.name == "api_tokens: row content" })
            #expect(tokens.firstDifferences.contains { $0.hasPrefix("api_tokens id=\(token): column permissions (") })
        }
    }

    @Test("a repaired node moved elsewhere, with the repair record edited to match, is caught")
    func treeRepairFromSource() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup: a re-parented node, and another child of its plan's root to move it under
            _ = try await h.migrate()
            let pair = try #require(
                try await h.scalar(
                    on: h.target,
                    """
                    SELECT r.node_id::text || ' ' || x.id::text FROM agentplanner_migration.tree_repairs r
                      JOIN plan_nodes x ON x.plan_id = r.plan_id AND x.parent_id = r.new_parent_id AND x.id <> r.node_id
                     WHERE NOT r.created AND r.kind <> 'root_had_parent' ORDER BY r.node_id, x.id LIMIT 1
                    """))
            let ids = pair.split(separator: " ").map(String.init)
            // act
            try await h.execute(
                on: h.target,
                [
                    "UPDATE plan_nodes SET parent_id = '\(ids[1])' WHERE id = '\(ids[0])'",
                    "UPDATE agentplanner_migration.tree_repairs SET new_parent_id = '\(ids[1])' WHERE node_id = '\(ids[0])'",
                ])
            let report = try await h.verify()
            // assert
            #expect(!report.passed)
            let links = try #require(report.failures.first { $0.name == "plan_nodes: parent links" })
            #expect(links.firstDifferences.contains { $0.hasPrefix("plan_nodes id=\(ids[0]): column parent_id (") })
            let repairs = try #require(report.failures.first { $0.name.hasPrefix("tree repairs as the rules give them") })
            #expect(repairs.firstDifferences.contains { $0.hasPrefix("tree_repairs node_id=\(ids[0]):") })
        }
    }

    @Test("an archived value edited with its manifest checksum updated is caught")
    func archiveEditedWithManifest() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            let file = URL(fileURLWithPath: h.archive).appendingPathComponent("public.handoffs.jsonl")
            var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            var row = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
            let id = try #require(row["id"] as? String)
            row["reason"] = "edited in the archive"
            // act: edit the line, then make the manifest agree with the edited file
            lines[0] = Substring(String(decoding: try JSONSerialization.data(withJSONObject: row), as: UTF8.self))
            let edited = Data(lines.joined(separator: "\n").utf8)
            try edited.write(to: file)
            let manifestURL = URL(fileURLWithPath: h.archive).appendingPathComponent(ArchiveManifest.fileName)
            var manifest = try JSONDecoder().decode(ArchiveManifest.self, from: Data(contentsOf: manifestURL))
            let index = try #require(manifest.entries.firstIndex { $0.file == "public.handoffs.jsonl" })
            manifest.entries[index].sha256 = SHA256.hash(data: edited).map { String(format: "%02x", $0) }.joined()
            try JSONEncoder().encode(manifest).write(to: manifestURL)
            let report = try await h.verify()
            // assert: the manifest agrees, the content does not
            #expect(report.check(named: "archive present and matching its checksums").first?.status == .pass)
            let content = try #require(report.failures.first { $0.name == "archive content equals the source, row by row" })
            #expect(content.firstDifferences.contains("public.handoffs id=\(id): column reason"))
        }
    }

    @Test("a v1 row of an archived table edited after the migration is caught")
    func archivedSourceRowEdited() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            let id = try #require(try await h.scalar(on: h.source, "SELECT id::text FROM handoffs ORDER BY id LIMIT 1"))
            // act
            try await h.execute(on: h.source, ["UPDATE handoffs SET notes = coalesce(notes, '') || ' (edited in v1)' WHERE id = '\(id)'"])
            let report = try await h.verify()
            // assert
            #expect(report.check(named: "archive present and matching its checksums").first?.status == .pass)
            let content = try #require(report.failures.first { $0.name == "archive content equals the source, row by row" })
            #expect(content.firstDifferences.contains("public.handoffs id=\(id): column notes"))
        }
    }

    @Test("a check that cannot run fails the verification unless skipped by name")
    func notRunFails() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            // setup
            _ = try await h.migrate()
            // act
            let bare = try await h.verify(keys: SecretKeys(), withCanaries: false)
            let skipping = try await h.verify(keys: SecretKeys(), withCanaries: false, skip: [.secrets, .canaries])
            // assert
            #expect(!bare.passed)
            #expect(Set(bare.failures.filter { $0.status == .notRun }.map(\.section)) == ["secrets", "functional"])
            #expect(bare.terminalSummary.contains("NOT RUN  [secrets]"))
            #expect(skipping.passed, "failures: \(skipping.failures.map(\.name))")
            #expect(Set(skipping.skipped.map(\.section)) == ["secrets", "functional"])
            #expect(skipping.markdown.contains("Skipped on request (`--skip`): Slack bot tokens"))
        }
    }
}
