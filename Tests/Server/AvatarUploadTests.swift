import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Persistence
import ReferenceServer
import SQLKit
import TestSupport
import Testing

/// Avatar upload (ROUTES.md §4.10, DECISIONS.md §D5) against a real data folder: limits, types, names, and
/// that the folder only ever holds the file the database references.
@Suite("Avatar upload")
struct AvatarUploadTests {
    static let boundary = "test-boundary-91c2"
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    static func body(fileName: String, type: String, bytes: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"\(fileName)\"\r\n")
        buffer.writeString("Content-Type: \(type)\r\n\r\n")
        buffer.writeBytes(bytes)
        buffer.writeString("\r\n--\(boundary)--\r\n")
        return buffer
    }

    static func upload(_ harness: AuthHarness, token: String, fileName: String, type: String, bytes: [UInt8]) async throws
        -> AuthHarness.Answer
    {
        var headers = HTTPFields()
        headers[.authorization] = "Bearer \(token)"
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await harness.client.execute(
            uri: "/upload/avatar", method: .post, headers: headers, body: body(fileName: fileName, type: type, bytes: bytes)
        ) { response in
            AuthHarness.Answer(
                status: response.status, headers: response.headers,
                json: (try? JSONValue(jsonText: String(buffer: response.body))) ?? .null)
        }
    }

    static func run(_ dialect: DatabaseDialect, _ body: @Sendable @escaping (AuthHarness, URL) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("avatars-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try await AuthHarness.run(dialect, configure: { $0.dataDirectory = folder.path }) { harness in
            try await body(harness, folder.appendingPathComponent("uploads/avatars"))
        }
    }

    static func files(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    /// The stored names of every avatar URL in the database.
    static func referenced(_ harness: AuthHarness) async throws -> [String] {
        try await harness.withStore { store in
            try await store.withSession { session in
                try await session.sql.select().column("avatar_url").from("users").all()
                    .compactMap { try $0.decode(column: "avatar_url", as: String?.self) }
                    .compactMap { $0.split(separator: "/").last.map(String.init) }.sorted()
            }
        }
    }

    @Test(
        "a 10 MB file, a non-image, a ../ name and a replacing upload each get a clear answer; the folder matches the database",
        arguments: DatabaseDialect.allCases)
    func uploads(_ dialect: DatabaseDialect) async throws {
        try await Self.run(dialect) { harness, folder in
            let (_, token, _) = try await harness.register("avatar@example.com")

            let huge = Self.png + Array(repeating: 1, count: 10 * 1024 * 1024)
            let tooBig = try await Self.upload(harness, token: token, fileName: "big.png", type: "image/png", bytes: huge)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.json == ["error": "File too large"])

            let text = try await Self.upload(harness, token: token, fileName: "notes.txt", type: "text/plain", bytes: Array("hi".utf8))
            #expect(text.status == .badRequest)
            #expect(text.json["error"] == "Invalid file type. Only JPEG, PNG, GIF, and WebP are allowed.")
            let disguised = try await Self.upload(harness, token: token, fileName: "x.png", type: "image/png", bytes: Array("<svg/>".utf8))
            #expect(disguised.status == .badRequest, "a declared image type is checked against the bytes")
            #expect(Self.files(folder).isEmpty, "nothing refused reaches the disk")

            let first = try await Self.upload(harness, token: token, fileName: "../../../evil.png", type: "image/png", bytes: Self.png)
            #expect(first.status == .ok)
            let firstURL = try #require(first.json["avatar_url"]?.stringValue)
            #expect(!firstURL.contains(".."), "the client's file name is never used")
            #expect(firstURL.hasSuffix(".png") && firstURL.contains("/uploads/avatars/"))
            #expect(Self.files(folder) == (try await Self.referenced(harness)))
            #expect(Self.files(folder).count == 1)

            let served = try await harness.client.execute(uri: String(firstURL[firstURL.range(of: "/uploads/")!.lowerBound...]), method: .get) {
                ($0.status, $0.headers[.contentType], Array(buffer: $0.body))
            }
            #expect(served.0 == .ok && served.1 == "image/png" && served.2 == Self.png)

            let second = try await Self.upload(harness, token: token, fileName: "me.png", type: "image/png", bytes: Self.png)
            #expect(second.status == .ok)
            #expect(second.json["avatar_url"]?.stringValue != firstURL)
            let profile = try await harness.send(.get, "/auth/profile", authorization: "Bearer \(token)")
            #expect(profile.json["avatar_url"] == second.json["avatar_url"])
            #expect(Self.files(folder) == (try await Self.referenced(harness)), "the replaced file is gone")
            #expect(Self.files(folder).count == 1)

            let deleted = try await harness.send(.delete, "/upload/avatar", authorization: "Bearer \(token)")
            #expect(deleted.status == .ok)
            #expect(Self.files(folder).isEmpty)
            #expect(try await harness.send(.delete, "/upload/avatar", authorization: "Bearer \(token)").json["error"] == "No avatar to delete")
            let traversal = try await harness.client.execute(uri: "/uploads/avatars/..%2F..%2Fagentplanner.sqlite", method: .get) { $0.status }
            #expect(traversal == .notFound)
        }
    }
}
