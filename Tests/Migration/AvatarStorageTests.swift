import DataMigration
import Foundation
import TestSupport
import Testing

/// `migrate run --storage-dir`: avatars copied from a downloaded Supabase bucket into v2's store, their URLs
/// rewritten and archived; `migrate verify` checks each copied file against its storage object.
@Suite("Avatars from a downloaded Storage bucket", .serialized, .tags(.slow))
struct AvatarStorageTests {
    static let publicURL = "https://planner.example.com"

    /// A storage folder holding the fixture's bucket and an empty v2 data folder, removed afterwards.
    static func withFolders<T: Sendable>(
        _ h: MigrationHarness, _ body: @Sendable (_ storage: String, _ data: String, _ objects: Int) async throws -> T
    ) async throws -> T {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("agentplanner-avatars-\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: base) }
        let storage = base.appendingPathComponent("bucket").path
        let data = base.appendingPathComponent("data").path
        let objects = try await FixtureAvatars.downloadBucket(h.source, into: storage, logger: h.logger)
        return try await body(storage, data, objects)
    }

    /// One avatar object of the source: (object id, name, owner).
    static func firstObject(_ h: MigrationHarness) async throws -> (id: String, name: String, owner: String) {
        let id = try #require(
            try await h.scalar(on: h.source, "SELECT id::text FROM storage.objects WHERE bucket_id = 'avatars' ORDER BY id LIMIT 1"))
        let name = try #require(try await h.scalar(on: h.source, "SELECT name FROM storage.objects WHERE id = '\(id)'"))
        let owner = try #require(try await h.scalar(on: h.source, "SELECT owner::text FROM storage.objects WHERE id = '\(id)'"))
        return (id, name, owner)
    }

    static func storedFile(_ data: String, owner: String, object: String) -> String {
        URL(fileURLWithPath: data).appendingPathComponent("uploads/avatars/\(owner)-\(object.replacingOccurrences(of: "-", with: "")).png").path
    }

    @Test("every object is copied, every Supabase URL rewritten and archived, and verify passes")
    func happyPath() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            try await Self.withFolders(h) { storage, data, objects in
                // setup
                let supabase = "SELECT count(*)::text FROM users WHERE avatar_url LIKE '%/storage/v1/object/public/avatars/%'"
                let before = try await h.count(on: h.source, supabase)
                let object = try await Self.firstObject(h)
                // act
                let outcome = try await h.migrate(avatars: AvatarOptions(storageDirectory: storage, dataDirectory: data, publicURL: Self.publicURL))
                let report = try await h.verify(dataDirectory: data)
                // assert
                #expect(objects > 0)
                #expect(outcome.avatars?.rewritten == before)
                #expect(outcome.avatars?.missing.isEmpty == true)
                #expect(try await h.count(on: h.target, supabase) == 0)
                let file = Self.storedFile(data, owner: object.owner, object: object.id)
                #expect(FileManager.default.contents(atPath: file) == Data(FixtureAvatars.png))
                let url = try await h.scalar(on: h.target, "SELECT avatar_url FROM users WHERE id = '\(object.owner)'")
                #expect(url == Self.publicURL + "/uploads/avatars/" + URL(fileURLWithPath: file).lastPathComponent)
                let archived = try String(contentsOfFile: h.archive + "/public.users.avatar-urls.jsonl", encoding: .utf8)
                #expect(archived.contains("https://abc.supabase.co/storage/v1/object/public/avatars/\(object.name)"))
                #expect(report.passed, "failures: \(report.failures.map { "\($0.name): \($0.firstDifferences.prefix(3))" })")
                #expect(report.checks.contains { $0.name == "copied avatar files equal their storage objects" && $0.status == .pass })
            }
        }
    }

    @Test("a file missing from the storage folder leaves its user's URL, is reported, and verify still passes")
    func missingInStorage() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            try await Self.withFolders(h) { storage, data, objects in
                // setup
                let object = try await Self.firstObject(h)
                try FileManager.default.removeItem(atPath: URL(fileURLWithPath: storage).appendingPathComponent(object.name).path)
                // act
                let outcome = try await h.migrate(avatars: AvatarOptions(storageDirectory: storage, dataDirectory: data, publicURL: Self.publicURL))
                let report = try await h.verify(dataDirectory: data)
                // assert
                #expect(outcome.avatars?.missing == ["storage.objects id=\(object.id) (avatars/\(object.name))"])
                #expect(outcome.avatars?.rewritten == objects - 1)
                let url = try await h.scalar(on: h.target, "SELECT avatar_url FROM users WHERE id = '\(object.owner)'")
                #expect(url == "https://abc.supabase.co/storage/v1/object/public/avatars/\(object.name)")
                #expect(report.passed, "failures: \(report.failures.map(\.name))")
                #expect(report.checks.contains { $0.name == "avatars left on Supabase Storage" && $0.counts["users"] == 1 })
            }
        }
    }

    @Test("a file in the storage folder that is not its object refuses the run, naming the object")
    func corruptDownload() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            try await Self.withFolders(h) { storage, data, _ in
                let object = try await Self.firstObject(h)
                try Data(FixtureAvatars.png.dropLast(3)).write(to: URL(fileURLWithPath: storage).appendingPathComponent(object.name))
                let error = await #expect(throws: MigrationFailure.self) {
                    _ = try await h.migrate(avatars: AvatarOptions(storageDirectory: storage, dataDirectory: data, publicURL: Self.publicURL))
                }
                #expect(error?.description.contains("storage.objects id=\(object.id)") == true)
                #expect(error?.description.contains("65 bytes, the object's metadata says 68") == true)
            }
        }
    }

    enum Fault: String, CaseIterable, Sendable {
        case altered, truncated, removed
    }

    @Test("a copied file altered, truncated or removed after the run fails verify, naming the object", arguments: Fault.allCases)
    func faults(_ fault: Fault) async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            try await Self.withFolders(h) { storage, data, _ in
                // setup
                let object = try await Self.firstObject(h)
                _ = try await h.migrate(avatars: AvatarOptions(storageDirectory: storage, dataDirectory: data, publicURL: Self.publicURL))
                let file = Self.storedFile(data, owner: object.owner, object: object.id)
                // act
                switch fault {
                case .altered:
                    var bytes = FixtureAvatars.png
                    bytes[40] ^= 0xFF
                    try Data(bytes).write(to: URL(fileURLWithPath: file))
                case .truncated: try Data(FixtureAvatars.png.prefix(20)).write(to: URL(fileURLWithPath: file))
                case .removed: try FileManager.default.removeItem(atPath: file)
                }
                let report = try await h.verify(dataDirectory: data)
                // assert
                #expect(!report.passed)
                let failed = try #require(report.failures.first { $0.name == "copied avatar files equal their storage objects" })
                #expect(report.failures.count == 1, "failures: \(report.failures.map(\.name))")
                let expected =
                    switch fault {
                    case .altered: "differs from the object (MD5"
                    case .truncated: "has 20 bytes, the object 68"
                    case .removed: "is missing"
                    }
                #expect(failed.firstDifferences.count == 1)
                #expect(failed.firstDifferences.first?.hasPrefix("storage.objects id=\(object.id) (avatars/\(object.name)): ") == true)
                #expect(failed.firstDifferences.first?.contains(expected) == true, "\(failed.firstDifferences)")
            }
        }
    }

    @Test("copied avatars without --data-dir: verify says the file check was not run")
    func withoutDataDirectory() async throws {
        try await MigrationHarness.run(seed: 11, scale: 2) { h in
            try await Self.withFolders(h) { storage, data, _ in
                _ = try await h.migrate(avatars: AvatarOptions(storageDirectory: storage, dataDirectory: data, publicURL: Self.publicURL))
                let report = try await h.verify()
                #expect(!report.passed)
                #expect(report.checks.contains { $0.name == "copied avatar files equal their storage objects" && $0.status == .notRun })
            }
        }
    }
}
