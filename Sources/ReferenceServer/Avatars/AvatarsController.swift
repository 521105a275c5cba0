import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Persistence

/// `POST` / `DELETE /upload/avatar` and the files under `/uploads/avatars/` (ROUTES.md §4.10, DECISIONS.md §D5).
struct AvatarsController: Sendable {
    let service: AvatarService
    /// This API's public base URL (`API_BASE_URL`); nil takes the request's host.
    let publicBaseURL: String?

    /// Room for the multipart framing around a file of the maximum size.
    static let bodyLimit = AvatarService.maximumBytes + 64 * 1024

    /// `POST /upload/avatar`: where the new avatar is served.
    struct Uploaded: ShapedOutput {
        let url: String
        static let shape = ObjectShape<Uploaded>([.constant("message", "Avatar uploaded successfully"), .text("avatar_url") { $0.url }])
    }

    /// The multipart form the upload reads: one file part named `avatar`.
    static let form = JSONSchema.object(["avatar": ["type": "string", "contentMediaType": "application/octet-stream"]], required: ["avatar"])

    @Sendable func upload(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) else {
            throw APIError(.badRequest, "No file uploaded")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.bodyLimit)
        } catch is NIOTooManyBytesError {
            // v1's multer answered 500 here (a defect); the intended answer is 413 with multer's message.
            throw APIError(.contentTooLarge, "File too large")
        }
        let form: MultipartForm
        do {
            form = try MultipartForm(body: Array(buffer: body), boundary: boundary)
        } catch {
            throw APIError(.badRequest, "Malformed multipart body")
        }
        guard let file = form.parts.first(where: { $0.name == "avatar" && $0.fileName != nil }) else {
            throw APIError(.badRequest, "No file uploaded")
        }
        let base = publicBaseURL ?? "http://\(request.head.authority ?? "127.0.0.1:3000")"
        let url = try await FeatureHTTP.run {
            try await service.upload(userID: identity.id, declaredType: file.contentType, bytes: file.data, baseURL: base)
        }
        return Uploaded(url: url).response()
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await FeatureHTTP.run { try await service.delete(userID: identity.id) }
        return MessageOutput(message: "Avatar deleted successfully").response()
    }

    /// Public, as v1's storage bucket was. Only names the service made are served.
    @Sendable func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        let name = context.parameters.get("file") ?? ""
        guard let data = service.files.read(name),
            let type = name.split(separator: ".").last.flatMap({ AvatarService.ImageType(fileExtension: String($0)) })
        else { throw APIError(.notFound, "Avatar not found") }
        return Response(
            status: .ok,
            headers: [.contentType: type.rawValue, .cacheControl: "public, max-age=86400", HTTPField.Name("X-Content-Type-Options")!: "nosniff"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
