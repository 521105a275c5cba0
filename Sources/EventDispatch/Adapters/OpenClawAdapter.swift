import AgentPlannerCore
import Foundation
import Persistence

/// OpenClaw: the webhook payload POSTed to the gateway's hooks URL (`config.url`, e.g.
/// `http://gateway:18789/hooks/agent`) with the hooks token as a bearer token.
public struct OpenClawAdapter: MessagingAdapter {
    public let kind = MessagingAdapterKind.openclaw
    public let defaultEvents = ["*"]
    let http: AdapterHTTP
    let userAgent: String

    public init(http: AdapterHTTP, userAgent: String) {
        self.http = http
        self.userAgent = userAgent
    }

    public func validate(config: JSONValue, secret: String?) -> String? {
        guard HTTPClassification.httpURL(config["url"]?.stringValue) != nil else {
            return "config.url (the gateway hooks URL) must be an http(s) URL"
        }
        guard let secret, !secret.isEmpty else { return "secret (the gateway hooks token) is required" }
        return nil
    }

    public func send(_ message: OutboundMessage, to target: IntegrationTarget) async -> SendResult {
        guard let url = HTTPClassification.httpURL(target.configText("url")) else {
            return .permanent("the integration's gateway url is not an http(s) URL", status: nil)
        }
        guard let token = target.secret else { return .permanent("the integration has no gateway token", status: nil) }
        let headers = [
            ("Content-Type", "application/json"), ("User-Agent", userAgent), ("Authorization", "Bearer \(token)"),
            ("Idempotency-Key", message.idempotencyKey), ("X-AgentPlanner-Event", message.eventType),
        ]
        switch await http.post(
            url.absoluteString, headers: headers, body: Data(message.payload.jsonText.utf8))
        {
        case .success(let exchange):
            if exchange.status == 401 || exchange.status == 403 {
                return .permanent("the OpenClaw gateway rejected the token (\(exchange.status))", status: exchange.status)
            }
            return HTTPClassification.classify(exchange, service: "the OpenClaw gateway")
        case .failure(let failure):
            return failure.retryable
                ? .retryable(failure.message, status: nil, retryAfter: nil) : .permanent(failure.message, status: nil)
        }
    }
}
