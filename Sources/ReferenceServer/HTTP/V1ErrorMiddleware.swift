import Hummingbird
import Logging
import NIOCore

/// Turns every error into v1's `{error: ...}` body.
///
/// `APIError`s carry their own status and message. Hummingbird's own errors keep their status: an unknown path
/// answers a JSON 404 `Cannot GET /path` (v1 sent Express's HTML page, a defect), a body over the limit 413
/// `request entity too large` as v1. Anything else is a 500 with a generic message; the detail is logged.
struct V1ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return JSONResponse.make(error.body, status: error.status)
        } catch let error as HTTPError {
            let answer = Self.translate(error, request: request)
            return JSONResponse.make(answer.body, status: answer.status)
        } catch is NIOTooManyBytesError {
            return JSONResponse.make(APIError(.contentTooLarge, "request entity too large").body, status: .contentTooLarge)
        } catch {
            context.logger.error(
                "unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return JSONResponse.make(APIError.internalError.body, status: .internalServerError)
        }
    }

    static func translate(_ error: HTTPError, request: Request) -> APIError {
        switch error.status {
        case .notFound:
            return APIError(.notFound, "Cannot \(request.method.rawValue) \(request.uri.path)")
        case .contentTooLarge:
            return APIError(.contentTooLarge, "request entity too large")
        case .badRequest:
            return APIError(.badRequest, error.body ?? "Bad Request")
        default:
            return APIError(error.status, error.body ?? error.status.reasonPhrase)
        }
    }
}
