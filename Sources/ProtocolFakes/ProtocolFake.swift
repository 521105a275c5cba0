import AgentPlannerCore
import Crypto
import Foundation
import Synchronization

/// A failure a fake can be told to produce.
public enum FakeFault: Sendable, Equatable {
    /// An HTTP error status (500, 502, 503, …).
    case status(Int)
    /// Waits this long before answering 200 (longer than the sender's timeout: a timeout).
    case delay(Duration)
    /// 429 with `Retry-After` (seconds, as the header says it); Discord also gets `retry_after` in the body.
    case rateLimited(retryAfter: Double)
    /// Discord's old body form: `retry_after` in milliseconds, no header.
    case rateLimitedMilliseconds(Int)
    /// Closes the connection without answering.
    case close
    /// Slack's `200 {ok:false, error}`.
    case slackError(String)
}

/// A fake's running totals.
public struct FakeTally: Sendable, Equatable {
    public var requests = 0
    /// Requests not accepted (faults, refused credentials, bad signatures).
    public var refused = 0
    public var badSignatures = 0
    /// Accepted requests whose idempotency key was accepted before.
    public var duplicates = 0
}

/// One request a fake received and how it answered.
public struct ReceivedMessage: Sendable {
    public var request: FakeRequest
    public var json: JSONValue?
    public var idempotencyKey: String?
    /// Webhook: whether `X-AgentPlanner-Signature` verified; nil for services without one.
    public var signatureValid: Bool?
    /// The status answered; nil when the fake closed the connection.
    public var answered: Int?
    /// Whether this request counts as delivered (a success answer).
    public var accepted: Bool
    public var receivedAt: Date
}

/// A loopback stand-in for a messaging service: speaks its wire protocol, checks its credentials and the
/// webhook signature, records what it received, and fails on request.
public final class ProtocolFake: Sendable {
    public enum Service: Sendable {
        case webhook(secret: String)
        case slack(token: String)
        case discord
        case openclaw(token: String)
    }

    private struct State {
        var received: [ReceivedMessage] = []
        var queued: [FakeFault] = []
        var policy: (@Sendable (Int) -> FakeFault?)?
        var count = 0
        /// Distinct idempotency keys accepted, kept as messages arrive so progress checks cost nothing.
        var acceptedKeys: Set<String> = []
        /// Running totals for `tally` (constant time, as `acceptedKeys`).
        var tally = FakeTally()
    }

    /// The one OAuth code the Slack fake exchanges for its token.
    public static let slackOAuthCode = "good-code"

    public let service: Service
    /// Its own server, or nil when it is mounted on a shared one (`SideEffectSink`).
    private let server: FakeHTTPServer?
    public let baseURL: String
    private let state: Mutex<State>

    private init(service: Service, server: FakeHTTPServer?, baseURL: String) {
        self.service = service
        self.server = server
        self.baseURL = baseURL
        self.state = Mutex(State())
    }

    /// A fake without a server of its own: whoever serves `baseURL` passes it its requests (`handle`).
    public static func mounted(_ service: Service, baseURL: String) -> ProtocolFake {
        ProtocolFake(service: service, server: nil, baseURL: baseURL)
    }

    public static func start(_ service: Service) async throws -> ProtocolFake {
        let box = FakeBox()
        let server = try await FakeHTTPServer.start { request in
            guard let fake = box.fake else { return .json(503, "{}") }
            return await fake.handle(request)
        }
        let fake = ProtocolFake(service: service, server: server, baseURL: server.baseURL)
        box.fake = fake
        return fake
    }

    /// The next requests fail with these faults, in order.
    public func failNext(_ faults: [FakeFault]) { state.withLock { $0.queued.append(contentsOf: faults) } }

    /// Request number n (1-based) fails with `policy(n)` when not nil (after any queued faults).
    public func setFaultPolicy(_ policy: (@Sendable (Int) -> FakeFault?)?) { state.withLock { $0.policy = policy } }

    public var received: [ReceivedMessage] { state.withLock { $0.received } }
    public var accepted: [ReceivedMessage] { received.filter(\.accepted) }

    /// Requests, refusals, bad signatures and re-sent keys so far (constant time).
    public var tally: FakeTally { state.withLock { $0.tally } }

    /// How many distinct idempotency keys were accepted so far (constant time).
    public var acceptedKeyCount: Int { state.withLock { $0.acceptedKeys.count } }

    /// Accepted messages per idempotency key: 1 is exactly once, more are at-least-once re-sends.
    public var acceptedCounts: [String: Int] {
        accepted.reduce(into: [:]) { counts, message in counts[message.idempotencyKey ?? "", default: 0] += 1 }
    }

    public func shutdown() async { await server?.shutdown() }

    /// Forgets what it received and any fault policy (a standalone sink between runs).
    public func reset() { state.withLock { $0 = State() } }

    private func nextFault() -> FakeFault? {
        state.withLock { state in
            state.count += 1
            if !state.queued.isEmpty { return state.queued.removeFirst() }
            return state.policy?(state.count)
        }
    }

    /// Answers one request as the service would (or with the next fault) and records it.
    public func handle(_ request: FakeRequest) async -> FakeAction {
        var message = ReceivedMessage(
            request: request, json: try? JSONValue(jsonText: String(decoding: request.body, as: UTF8.self)),
            idempotencyKey: request.header("Idempotency-Key"), signatureValid: nil, answered: nil, accepted: false,
            receivedAt: Date())
        let action: FakeAction
        if let fault = nextFault() {
            action = await failure(fault)
        } else {
            action = answer(request, &message)
        }
        if case .respond(let status, _, _) = action {
            message.answered = status
            message.accepted = message.accepted && (200..<300).contains(status)
        } else {
            message.accepted = false
        }
        state.withLock { state in
            state.received.append(message)
            state.tally.requests += 1
            if !message.accepted { state.tally.refused += 1 }
            if message.signatureValid == false { state.tally.badSignatures += 1 }
            if message.accepted, let key = message.idempotencyKey, !state.acceptedKeys.insert(key).inserted {
                state.tally.duplicates += 1
            }
        }
        return action
    }

    private func failure(_ fault: FakeFault) async -> FakeAction {
        switch fault {
        case .status(let status):
            return .json(status, #"{"error":"injected failure"}"#)
        case .delay(let duration):
            try? await Task.sleep(for: duration)
            return .json(200, #"{"late":true}"#)
        case .rateLimited(let seconds):
            let body: String
            if case .discord = service {
                body = #"{"message":"You are being rate limited.","retry_after":\#(seconds),"global":false}"#
            } else if case .slack = service {
                body = #"{"ok":false,"error":"ratelimited"}"#
            } else {
                body = #"{"error":"rate limited"}"#
            }
            return .json(429, body, headers: [("Retry-After", String(format: "%g", seconds))])
        case .rateLimitedMilliseconds(let milliseconds):
            return .json(429, #"{"message":"You are being rate limited.","retry_after":\#(milliseconds),"global":false}"#)
        case .close:
            return .close
        case .slackError(let code):
            return .json(200, #"{"ok":false,"error":"\#(code)"}"#)
        }
    }

    /// The service's normal answer; sets `accepted` when the request is one the real service would take.
    private func answer(_ request: FakeRequest, _ message: inout ReceivedMessage) -> FakeAction {
        switch service {
        case .webhook(let secret):
            let valid = WebhookVerifier.verify(
                secret: secret, timestamp: request.header("X-AgentPlanner-Timestamp") ?? "", body: request.body,
                header: request.header("X-AgentPlanner-Signature") ?? "")
            message.signatureValid = valid
            guard valid else { return .json(401, #"{"error":"bad signature"}"#) }
            message.accepted = true
            return .json(200, #"{"received":true}"#)
        case .slack(let token):
            if request.path.hasSuffix("/oauth.v2.access") {
                let form = String(decoding: request.body, as: UTF8.self)
                guard form.split(separator: "&").contains("code=\(Self.slackOAuthCode)") else {
                    return .json(200, #"{"ok":false,"error":"invalid_code"}"#)
                }
                return .json(
                    200, #"{"ok":true,"access_token":"\#(token)","token_type":"bot","bot_user_id":"U0BOT","team":{"id":"T0TEAM","name":"Test Team"}}"#
                )
            }
            guard request.header("Authorization") == "Bearer \(token)" else { return .json(200, #"{"ok":false,"error":"invalid_auth"}"#) }
            if request.path.hasSuffix("/conversations.list") {
                return .json(
                    200,
                    #"{"ok":true,"channels":[{"id":"C0GENERAL","name":"general","is_private":false,"is_archived":false},{"id":"C0SECRET","name":"secret","is_private":true,"is_archived":false}]}"#
                )
            }
            guard request.path.hasSuffix("/chat.postMessage") else { return .json(404, #"{"ok":false,"error":"unknown_method"}"#) }
            guard let channel = message.json?["channel"]?.stringValue, !channel.isEmpty else {
                return .json(200, #"{"ok":false,"error":"channel_not_found"}"#)
            }
            message.accepted = true
            return .json(200, #"{"ok":true,"channel":"\#(channel)","ts":"\#(Date().timeIntervalSince1970)"}"#)
        case .discord:
            let parts = request.path.split(separator: "/")
            guard parts.count >= 3, parts[parts.count - 3] == "webhooks" else {
                return .json(404, #"{"message":"Unknown Webhook","code":10015}"#)
            }
            guard case .array(let embeds)? = message.json?["embeds"], !embeds.isEmpty else {
                return .json(400, #"{"message":"Cannot send an empty message","code":50006}"#)
            }
            message.accepted = true
            return .json(200, #"{"id":"\#(UInt64.random(in: 1...UInt64.max))","type":0}"#)
        case .openclaw(let token):
            guard request.header("Authorization") == "Bearer \(token)" else { return .json(401, #"{"ok":false}"#) }
            guard message.json?["message"] != nil else { return .json(400, #"{"ok":false,"error":"message required"}"#) }
            message.accepted = true
            return .json(202, #"{"ok":true}"#)
        }
    }
}

/// Lets the request handler reach the fake created after its server.
private final class FakeBox: Sendable {
    private let lock = Mutex<ProtocolFake?>(nil)
    var fake: ProtocolFake? {
        get { lock.withLock { $0 } }
        set { lock.withLock { $0 = newValue } }
    }
}

/// The receiver's side of the webhook signature, written independently of the sender's code.
public enum WebhookVerifier {
    public static func verify(secret: String, timestamp: String, body: Data, header: String) -> Bool {
        guard !timestamp.isEmpty, header.hasPrefix("sha256=") else { return false }
        let expected = HMAC<SHA256>.authenticationCode(
            for: Data((timestamp + ".").utf8) + body, using: SymmetricKey(data: Data(secret.utf8)))
        // Compared as bytes read from the header's lowercase hex, not through the project's hex writer.
        let text = Array(header.utf8.dropFirst(7))
        guard text.count == 64 else { return false }
        var received: [UInt8] = []
        for index in stride(from: 0, to: 64, by: 2) {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return false }
            received.append(high << 4 | low)
        }
        return received == Array(expected)
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
