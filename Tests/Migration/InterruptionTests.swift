import DataMigration
import Foundation
import TestSupport
import Testing

/// Failures from outside the tool in the middle of a run: the connection dropped by the server, the disk of the
/// archive full. Each gives one clear error, leaves the target marked incomplete, and a later run completes.
@Suite("Migration survives real interruptions", .serialized, .tags(.slow))
struct InterruptionTests {
    @Test("connections to the target terminated mid-copy: a clear error, an incomplete target, a clean re-run")
    func connectionLostMidCopy() async throws {
        try await MigrationHarness.run(scale: 2) { h in
            // setup: as the plan nodes start to load, the server terminates every connection of the migration
            let kill = """
                SELECT count(pg_terminate_backend(pid))::text FROM pg_stat_activity
                 WHERE datname = '\(h.target.database)' AND pid <> pg_backend_pid() AND usename = current_user
                   AND backend_type = 'client backend'
                """
            let terminated = Terminations()
            // act
            let error = await #expect(throws: MigrationFailure.self) {
                try await h.migrate(batchSize: 20) { step in
                    if step == "load:plan_nodes" { await terminated.add(try await h.count(on: h.target, kill)) }
                }
            }
            let incomplete = try await h.verify()
            let outcome = try await h.migrate(batchSize: 20)
            let report = try await h.verify()
            // assert
            #expect(await terminated.total > 0)
            #expect(error?.description.contains("lost the connection to the target database \(h.target.database)") == true)
            #expect(incomplete.failures.map(\.name) == ["migration complete on the target"])
            #expect(outcome.resumed)
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.firstDifferences)" })")
            let sourceNodes = try await h.count(on: h.source, "SELECT count(*)::text FROM plan_nodes")
            let targetNodes = try await h.count(on: h.target, "SELECT count(*)::text FROM plan_nodes")
            #expect(targetNodes == sourceNodes + (outcome.repairs["created_root"] ?? 0))
        }
    }

    @Test("a full disk under the archive: the error names the file, nothing is claimed done, a re-run completes")
    func archiveDiskFull() async throws {
        try await MigrationHarness.run(scale: 1) { h in
            // setup: every archive file fails as a full disk does after its first 1,000 bytes
            let full = ArchiveStorage { _ in FullDisk(room: 1_000) }
            let runner = MigrationRunner(
                options: MigrationOptions(
                    source: h.source, target: h.target, archiveDirectory: h.archive, keys: MigrationHarness.keys,
                    archiveStorage: full),
                logger: h.logger)
            // act
            let error = await #expect(throws: MigrationFailure.self) { try await runner.run() }
            let incomplete = try await h.verify()
            let files = (try? FileManager.default.contentsOfDirectory(atPath: h.archive)) ?? []
            let archiveStep = try await h.count(
                on: h.target, "SELECT count(*)::text FROM agentplanner_migration.steps WHERE name = 'archive'")
            let outcome = try await h.migrate()
            let report = try await h.verify()
            // assert
            #expect(error?.description.contains("cannot write the archive file \(h.archive)/") == true)
            #expect(error?.description.contains("No space left on device") == true)
            #expect(incomplete.failures.map(\.name) == ["migration complete on the target"])
            #expect(!files.contains(ArchiveManifest.fileName))
            #expect(files.allSatisfy { !$0.hasSuffix(".partial") }, "\(files)")
            #expect(archiveStep == 0)
            #expect(outcome.resumed)
            #expect(report.passed, "\(report.failures.map { "\($0.name): \($0.firstDifferences)" })")
        }
    }

    @Test("the archive file writer reports the system's reason: /dev/full refuses with ENOSPC")
    func realFullDevice() throws {
        let output = try ArchiveStorage.files.open("/dev/full")
        let error = #expect(throws: ArchiveWriteError.self) {
            try output.write(Data(repeating: 0x41, count: 64 * 1024))
            try output.close()
        }
        #expect(error?.code == ENOSPC)
        #expect(error?.description == "No space left on device")
    }
}

/// An archive file on a disk with `room` bytes left.
final class FullDisk: ArchiveOutput {
    private var room: Int

    init(room: Int) { self.room = room }

    func write(_ data: Data) throws {
        guard data.count <= room else { throw ArchiveWriteError(code: ENOSPC) }
        room -= data.count
    }

    func close() throws {}
}

actor Terminations {
    private(set) var total = 0

    func add(_ count: Int) { total += count }
}
