import AgentPlannerCore
import Crypto
import Foundation

/// Where `migrate run --storage-dir` puts avatars, and how the run and the verifier find them.
public struct AvatarOptions: Sendable {
    /// The downloaded Supabase Storage bucket: each object's file at `<dir>/<object name>` (or
    /// `<dir>/avatars/<object name>`, as a download of the whole storage keeps the bucket's folder).
    public var storageDirectory: String
    /// The v2 server's data folder (`AGENTPLANNER_DATA_DIR`): files go to `<dir>/uploads/avatars/`.
    public var dataDirectory: String
    /// The v2 server's public base URL (its `API_BASE_URL`), which starts every avatar URL it makes.
    public var publicURL: String

    public init(storageDirectory: String, dataDirectory: String, publicURL: String) {
        self.storageDirectory = storageDirectory
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
    }
}

/// One `storage.objects` row of the avatars bucket, with the metadata Supabase Storage records.
struct AvatarObject: Sendable {
    let id: String
    let name: String
    let size: Int?
    let mimetype: String?
    /// The MD5 of the content as hex: Supabase's `eTag` of a single-part upload, quotes removed; nil when
    /// the metadata holds none (or a multipart ETag, which is no content hash).
    let md5: String?
}

/// A user whose v1 avatar URL names an object of the bucket.
struct AvatarMatch: Sendable {
    let userID: String
    let oldURL: String
    let object: AvatarObject
}

/// Supabase Storage URLs and objects on one side, v2's avatar store (DECISIONS.md §D5) on the other.
enum AvatarStore {
    static let bucket = "avatars"
    /// What a public Supabase Storage URL of the bucket holds before the object's name.
    static let supabaseMarker = "/storage/v1/object/public/\(bucket)/"
    /// Where the server serves its avatars (`AvatarFiles.urlPath` in the server).
    static let urlPath = "/uploads/avatars/"

    static let objectsSQL = """
        SELECT id::text, name, metadata->>'size', metadata->>'mimetype', metadata->>'eTag'
          FROM storage.objects WHERE bucket_id = '\(bucket)' ORDER BY id
        """

    static func folder(dataDirectory: String) -> URL {
        URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("uploads/avatars", isDirectory: true)
    }

    static func objects(_ link: PGLink) async throws -> [AvatarObject] {
        guard try await link.scalar("SELECT to_regclass('storage.objects')::text") != nil else { return [] }
        return try await link.rows(objectsSQL).map { row in
            let tag = (row[4] ?? "").replacingOccurrences(of: "\"", with: "").lowercased()
            let isMD5 = tag.count == 32 && tag.allSatisfy(\.isHexDigit)
            return AvatarObject(
                id: row[0] ?? "", name: row[1] ?? "", size: row[2].flatMap { Int($0) }, mimetype: row[3], md5: isMD5 ? tag : nil)
        }
    }

    /// The object name a Supabase Storage URL of the bucket names (query and fragment removed, percent-decoded).
    static func objectName(inURL url: String) -> String? {
        guard let range = url.range(of: supabaseMarker) else { return nil }
        var rest = Substring(url[range.upperBound...])
        if let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        return String(rest).removingPercentEncoding
    }

    /// Users (id, v1 avatar URL) matched with the objects their URL names; URLs naming no object are left out.
    static func match(users: [(id: String, url: String)], objects: [AvatarObject]) -> [AvatarMatch] {
        let byName = Dictionary(objects.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return users.compactMap { user in
            guard let name = objectName(inURL: user.url), let object = byName[name] else { return nil }
            return AvatarMatch(userID: user.id.lowercased(), oldURL: user.url, object: object)
        }
        .sorted { $0.userID < $1.userID }
    }

    /// The extension the server writes for the object's image type (from its MIME type, else its name); nil for
    /// a type v1 never accepted.
    static func fileExtension(_ object: AvatarObject) -> String? {
        let byType = ["image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"]
        if let type = object.mimetype, let ext = byType[type.lowercased()] { return ext }
        let byName = ["jpg": "jpg", "jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp"]
        return object.name.split(separator: ".").last.flatMap { byName[$0.lowercased()] }
    }

    /// v2's file name: `<user id>-<the object id's 32 hex digits>.<ext>`, the only shape the server's store
    /// serves (`AvatarFiles.isStoredName`), and one the verifier can recompute from the source.
    static func fileName(_ match: AvatarMatch, fileExtension: String) -> String {
        "\(match.userID)-\(match.object.id.lowercased().replacingOccurrences(of: "-", with: "")).\(fileExtension)"
    }

    /// Size and MD5 (hex) of a file, read in chunks; nil when there is no such file.
    static func measure(_ url: URL) throws -> (size: Int, md5: String)? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        var hasher = Insecure.MD5()
        var size = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += chunk.count
        }
        return (size, Hex.encode(hasher.finalize()))
    }

    /// "storage.objects id=… (avatars/name)": how a failure names the object.
    static func describe(_ object: AvatarObject) -> String { "storage.objects id=\(object.id) (\(bucket)/\(object.name))" }
}
