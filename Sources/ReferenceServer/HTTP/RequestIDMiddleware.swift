import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Gives every request an id: the client's `X-Request-Id` when it is sane (1 to 128 characters of letters,
/// digits and `-_.:`), a new UUID otherwise. The id goes into the context's logger metadata as `request_id`,
/// so every line logged for the request carries it, and back to the client in the answer's `X-Request-Id`.
/// An insane id is not repaired (that would alter input): it is replaced whole.
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }
    static var metadataKey: String { "request_id" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let id = request.headers[Self.header].flatMap { Self.isSane($0) ? $0 : nil } ?? UUID().uuidString.lowercased()
        var context = context
        context.logger[metadataKey: Self.metadataKey] = .string(id)
        var response = try await next(request, context)
        response.headers[Self.header] = id
        return response
    }

    static func isSane(_ id: String) -> Bool {
        guard (1...128).contains(id.utf8.count) else { return false }
        return id.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: ":"):
                return true
            default:
                return false
            }
        }
    }
}
