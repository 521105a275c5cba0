import AgentPlannerCore
import Foundation
import Persistence

/// One delivery as an adapter sends it. `payload` is v1's webhook body for the event (ROUTES.md §5.5) with
/// `event`, `timestamp` and `idempotency_key`.
public struct OutboundMessage: Sendable, Equatable {
    public var deliveryID: UUID
    public var eventType: String
    public var payload: JSONValue
    public var idempotencyKey: String
    public var attempt: Int

    public init(deliveryID: UUID, eventType: String, payload: JSONValue, idempotencyKey: String, attempt: Int) {
        self.deliveryID = deliveryID
        self.eventType = eventType
        self.payload = payload
        self.idempotencyKey = idempotencyKey
        self.attempt = attempt
    }

    public init(_ delivery: MessageDelivery) {
        self.init(
            deliveryID: delivery.id, eventType: delivery.eventType, payload: delivery.payload,
            idempotencyKey: delivery.idempotencyKey, attempt: delivery.attempts)
    }
}

/// An integration with its secret decrypted, ready to send to.
public struct IntegrationTarget: Sendable {
    public var integration: MessagingIntegration
    public var secret: String?

    public init(integration: MessagingIntegration, secret: String?) {
        self.integration = integration
        self.secret = secret
    }

    public func configText(_ key: String) -> String? {
        integration.config[key]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// How one send ended, classified.
public enum SendResult: Sendable, Equatable {
    case delivered(status: Int)
    /// Worth another attempt; `retryAfter` when the service said when.
    case retryable(String, status: Int?, retryAfter: Duration?)
    /// Another attempt would fail the same way.
    case permanent(String, status: Int?)

    public var status: Int? {
        switch self {
        case .delivered(let status): status
        case .retryable(_, let status, _), .permanent(_, let status): status
        }
    }
}

/// A messaging service: its wire format, its error classification and its settings' rules.
public protocol MessagingAdapter: Sendable {
    var kind: MessagingAdapterKind { get }
    /// Event names delivered when an integration subscribes to none.
    var defaultEvents: [String] { get }
    /// Why `config` and `secret` cannot work for this adapter, or nil when they can.
    func validate(config: JSONValue, secret: String?) -> String?
    func send(_ message: OutboundMessage, to target: IntegrationTarget) async -> SendResult
}

/// The four adapters over one HTTP transport.
public struct AdapterRegistry: Sendable {
    private let adapters: [MessagingAdapterKind: any MessagingAdapter]

    public init(_ adapters: [any MessagingAdapter]) {
        self.adapters = Dictionary(adapters.map { ($0.kind, $0) }, uniquingKeysWith: { $1 })
    }

    public static func standard(settings: DispatchSettings, transport: HTTPTransport = HTTPTransport()) -> AdapterRegistry {
        let http = AdapterHTTP(
            transport: transport, timeout: settings.sendTimeout, responseLimit: settings.maximumResponseBytes)
        let endpoints = settings.endpoints
        return AdapterRegistry([
            WebhookAdapter(http: http, userAgent: endpoints.userAgent),
            SlackAdapter(http: http, baseURL: endpoints.slackAPIBaseURL),
            DiscordAdapter(http: http, baseURL: endpoints.discordAPIBaseURL),
            OpenClawAdapter(http: http, userAgent: endpoints.userAgent),
        ])
    }

    public subscript(kind: MessagingAdapterKind) -> (any MessagingAdapter)? { adapters[kind] }
    public var kinds: [MessagingAdapterKind] { MessagingAdapterKind.allCases.filter { adapters[$0] != nil } }
}

/// Shared rules of the HTTP-based adapters.
enum HTTPClassification {
    /// 2xx delivered; 408, 425, 429 and 5xx retryable (429 and 503 with `Retry-After`); 3xx and other 4xx permanent.
    static func classify(_ exchange: HTTPExchange, service: String) -> SendResult {
        let status = exchange.status
        switch status {
        case 200..<300:
            return .delivered(status: status)
        case 429, 503:
            return .retryable(
                "\(service) answered \(status)", status: status,
                retryAfter: RetryAfter.parse(exchange.header("retry-after")))
        case 408, 425, 500..<600:
            return .retryable("\(service) answered \(status)", status: status, retryAfter: nil)
        case 300..<400:
            let location = exchange.header("location").map { " to \($0)" } ?? ""
            return .permanent("\(service) answered \(status) (redirect\(location) not followed)", status: status)
        default:
            let detail = exchange.bodyText.isEmpty ? "" : ": " + String(exchange.bodyText.prefix(200))
            return .permanent("\(service) answered \(status)\(detail)", status: status)
        }
    }

    /// Absolute http(s) URL with a host, or nil.
    static func httpURL(_ text: String?) -> URL? {
        guard let text, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }
}

/// `Retry-After`: delay seconds or an HTTP date.
public enum RetryAfter {
    public static func parse(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 { return .milliseconds(Int64(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSince(now)) * 1000))
    }
}
