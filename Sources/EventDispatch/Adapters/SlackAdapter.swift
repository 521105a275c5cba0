import AgentPlannerCore
import Foundation
import Persistence

/// Slack: `chat.postMessage` with the bot token (the integration's secret) to `config.channel_id`.
///
/// Slack answers 200 with `{ok:false, error}` for most failures; those are classified by error code. HTTP 429
/// carries `Retry-After` in seconds.
public struct SlackAdapter: MessagingAdapter {
    public let kind = MessagingAdapterKind.slack
    /// v1 posted agent requests and decision requests only.
    public let defaultEvents = ["task.agent_requested", "decision.requested"]
    let http: AdapterHTTP
    let baseURL: String

    public init(http: AdapterHTTP, baseURL: String) {
        self.http = http
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Slack error codes worth retrying; every other `ok:false` is permanent.
    static let retryableErrors: Set<String> = [
        "ratelimited", "rate_limited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
        "team_added_to_org",
    ]

    public func validate(config: JSONValue, secret: String?) -> String? {
        guard let channel = config["channel_id"]?.stringValue,
            channel.range(of: "^[A-Za-z0-9]{1,20}$", options: .regularExpression) != nil
        else { return "config.channel_id must be a Slack channel id (letters and digits, at most 20)" }
        guard let secret, !secret.isEmpty else { return "secret (the bot token) is required" }
        return nil
    }

    public func send(_ message: OutboundMessage, to target: IntegrationTarget) async -> SendResult {
        guard let channel = target.configText("channel_id") else {
            return .permanent("the Slack integration has no channel_id", status: nil)
        }
        guard let token = target.secret else { return .permanent("the Slack integration has no bot token", status: nil) }
        let content = SlackMessages.message(event: message.eventType, payload: message.payload)
        let body: JSONValue = [
            "channel": .string(channel), "text": .string(content.text), "blocks": .array(content.blocks),
            "unfurl_links": false,
        ]
        let headers = [
            ("Content-Type", "application/json; charset=utf-8"), ("Authorization", "Bearer \(token)"),
            ("Idempotency-Key", message.idempotencyKey),
        ]
        switch await http.post(
            baseURL + "/chat.postMessage", headers: headers, body: Data(body.jsonText.utf8))
        {
        case .failure(let failure):
            return failure.retryable
                ? .retryable(failure.message, status: nil, retryAfter: nil) : .permanent(failure.message, status: nil)
        case .success(let exchange):
            return Self.classify(exchange)
        }
    }

    static func classify(_ exchange: HTTPExchange) -> SendResult {
        guard exchange.status == 200 else { return HTTPClassification.classify(exchange, service: "Slack") }
        guard let answer = try? JSONValue(jsonText: exchange.bodyText), case .bool(let ok)? = answer["ok"] else {
            return .retryable("Slack answered 200 without a JSON ok field", status: 200, retryAfter: nil)
        }
        if ok { return .delivered(status: 200) }
        let code = answer["error"]?.stringValue ?? "unknown_error"
        if retryableErrors.contains(code) {
            return .retryable(
                "Slack error: \(code)", status: 200, retryAfter: RetryAfter.parse(exchange.header("retry-after")))
        }
        return .permanent("Slack error: \(code)", status: 200)
    }
}
