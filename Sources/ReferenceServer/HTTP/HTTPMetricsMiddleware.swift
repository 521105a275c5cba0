import CoreMetrics
import Hummingbird

/// Counts requests by route template, method and status (`agentplanner_http_requests_total`) and times them
/// by route template and method (`agentplanner_http_request_duration_seconds`). The route is the template a
/// handler was registered with, never the raw path, so ids do not multiply the series; a request no route
/// served (an unknown path, a CORS preflight) is counted under `unmatched` or Hummingbird's `NotFound`.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let factory: any MetricsFactory

    static func route(_ context: Context) -> String { context.endpointPath ?? "unmatched" }

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context: context, status: Int(response.status.code), since: start)
            return response
        } catch {
            // Errors become answers further in (V1ErrorMiddleware); one that escapes is a 500 to the client.
            record(request, context: context, status: 500, since: start)
            throw error
        }
    }

    private func record(_ request: Request, context: Context, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let route = Self.route(context)
        let method = request.method.rawValue
        Counter(
            label: "agentplanner_http_requests_total",
            dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory
        ).increment()
        Timer(
            label: "agentplanner_http_request_duration_seconds", dimensions: [("route", route), ("method", method)],
            factory: factory
        ).recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
