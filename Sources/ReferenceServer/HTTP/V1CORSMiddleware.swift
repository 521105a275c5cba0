import Hummingbird

/// v1's CORS behaviour (the `cors` package with three origins and credentials, ROUTES.md §1.1): an allowed
/// origin is echoed with credentials allowed; any other origin is not refused but gets no allow-origin header;
/// `OPTIONS` on any path is a preflight answered 204.
struct V1CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    static var v1Origins: Set<String> {
        ["http://localhost:3001", "https://agentplanner.io", "https://www.agentplanner.io"]
    }

    let allowedOrigins: Set<String>

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let origin = request.headers[.origin]
        if request.method == .options {
            var response = Response(status: .noContent)
            addOriginHeaders(origin, to: &response)
            response.headers[.accessControlAllowMethods] = "GET,HEAD,PUT,PATCH,POST,DELETE"
            if let requested = request.headers[.accessControlRequestHeaders] {
                response.headers[.accessControlAllowHeaders] = requested
            }
            response.headers[.contentLength] = "0"
            return response
        }
        var response = try await next(request, context)
        addOriginHeaders(origin, to: &response)
        return response
    }

    private func addOriginHeaders(_ origin: String?, to response: inout Response) {
        response.headers[.vary] = "Origin"
        guard let origin, allowedOrigins.contains(origin) else { return }
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowCredentials] = "true"
    }
}
