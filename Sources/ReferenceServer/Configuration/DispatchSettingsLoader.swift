import Credentials
import EventDispatch
import Foundation
import Persistence

/// Reads the dispatch engine's settings (DECISIONS.md §D4) from the environment.
///
/// | variable                              | meaning                                              | default        |
/// |---------------------------------------|------------------------------------------------------|----------------|
/// | `DISPATCH_IN_SERVER`                  | run fan-out, workers and cron inside `serve`         | `true`         |
/// | `DISPATCH_WORKERS`                    | workers per process                                  | `1`            |
/// | `DISPATCH_RETRY_BASE_MS`, `_CAP_MS`   | backoff base and cap (full jitter)                   | `1000`, `300000` |
/// | `DISPATCH_MAX_ATTEMPTS`               | attempts before a delivery is dead                   | `8`            |
/// | `DISPATCH_LEASE_SECONDS`              | claim lease (must exceed the send timeout)           | `60`           |
/// | `DISPATCH_POLL_MS`                    | poll interval when not woken                         | `1000`         |
/// | `DISPATCH_SEND_TIMEOUT_MS`            | timeout of one send                                  | `5000`         |
/// | `DISPATCH_CONCURRENCY_<ADAPTER>`      | concurrent sends per adapter (WEBHOOK, SLACK, …)     | 16, 4, 4, 8    |
/// | `DISPATCH_CRON_ENABLED`               | run the maintenance jobs                             | `true`         |
/// | `DISPATCH_CRON_INTERVAL_SECONDS`      | how often they run                                   | `60`           |
/// | `DISPATCH_HEARTBEAT_STALE_SECONDS`    | agents unseen this long become offline               | `900`          |
/// | `DISPATCH_PURGE_DELIVERED_DAYS`       | delivered rows older than this are purged            | `30`           |
/// | `SLACK_API_BASE_URL`, `DISCORD_API_BASE_URL` | service endpoints                             | the services'  |
/// | `AGENTPLANNER_SECRETS_KEY`            | AES-256-GCM key for integration secrets              | from JWT secret |
/// | `SLACK_ENCRYPTION_KEY`                | v1's key, to read migrated Slack tokens              | JWT secret     |
extension ConfigurationLoader {
    func readDispatch(into dispatch: inout DispatchSettings, problems: inout [ConfigurationProblem]) {
        func text(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func number(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            guard let raw = text(name) else { return nil }
            guard let value = Int(raw), range.contains(value) else {
                problems.append(.init(name, "must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(raw)'"))
                return nil
            }
            return value
        }
        dispatch.enabledInServer = flag("DISPATCH_IN_SERVER", &problems) ?? true
        if let value = number("DISPATCH_WORKERS", 1...64) { dispatch.workers = value }
        if let value = number("DISPATCH_RETRY_BASE_MS", 1...3_600_000) { dispatch.retry.base = .milliseconds(value) }
        if let value = number("DISPATCH_RETRY_CAP_MS", 1...86_400_000) { dispatch.retry.cap = .milliseconds(value) }
        if let value = number("DISPATCH_MAX_ATTEMPTS", 1...100) { dispatch.retry.maximumAttempts = value }
        if let value = number("DISPATCH_LEASE_SECONDS", 1...86_400) { dispatch.leaseDuration = .seconds(value) }
        if let value = number("DISPATCH_POLL_MS", 10...600_000) { dispatch.pollInterval = .milliseconds(value) }
        if let value = number("DISPATCH_SEND_TIMEOUT_MS", 100...120_000) { dispatch.sendTimeout = .milliseconds(value) }
        for adapter in MessagingAdapterKind.allCases {
            if let value = number("DISPATCH_CONCURRENCY_\(adapter.rawValue.uppercased())", 1...1000) {
                dispatch.concurrency[adapter] = value
            }
        }
        if let value = flag("DISPATCH_CRON_ENABLED", &problems) { dispatch.cron.enabled = value }
        if let value = number("DISPATCH_CRON_INTERVAL_SECONDS", 1...86_400) { dispatch.cron.interval = .seconds(value) }
        if let value = number("DISPATCH_HEARTBEAT_STALE_SECONDS", 1...2_592_000) {
            dispatch.cron.heartbeatStaleAfter = .seconds(value)
        }
        if let value = number("DISPATCH_PURGE_DELIVERED_DAYS", 1...3650) {
            dispatch.cron.purgeDeliveredAfter = .seconds(value * 86_400)
        }
        if dispatch.retry.cap < dispatch.retry.base {
            problems.append(.init("DISPATCH_RETRY_CAP_MS", "must not be below DISPATCH_RETRY_BASE_MS"))
        }
        if dispatch.leaseDuration <= dispatch.sendTimeout {
            problems.append(.init("DISPATCH_LEASE_SECONDS", "must be longer than the send timeout (DISPATCH_SEND_TIMEOUT_MS)"))
        }
        for (name, keyPath) in [
            ("SLACK_API_BASE_URL", \ServiceEndpoints.slackAPIBaseURL),
            ("DISCORD_API_BASE_URL", \ServiceEndpoints.discordAPIBaseURL),
        ] {
            guard let raw = text(name) else { continue }
            if let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil {
                dispatch.endpoints[keyPath: keyPath] = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append(.init(name, "must be an http(s) URL, got '\(raw)'"))
            }
        }
        if let key = text(SecretsKey.environmentName) {
            if let problem = SecretsKey.problem(with: key) {
                problems.append(.init(SecretsKey.environmentName, problem))
            } else {
                dispatch.secretsKey = key
            }
        }
        dispatch.legacySlackKey = text("SLACK_ENCRYPTION_KEY")
    }
}

extension ConfigurationLoader {
    /// `SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET` (together), `SLACK_STATE_SECRET`, `SLACK_SIGNING_SECRET`,
    /// `SLACK_AUTHORIZE_URL`, `API_BASE_URL`.
    func readSlackApp(into slack: inout SlackAppSettings, problems: inout [ConfigurationProblem]) {
        func text(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        slack.clientID = text("SLACK_CLIENT_ID")
        slack.clientSecret = text("SLACK_CLIENT_SECRET")
        if (slack.clientID == nil) != (slack.clientSecret == nil) {
            problems.append(.init("SLACK_CLIENT_SECRET", "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together"))
        }
        slack.stateSecret = text("SLACK_STATE_SECRET")
        slack.signingSecret = text("SLACK_SIGNING_SECRET")
        for (name, keyPath) in [("SLACK_AUTHORIZE_URL", \SlackAppSettings.authorizeURL)] {
            guard let raw = text(name) else { continue }
            if let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil {
                slack[keyPath: keyPath] = raw
            } else {
                problems.append(.init(name, "must be an http(s) URL, got '\(raw)'"))
            }
        }
        if let raw = text("API_BASE_URL") {
            if let url = URL(string: raw), url.scheme == "http" || url.scheme == "https", url.host != nil {
                slack.apiBaseURL = raw.hasSuffix("/") ? String(raw.dropLast()) : raw
            } else {
                problems.append(.init("API_BASE_URL", "must be an http(s) URL, got '\(raw)'"))
            }
        }
    }
}

extension ServerConfiguration {
    /// The secret box of this configuration: `AGENTPLANNER_SECRETS_KEY`, else a key derived from the JWT secret;
    /// v1 Slack tokens under `SLACK_ENCRYPTION_KEY`, else the JWT secret (as v1 fell back).
    public var secretBox: SecretBox {
        let jwt = jwtSecret ?? ""
        return SecretBox(
            secretsKey: dispatch.secretsKey ?? "agentplanner-integration-secrets:" + jwt,
            legacySlackKey: dispatch.legacySlackKey ?? (jwt.isEmpty ? nil : jwt))
    }
}
