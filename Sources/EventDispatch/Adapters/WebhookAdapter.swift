import AgentPlannerCore
import Crypto
import Foundation
import Persistence

/// Generic webhook: v1's JSON body and event names (ROUTES.md §5.5), signed.
///
/// Headers: `User-Agent`, `Idempotency-Key`, `X-AgentPlanner-Event`, `X-AgentPlanner-Delivery`,
/// `X-AgentPlanner-Timestamp` (Unix seconds) and `X-AgentPlanner-Signature: sha256=<hex>` where the hex is
/// HMAC-SHA256 with the integration's secret over `<timestamp>.<body>`.
public struct WebhookAdapter: MessagingAdapter {
    public let kind = MessagingAdapterKind.webhook
    public let defaultEvents = ["*"]
    let http: AdapterHTTP
    let userAgent: String
    var clock: @Sendable () -> Date = { Date() }

    public init(http: AdapterHTTP, userAgent: String) {
        self.http = http
        self.userAgent = userAgent
    }

    public func validate(config: JSONValue, secret: String?) -> String? {
        guard HTTPClassification.httpURL(config["url"]?.stringValue) != nil else {
            return "config.url must be an http(s) URL"
        }
        guard let secret, secret.utf8.count >= 16 else { return "secret (the signing secret) must be at least 16 characters" }
        return nil
    }

    public func send(_ message: OutboundMessage, to target: IntegrationTarget) async -> SendResult {
        guard let url = HTTPClassification.httpURL(target.configText("url")) else {
            return .permanent("the integration's url is not an http(s) URL", status: nil)
        }
        guard let secret = target.secret else { return .permanent("the integration has no signing secret", status: nil) }
        let body = Data(message.payload.jsonText.utf8)
        let timestamp = String(Int(clock().timeIntervalSince1970))
        let headers = [
            ("Content-Type", "application/json"), ("User-Agent", userAgent),
            ("Idempotency-Key", message.idempotencyKey), ("X-AgentPlanner-Event", message.eventType),
            ("X-AgentPlanner-Delivery", message.deliveryID.uuidString.lowercased()),
            ("X-AgentPlanner-Timestamp", timestamp),
            ("X-AgentPlanner-Signature", WebhookSignature.header(secret: secret, timestamp: timestamp, body: body)),
        ]
        switch await http.post(
            url.absoluteString, headers: headers, body: body)
        {
        case .success(let exchange): return HTTPClassification.classify(exchange, service: "the webhook receiver")
        case .failure(let failure):
            return failure.retryable
                ? .retryable(failure.message, status: nil, retryAfter: nil) : .permanent(failure.message, status: nil)
        }
    }
}

/// The webhook signature, for senders and receivers.
public enum WebhookSignature {
    /// `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`
    public static func header(secret: String, timestamp: String, body: Data) -> String {
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Data(mac).hexString
    }

    /// Constant-time check of a received signature header.
    public static func verify(secret: String, timestamp: String, body: Data, header: String) -> Bool {
        guard header.hasPrefix("sha256="), let received = Data(hex: String(header.dropFirst(7))) else { return false }
        var signed = Data(timestamp.utf8)
        signed.append(UInt8(ascii: "."))
        signed.append(body)
        return HMAC<SHA256>.isValidAuthenticationCode(received, authenticating: signed, using: SymmetricKey(data: Data(secret.utf8)))
    }
}
