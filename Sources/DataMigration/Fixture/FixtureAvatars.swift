import AgentPlannerCore
import Crypto
import Foundation
import Logging
import Persistence

/// The fixture's avatar files: every Storage object of the fixture holds the same small PNG, and its metadata
/// records that file's size and MD5 (`eTag`) as Supabase Storage does.
public enum FixtureAvatars {
    /// 68 bytes: PNG's signature, then text (the server checks the signature, the verifier size and MD5).
    public static let png: [UInt8] = {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let text = Array("agentplanner v1 fixture avatar, stored in Supabase Storage".utf8)
        return signature + text + [UInt8](repeating: 0x2E, count: 68 - signature.count - text.count)
    }()

    /// The Storage metadata of one fixture avatar.
    static let metadata =
        "{\"size\":\(png.count),\"mimetype\":\"image/png\",\"cacheControl\":\"max-age=3600\",\"eTag\":\"\\\"\(Hex.encode(Insecure.MD5.hash(data: png)))\\\"\"}"

    /// Writes each avatar object of the fixture at `location` into `directory` as a download of the bucket
    /// would (`<directory>/<object name>`); returns how many.
    public static func downloadBucket(_ location: PostgresLocation, into directory: String, logger: Logger) async throws -> Int {
        let names = try await PGLink.with(location, role: "fixture", logger: logger) { link in
            try await link.rows("SELECT name FROM storage.objects WHERE bucket_id = 'avatars' ORDER BY name").compactMap { $0[0] }
        }
        let root = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for name in names { try Data(png).write(to: root.appendingPathComponent(name)) }
        return names.count
    }
}
