import AgentPlannerCore
import Foundation
import Synchronization

/// How a run treats a deployment's rate limits: an optional pace, and how much waiting on `429 Too Many
/// Requests` it accepts before a step fails.
public struct RateLimitPolicy: Sendable {
    /// At most this many requests a second (nil: as fast as answers come).
    public var requestsPerSecond: Double?
    /// Retries after a 429 across the whole run; once spent, a 429 fails its step.
    public var retryBudget: Int
    /// A `Retry-After` longer than this is not waited out: the step fails at once.
    public var longestWait: Duration
    /// The wait when a 429 carries no usable `Retry-After`.
    public var defaultWait: Duration

    public init(
        requestsPerSecond: Double? = nil, retryBudget: Int = 300, longestWait: Duration = .seconds(120),
        defaultWait: Duration = .seconds(5)
    ) {
        self.requestsPerSecond = requestsPerSecond
        self.retryBudget = retryBudget
        self.longestWait = longestWait
        self.defaultWait = defaultWait
    }
}

/// One 429 as a run met it, for the "this run is slowed by rate limits" line.
public struct RateLimitEvent: Sendable {
    public let method: String
    public let path: String
    /// The limiter's name when the answer says (`auth`, `general`…), else the policy header or "unknown".
    public let limiter: String
    public let wait: Duration
    /// True the first time this limiter stopped the run.
    public let firstForLimiter: Bool
}

/// What rate limiting cost a run.
public struct RateLimitStatistics: Sendable, Equatable {
    public var retries = 0
    public var waited: Duration = .zero
    /// Retries per limiter name.
    public var byLimiter: [String: Int] = [:]
    /// True when a 429 failed a step because the budget was spent or the wait was too long.
    public var gaveUp = false

    public init() {}

    /// "rate limited 12 time(s) (auth 10, general 2), waited 3 min 5 s"; nil when never limited.
    public var summary: String? {
        guard retries > 0 || gaveUp else { return nil }
        let limiters = byLimiter.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let seconds = Int(waited.components.seconds)
        let waitedText = seconds >= 60 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds) s"
        return "rate limited \(retries) time(s) (\(limiters)), waited \(waitedText) in all"
            + (gaveUp ? "; the retry budget or the longest wait was exceeded" : "")
    }
}

/// A 429 the run would not wait out any more.
public struct RateLimitExhausted: Error, CustomStringConvertible {
    public let limiter: String
    public let reason: String
    public var description: String { "429 Too Many Requests from the \(limiter) limiter: \(reason)" }
}

/// Wraps a transport for runs against real deployments: paces requests and, on `429`, waits as long as
/// `Retry-After` says and sends the same request again. A 429 is answered before the request is handled, so
/// sending it again changes nothing twice. Waits are counted, never silent, and bounded by the policy.
public final class PacedTransport: HTTPTransport {
    private let base: any HTTPTransport
    private let policy: RateLimitPolicy
    private let onRateLimited: @Sendable (RateLimitEvent) -> Void
    private let sleep: @Sendable (Duration) async throws -> Void
    private let state = Mutex(State())

    private struct State {
        var nextSlot: ContinuousClock.Instant?
        var statistics = RateLimitStatistics()
        /// The last `RateLimit-Remaining` and `RateLimit-Reset` the server sent, and when.
        var window: (remaining: Int, reset: Int, at: ContinuousClock.Instant)?
    }

    /// `sleep` is replaceable so tests need not wait in real time.
    public init(
        _ base: any HTTPTransport, policy: RateLimitPolicy,
        onRateLimited: @escaping @Sendable (RateLimitEvent) -> Void = { _ in },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.base = base
        self.policy = policy
        self.onRateLimited = onRateLimited
        self.sleep = sleep
    }

    public var statistics: RateLimitStatistics { state.withLock { $0.statistics } }

    public func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
        while true {
            try await pace()
            let response = try await base.send(request)
            if let remaining = response.headers["ratelimit-remaining"].flatMap(Int.init),
                let reset = response.headers["ratelimit-reset"].flatMap(Int.init)
            {
                state.withLock { $0.window = (remaining, reset, ContinuousClock.now) }
            }
            guard response.status == 429 else { return response }
            let limiter = Self.limiter(of: response)
            let wait = Self.retryAfter(response.headers["retry-after"], now: Date()) ?? policy.defaultWait
            let decision: (first: Bool, refusal: String?) = state.withLock { state in
                if state.statistics.retries >= policy.retryBudget {
                    state.statistics.gaveUp = true
                    return (false, "the retry budget of \(policy.retryBudget) is spent")
                }
                if wait > policy.longestWait {
                    state.statistics.gaveUp = true
                    return (false, "Retry-After \(wait) is longer than the longest wait \(policy.longestWait)")
                }
                let first = state.statistics.byLimiter[limiter] == nil
                state.statistics.retries += 1
                state.statistics.waited += wait
                state.statistics.byLimiter[limiter, default: 0] += 1
                return (first, nil)
            }
            if let refusal = decision.refusal { throw RateLimitExhausted(limiter: limiter, reason: refusal) }
            let path = URL(string: request.url)?.path ?? request.url
            onRateLimited(
                RateLimitEvent(method: request.method, path: path, limiter: limiter, wait: wait, firstForLimiter: decision.first))
            try await sleep(wait)
        }
    }

    /// A websocket upgrade cannot be retried after a 429: when the server's last answer said fewer than
    /// three requests are left in its window, wait for the window to reset first (counted as a wait).
    public func beforeOtherRequest() async throws {
        try await base.beforeOtherRequest()
        let wait: Duration? = state.withLock { state in
            guard let window = state.window, window.remaining < 3 else { return nil }
            let left = Duration.seconds(window.reset) - (ContinuousClock.now - window.at)
            guard left > .zero, left <= policy.longestWait else { return nil }
            state.statistics.waited += left
            state.window = nil
            return left
        }
        if let wait { try await sleep(wait) }
    }

    /// Waits for this request's slot when a pace is set.
    private func pace() async throws {
        guard let rate = policy.requestsPerSecond, rate > 0 else { return }
        let interval = Duration.seconds(1.0 / rate)
        let now = ContinuousClock.now
        let slot = state.withLock { state in
            let slot = max(now, state.nextSlot ?? now)
            state.nextSlot = slot + interval
            return slot
        }
        if slot > now { try await sleep(slot - now) }
    }

    /// `Retry-After` as delta-seconds or an HTTP date (RFC 9110 §10.2.3); nil when absent or unreadable.
    public static func retryAfter(_ value: String?, now: Date) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Int(value), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }

    /// v1's 429 body names its limiter (`"type": "auth"`); other servers may only send a policy header.
    static func limiter(of response: ReceivedResponse) -> String {
        if let json = try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self)),
            let type = json["type"]?.stringValue
        {
            return type
        }
        return response.headers["ratelimit-policy"].map { "policy \($0)" } ?? "unknown"
    }
}

/// Refuses, before anything is sent, every request that could change the server: a `--read-only` run can
/// then never write, whatever a contract or a fixture asks for.
public struct ReadOnlyTransport: HTTPTransport {
    /// The methods that change nothing (RFC 9110 §9.2.1's safe methods).
    public static let safeMethods: Set<String> = ["GET", "HEAD", "OPTIONS"]
    private let base: any HTTPTransport

    public init(_ base: any HTTPTransport) { self.base = base }

    public func beforeOtherRequest() async throws { try await base.beforeOtherRequest() }

    public func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
        guard Self.safeMethods.contains(request.method.uppercased()) else {
            throw ReadOnlyViolation(method: request.method, url: request.url)
        }
        return try await base.send(request)
    }
}

/// A read-only run was about to send a request that could change the server.
public struct ReadOnlyViolation: Error, CustomStringConvertible {
    public let method: String
    public let url: String
    public var description: String { "refused to send \(method) \(url): the run is read-only" }
}
