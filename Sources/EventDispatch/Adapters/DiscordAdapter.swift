import AgentPlannerCore
import Foundation
import Persistence

/// Discord: "execute webhook" with one embed per event. The secret is the webhook URL
/// (`https://discord.com/api/webhooks/<id>/<token>`); the request goes to the configured API base URL with that
/// id and token, so a stored URL cannot point the server anywhere else.
///
/// 429 answers carry `retry_after` in seconds (a fraction); older API versions sent milliseconds, which are
/// recognised as whole numbers of 1000 or more.
public struct DiscordAdapter: MessagingAdapter {
    public let kind = MessagingAdapterKind.discord
    public let defaultEvents = ["*"]
    let http: AdapterHTTP
    let baseURL: String

    public init(http: AdapterHTTP, baseURL: String) {
        self.http = http
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    public func validate(config: JSONValue, secret: String?) -> String? {
        Self.webhookPath(secret) == nil ? "secret must be a Discord webhook URL (…/api/webhooks/<id>/<token>)" : nil
    }

    /// `webhooks/<id>/<token>` from a webhook URL.
    static func webhookPath(_ url: String?) -> String? {
        guard let url, let parsed = HTTPClassification.httpURL(url) else { return nil }
        let parts = parsed.path.split(separator: "/").map(String.init)
        guard let index = parts.firstIndex(of: "webhooks"), parts.count >= index + 3,
            parts[index + 1].allSatisfy(\.isNumber), !parts[index + 2].isEmpty
        else { return nil }
        return "webhooks/\(parts[index + 1])/\(parts[index + 2])"
    }

    public func send(_ message: OutboundMessage, to target: IntegrationTarget) async -> SendResult {
        guard let path = Self.webhookPath(target.secret) else {
            return .permanent("the Discord integration's webhook URL is not valid", status: nil)
        }
        let body: JSONValue = [
            "username": "AgentPlanner", "allowed_mentions": ["parse": []],
            "embeds": [DiscordEmbeds.embed(event: message.eventType, payload: message.payload)],
        ]
        let headers = [("Content-Type", "application/json"), ("Idempotency-Key", message.idempotencyKey)]
        switch await http.post(
            "\(baseURL)/\(path)?wait=true", headers: headers, body: Data(body.jsonText.utf8))
        {
        case .failure(let failure):
            return failure.retryable
                ? .retryable(failure.message, status: nil, retryAfter: nil) : .permanent(failure.message, status: nil)
        case .success(let exchange):
            guard exchange.status == 429 else { return HTTPClassification.classify(exchange, service: "Discord") }
            return .retryable("Discord rate limit (429)", status: 429, retryAfter: Self.retryAfter(exchange))
        }
    }

    static func retryAfter(_ exchange: HTTPExchange) -> Duration? {
        if let body = try? JSONValue(jsonText: exchange.bodyText), case .number(let value)? = body["retry_after"],
            value.isFinite, value >= 0
        {
            let isMilliseconds = value.rounded() == value && value >= 1000
            return .milliseconds(Int64(isMilliseconds ? value : value * 1000))
        }
        return RetryAfter.parse(exchange.header("retry-after"))
    }
}

/// One Discord embed per event, from v1's webhook payload.
enum DiscordEmbeds {
    static func embed(event: String, payload: JSONValue) -> JSONValue {
        var fields: [JSONValue] = []
        func add(_ name: String, _ value: String?, inline: Bool = true) {
            guard let value, !value.isEmpty else { return }
            fields.append(["name": .string(name), "value": .string(String(value.prefix(1024))), "inline": .bool(inline)])
        }
        add("Plan", payload["plan"]?["title"]?.stringValue)
        add("Task", payload["task"]?["title"]?.stringValue)
        add("Status", payload["task"]?["status"]?.stringValue)
        add("Request", payload["request"]?["type"]?.stringValue)
        add("Decision", payload["decision"]?["title"]?.stringValue, inline: false)
        add("Urgency", payload["decision"]?["urgency"]?.stringValue)
        if case .array(let options)? = payload["decision"]?["options"], !options.isEmpty {
            add(
                "Options",
                options.enumerated().map { "\($0.offset + 1). \(SlackMessages.optionText($0.element))" }
                    .joined(separator: "\n"), inline: false)
        }
        add("Resolution", payload["resolution"]?["decision"]?.stringValue, inline: false)
        var embed: [String: JSONValue] = [
            "title": .string(String(title(event).prefix(256))),
            "description": .string(String((payload["message"]?.stringValue ?? event).prefix(4096))),
            "color": .number(Double(color(event))), "fields": .array(Array(fields.prefix(25))),
            "footer": ["text": .string("AgentPlanner · \(event)")],
        ]
        if let timestamp = payload["timestamp"]?.stringValue { embed["timestamp"] = .string(timestamp) }
        return .object(embed)
    }

    static func title(_ event: String) -> String {
        switch event {
        case "decision.requested.blocking": "Blocking decision required"
        case "decision.requested": "Decision required"
        case "decision.resolved": "Decision resolved"
        case "task.blocked": "Task blocked"
        case "task.unblocked": "Task unblocked"
        case "task.completed": "Task completed"
        case "task.assigned": "Task assigned"
        case "plan.shared": "Plan shared"
        case "agent.response.received": "Agent answered"
        default:
            event.hasSuffix("_requested") ? "Agent request" : "AgentPlanner update"
        }
    }

    static func color(_ event: String) -> Int {
        switch event {
        case "decision.requested.blocking", "task.blocked": 0xE0_1E_5A
        case "decision.requested": 0xEC_B2_2E
        case "task.completed", "decision.resolved", "task.unblocked": 0x2E_B6_7D
        default: 0x36_C5_F0
        }
    }
}
