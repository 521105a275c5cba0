import Foundation
import Persistence

/// How the dispatch engine runs (DECISIONS.md §D4). Every value is configuration; tests shrink the delays.
public struct DispatchSettings: Sendable {
    /// Run fan-out, workers and cron inside the server. `ConfigurationLoader` (what `serve` reads) turns it on
    /// unless `DISPATCH_IN_SERVER=false`; configurations built in code (tests, the contract harness's in-process
    /// server) leave it off unless they ask.
    public var enabledInServer = false
    public var retry = RetryPolicy()
    /// How long a claim holds a delivery; an expired lease is claimable by any worker.
    public var leaseDuration: Duration = .seconds(60)
    /// How often workers look for due deliveries when nothing woke them.
    public var pollInterval: Duration = .seconds(1)
    /// Concurrent sends per adapter in one worker.
    public var concurrency: [MessagingAdapterKind: Int] = [.webhook: 16, .slack: 4, .discord: 4, .openclaw: 8]
    /// Timeout of one send (v1's webhook timeout was 5 s).
    public var sendTimeout: Duration = .seconds(5)
    /// Bytes of a response body read; the rest is ignored.
    public var maximumResponseBytes = 64 * 1024
    public var fanOutBatchSize = 500
    /// Worker processes in one `serve` or `worker` process.
    public var workers = 1
    public var cron = CronSettings()
    public var endpoints = ServiceEndpoints()
    /// The key secrets are encrypted with (32 bytes; derived from the JWT secret when unset).
    public var secretsKey: String?
    /// The key v1 encrypted Slack bot tokens with (`SLACK_ENCRYPTION_KEY`, else v1's JWT secret).
    public var legacySlackKey: String?

    public init() {}

    public func concurrency(for adapter: MessagingAdapterKind) -> Int { max(1, concurrency[adapter] ?? 4) }
}

/// Exponential backoff with full jitter: attempt n waits a random time in [0, min(cap, base * 2^(n-1))].
public struct RetryPolicy: Sendable, Equatable {
    public var base: Duration = .seconds(1)
    public var cap: Duration = .seconds(300)
    public var maximumAttempts = 8
    /// The longest `Retry-After` honoured; longer answers wait this long.
    public var maximumRetryAfter: Duration = .seconds(3600)

    public init(base: Duration = .seconds(1), cap: Duration = .seconds(300), maximumAttempts: Int = 8) {
        self.base = base
        self.cap = cap
        self.maximumAttempts = maximumAttempts
    }

    /// The delay before the attempt after `attempt` (1-based) failed.
    public func delay(afterAttempt attempt: Int, random: (Double) -> Double = { Double.random(in: 0...$0) }) -> Duration {
        let baseSeconds = base.seconds
        let exponent = min(Double(max(attempt, 1) - 1), 60)
        let ceiling = min(cap.seconds, baseSeconds * pow(2, exponent))
        return .seconds(random(ceiling))
    }

    public func retryAfter(_ requested: Duration) -> Duration {
        min(max(requested, .zero), maximumRetryAfter)
    }
}

/// The maintenance jobs and their schedule.
public struct CronSettings: Sendable {
    public var enabled = true
    public var interval: Duration = .seconds(60)
    /// Agents not seen for this long become offline (v1 derived offline after 15 minutes).
    public var heartbeatStaleAfter: Duration = .seconds(15 * 60)
    /// Delivered rows older than this are purged.
    public var purgeDeliveredAfter: Duration = .seconds(30 * 86_400)

    public init() {}
}

/// Where the adapters send; tests point them at local protocol servers.
public struct ServiceEndpoints: Sendable {
    public var slackAPIBaseURL = "https://slack.com/api"
    public var discordAPIBaseURL = "https://discord.com/api"
    public var userAgent = "AgentPlanner-Webhook/2.0"

    public init() {}
}
