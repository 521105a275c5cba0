import AgentPlannerCore
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// v1's four rate limiters (ROUTES.md §1.3), counted once per request (v1 counted a request once per router
/// it passed, up to six times), keyed by client address, with v1's headers and 429 body. `/health` and `/api-docs` are free
/// (v1 mounted both before its limiters).
struct RateLimitMiddleware: RouterMiddleware {
    let settings: RateLimitSettings
    let counter = FixedWindowCounter()

    func handle(
        _ request: Request, context: AppRequestContext, next: (Request, AppRequestContext) async throws -> Response
    ) async throws -> Response {
        let path = request.uri.path
        guard settings.enabled, path != "/health", path != "/api-docs" else { return try await next(request, context) }
        let (type, limit) = Self.limiter(for: path, settings)
        let key = type + ":" + ClientAddress.of(request, context)
        let decision = counter.hit(key, limit: limit, now: Date())
        var headers = HTTPFields()
        headers[HTTPField.Name("RateLimit-Policy")!] = "\(limit.maximum);w=\(Int(limit.window))"
        headers[HTTPField.Name("RateLimit-Limit")!] = "\(limit.maximum)"
        headers[HTTPField.Name("RateLimit-Remaining")!] = "\(decision.remaining)"
        headers[HTTPField.Name("RateLimit-Reset")!] = "\(decision.resetSeconds)"
        guard decision.allowed else {
            let body: JSONValue = [
                "error": "Too many requests",
                "message": .string("You have exceeded the \(type) rate limit. Please try again later."),
                "type": .string(type), "retryAfter": .string("\(decision.resetSeconds)"),
            ]
            var response = JSONResponse.make(body, status: .tooManyRequests)
            response.headers.append(contentsOf: headers)
            response.headers[.retryAfter] = "\(decision.resetSeconds)"
            return response
        }
        var response = try await next(request, context)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func limiter(for path: String, _ settings: RateLimitSettings) -> (String, RateLimitSettings.Limit) {
        if path == "/auth" || path.hasPrefix("/auth/") { return ("auth", settings.auth) }
        if path == "/search" || path.hasPrefix("/search/") { return ("search", settings.search) }
        if path == "/tokens" || path.hasPrefix("/tokens/") { return ("token", settings.token) }
        return ("general", settings.general)
    }
}

/// Fixed windows per key, as express-rate-limit's memory store kept them; expired windows are dropped.
final class FixedWindowCounter: Sendable {
    struct Decision {
        let allowed: Bool
        let remaining: Int
        let resetSeconds: Int
    }

    private struct Window {
        var start: Date
        var count: Int
    }

    private let windows = Mutex<[String: Window]>([:])

    func hit(_ key: String, limit: RateLimitSettings.Limit, now: Date) -> Decision {
        windows.withLock { windows in
            if windows.count > 10_000 {
                windows = windows.filter { now.timeIntervalSince($0.value.start) < limit.window }
            }
            var window = windows[key] ?? Window(start: now, count: 0)
            if now.timeIntervalSince(window.start) >= limit.window { window = Window(start: now, count: 0) }
            window.count += 1
            windows[key] = window
            let reset = max(1, Int((limit.window - now.timeIntervalSince(window.start)).rounded(.up)))
            return Decision(
                allowed: window.count <= limit.maximum, remaining: max(0, limit.maximum - window.count),
                resetSeconds: reset)
        }
    }
}
