import Hummingbird
import Logging
import NIOCore

/// One log line per request: method, path, route template, status and duration (with the `request_id` that
/// `RequestIDMiddleware` put on the logger). Bodies and headers are never logged.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)",
                "path": "\(request.uri.path)",
                "route": "\(HTTPMetricsMiddleware<Context>.route(context))",
                "status": .stringConvertible(Int(response.status.code)),
                // Three decimals: microseconds are as fine as a request's timing is meaningful.
                "duration_ms": .stringConvertible((milliseconds * 1000).rounded() / 1000),
            ])
        return response
    }
}
