import AgentPlannerCore
import Foundation
import Persistence

/// Profile pictures (ROUTES.md §4.10, DECISIONS.md §D5): stored in the data folder, referenced by
/// `users.avatar_url`, served by this server under `/uploads/avatars/`. No HTTP here.
///
/// The stored file name is made here (`<user id>-<random>.<ext>`, the extension from the checked image type),
/// so the client's file name never reaches the disk and no path can escape the folder. The new file is written
/// before the row changes and removed again if the change fails; the old file goes once the new row is in. So
/// the folder holds only files the database references.
struct AvatarService: Sendable {
    let store: any DatabaseStore
    let files: AvatarFiles

    /// v1's multer limit.
    static let maximumBytes = 5 * 1024 * 1024
    static let invalidType = ServiceError.badRequest("Invalid file type. Only JPEG, PNG, GIF, and WebP are allowed.")

    /// The image types v1 accepted, by MIME type, with the extension written and the signature checked.
    enum ImageType: String, CaseIterable, Sendable {
        case jpeg = "image/jpeg"
        case png = "image/png"
        case gif = "image/gif"
        case webp = "image/webp"

        var fileExtension: String {
            switch self {
            case .jpeg: "jpg"
            case .png: "png"
            case .gif: "gif"
            case .webp: "webp"
            }
        }

        /// Whether the bytes start the way this format must (a declared type alone proves nothing).
        func matches(_ bytes: [UInt8]) -> Bool {
            func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
                bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
            }
            switch self {
            case .jpeg: return starts([0xFF, 0xD8, 0xFF])
            case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            case .gif: return starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8))
            case .webp: return starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8)
            }
        }

        init?(fileExtension: String) {
            guard let type = Self.allCases.first(where: { $0.fileExtension == fileExtension }) else { return nil }
            self = type
        }
    }

    /// Stores the image and points the user's `avatar_url` at it; returns the new URL.
    func upload(userID: UUID, declaredType: String?, bytes: [UInt8], baseURL: String) async throws -> String {
        guard let type = declaredType.flatMap(ImageType.init(rawValue:)), type.matches(bytes) else { throw Self.invalidType }
        guard bytes.count <= Self.maximumBytes else { throw ServiceError.tooLarge("File too large") }
        let name = try files.write(bytes, userID: userID, fileExtension: type.fileExtension)
        let url = baseURL + AvatarFiles.urlPath + name
        let previous: String?
        do {
            previous = try await store.transaction { session in
                guard let user = try await session.users.find(id: userID) else { throw ServiceError.notFound("User not found") }
                _ = try await session.users.updateProfile(
                    id: userID, name: user.name, avatarURL: url, metadata: Self.metadata(user, avatarURL: url))
                return user.avatarURL
            }
        } catch {
            files.remove(name)
            throw error
        }
        if let old = previous.flatMap(AvatarFiles.storedName(inURL:)), old != name { files.remove(old) }
        return url
    }

    func delete(userID: UUID) async throws {
        let previous = try await store.transaction { session -> String in
            guard let user = try await session.users.find(id: userID) else { throw ServiceError.notFound("User not found") }
            guard let current = user.avatarURL else { throw ServiceError.notFound("No avatar to delete") }
            _ = try await session.users.updateProfile(
                id: userID, name: user.name, avatarURL: nil, metadata: Self.metadata(user, avatarURL: nil))
            return current
        }
        if let old = AvatarFiles.storedName(inURL: previous) { files.remove(old) }
    }

    /// v1 kept the URL in the user's metadata; v2 keeps both in step so the session's `user_metadata` agrees.
    private static func metadata(_ user: User, avatarURL: String?) -> JSONValue {
        var metadata = user.metadata.objectValue ?? [:]
        metadata["avatar_url"] = avatarURL.map(JSONValue.string) ?? .null
        return .object(metadata)
    }
}

/// The avatar folder on disk: `<data dir>/uploads/avatars`. Only names this type made are ever read or removed.
struct AvatarFiles: Sendable {
    let directory: URL

    static let urlPath = "/uploads/avatars/"

    init(dataDirectory: String) {
        directory = URL(fileURLWithPath: dataDirectory, isDirectory: true).appendingPathComponent("uploads/avatars", isDirectory: true)
    }

    /// Our names only: 36-character UUID, `-`, 32 hex characters, a known image extension.
    static func isStoredName(_ name: String) -> Bool {
        let parts = name.split(separator: ".")
        guard parts.count == 2, AvatarService.ImageType(fileExtension: String(parts[1])) != nil else { return false }
        let stem = parts[0]
        guard stem.count == 69, UUID(uuidString: String(stem.prefix(36))) != nil, stem.dropFirst(36).first == "-" else {
            return false
        }
        return stem.dropFirst(37).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    /// The stored name in one of our URLs; nil for any URL this server did not make (an external avatar).
    static func storedName(inURL url: String) -> String? {
        guard let range = url.range(of: urlPath, options: .backwards) else { return nil }
        let name = String(url[range.upperBound...])
        return isStoredName(name) ? name : nil
    }

    func write(_ bytes: [UInt8], userID: UUID, fileExtension: String) throws -> String {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let random = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        let name = "\(userID.lowercased)-\(random).\(fileExtension)"
        try Data(bytes).write(to: directory.appendingPathComponent(name), options: .atomic)
        return name
    }

    func read(_ name: String) -> Data? {
        guard Self.isStoredName(name) else { return nil }
        return FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
    }

    func remove(_ name: String) {
        guard Self.isStoredName(name) else { return }
        try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
}
