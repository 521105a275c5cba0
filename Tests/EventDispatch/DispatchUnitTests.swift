import AgentPlannerCore
import Foundation
import Persistence
import ProtocolFakes
import Testing

@testable import EventDispatch

@Suite("Dispatch rules")
struct DispatchUnitTests {
    @Test("secrets round-trip as v2 ciphertext and never store the plain text")
    func secretRoundTrip() throws {
        let box = SecretBox(secretsKey: "a-key-that-is-long-enough-for-tests", legacySlackKey: nil)
        let sealed = try box.seal("xoxb-secret")
        #expect(sealed.hasPrefix("v2:"))
        #expect(!sealed.contains("xoxb"))
        #expect(try box.open(sealed) == "xoxb-secret")
        let other = SecretBox(secretsKey: "another-key-that-is-long-enough-too", legacySlackKey: nil)
        #expect(throws: SecretError.self) { try other.open(sealed) }
    }

    @Test("v1's Slack ciphertext (iv:tag:ciphertext hex, 16-byte IV, SHA-256 key) is readable")
    func v1Ciphertext() throws {
        // Produced with Node's crypto (aes-256-gcm, key = sha256("v1-test-encryption-key"), IV 00..0f).
        let stored = "000102030405060708090a0b0c0d0e0f:98abf8c6c0ff1e5aa673976a13180b21:c3fb85421c64ccdd85704e5cd3d4bc50b2"
        let box = SecretBox(secretsKey: "unrelated-v2-key-unrelated-v2-key", legacySlackKey: "v1-test-encryption-key")
        #expect(try box.open(stored) == "xoxb-v1-bot-token")
        let wrong = SecretBox(secretsKey: "unrelated-v2-key-unrelated-v2-key", legacySlackKey: "other")
        #expect(throws: SecretError.self) { try wrong.open(stored) }
        #expect(throws: SecretError.self) { try box.open("not-a-secret") }
    }

    @Test("backoff: full jitter under min(cap, base·2^(n-1))")
    func backoff() {
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(300), maximumAttempts: 8)
        let ceilings = (1...10).map { policy.delay(afterAttempt: $0, random: { $0 }).seconds }
        #expect(ceilings == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300])
        #expect(policy.delay(afterAttempt: 5, random: { _ in 0 }) == .zero)
        for attempt in 1...8 {
            let delay = policy.delay(afterAttempt: attempt).seconds
            #expect(delay >= 0 && delay <= min(300, pow(2, Double(attempt - 1))))
        }
    }

    @Test("retryable results retry until the last attempt, then the delivery is dead; Retry-After wins")
    func decisions() {
        let policy = RetryPolicy(base: .seconds(1), cap: .seconds(10), maximumAttempts: 3)
        let now = Date(timeIntervalSince1970: 1_000)
        let throttled = DeliveryDecision.outcome(
            for: .retryable("429", status: 429, retryAfter: .seconds(120)), attempt: 1, policy: policy, now: now)
        #expect(throttled == .retry(error: "429", responseStatus: 429, nextAttemptAt: now.addingTimeInterval(120)))
        let last = DeliveryDecision.outcome(for: .retryable("boom", status: 500, retryAfter: nil), attempt: 3, policy: policy, now: now)
        #expect(last == .dead(error: "gave up after 3 attempts: boom", responseStatus: 500))
        #expect(
            DeliveryDecision.outcome(for: .permanent("gone", status: 404), attempt: 1, policy: policy, now: now)
                == .dead(error: "gone", responseStatus: 404))
    }

    @Test("Retry-After: seconds and HTTP dates")
    func retryAfter() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryAfter.parse("7") == .seconds(7))
        #expect(RetryAfter.parse("1.5") == .milliseconds(1500))
        #expect(RetryAfter.parse("Tue, 14 Nov 2023 22:13:40 GMT", now: now) == .seconds(20))
        #expect(RetryAfter.parse("soon") == nil)
    }

    @Test("Discord retry_after: seconds with a fraction, milliseconds tolerated")
    func discordRetryAfter() {
        func exchange(_ body: String) -> HTTPExchange { HTTPExchange(status: 429, headers: [], body: Data(body.utf8)) }
        #expect(DiscordAdapter.retryAfter(exchange(#"{"retry_after": 1.25}"#)) == .milliseconds(1250))
        #expect(DiscordAdapter.retryAfter(exchange(#"{"retry_after": 2500}"#)) == .milliseconds(2500))
        #expect(DiscordAdapter.retryAfter(exchange(#"{"retry_after": 3}"#)) == .seconds(3))
    }

    @Test("Slack ok:false is classified by error code")
    func slackErrors() {
        func answer(_ body: String) -> SendResult {
            SlackAdapter.classify(HTTPExchange(status: 200, headers: [], body: Data(body.utf8)))
        }
        #expect(answer(#"{"ok":true}"#) == .delivered(status: 200))
        #expect(answer(#"{"ok":false,"error":"channel_not_found"}"#) == .permanent("Slack error: channel_not_found", status: 200))
        #expect(answer(#"{"ok":false,"error":"internal_error"}"#) == .retryable("Slack error: internal_error", status: 200, retryAfter: nil))
        #expect(answer("<html>") == .retryable("Slack answered 200 without a JSON ok field", status: 200, retryAfter: nil))
    }

    @Test("subscriptions: *, v1 names, the agent-request umbrella, decision.requested covers blocking")
    func subscriptions() {
        let user = UUID()
        let start = DispatchFixtures.agentRequest(recipient: user)
        let blocking = DispatchFixtures.decisionRequested(recipient: user, blocking: true)
        #expect(EventRouting.subscribed(["*"], to: start))
        #expect(EventRouting.subscribed(["task.agent_requested"], to: start))
        #expect(EventRouting.subscribed(["agent.request.created"], to: start))
        #expect(!EventRouting.subscribed(["task.review_requested"], to: start))
        #expect(EventRouting.subscribed(["decision.requested"], to: blocking))
        #expect(!EventRouting.subscribed(["decision.requested"], to: start))
    }

    @Test("the adapter body is v1's webhook body with event, timestamp and idempotency key")
    func body() {
        let user = UUID()
        let event = DispatchFixtures.agentRequest(recipient: user, type: "review")
        let body = EventRouting.body(event, idempotencyKey: "k")
        #expect(body["event"] == "task.review_requested")
        #expect(body["timestamp"]?.stringValue == TimestampFormat.javaScript(event.createdAt))
        #expect(body["idempotency_key"] == "k")
        #expect(body["recipient_user_id"] == nil)
        #expect(body["v1_event"] == nil)
        #expect(body["task"]?["title"] == "Write docs")
    }

    @Test("Slack decision options render their text, not JSON (v1 defect fixed)")
    func slackOptions() {
        let event = DispatchFixtures.decisionRequested(recipient: UUID(), blocking: true)
        let message = SlackMessages.message(event: "decision.requested.blocking", payload: EventRouting.body(event, idempotencyKey: "k"))
        #expect(message.text == "🔴 Decision needed: \"Pick a database\" in plan \"Launch\"")
        let options = message.blocks.last?["text"]?["text"]?.stringValue
        #expect(options == "*Options:*\n1. Postgres — Durable\n2. SQLite")
    }

    @Test("webhook signatures verify on the receiver's independent check, and fail when tampered")
    func signatures() {
        let body = Data(#"{"a":1}"#.utf8)
        let header = WebhookSignature.header(secret: "s3cret-s3cret-s3cret", timestamp: "1700000000", body: body)
        #expect(header.hasPrefix("sha256=") && header.count == 71)
        #expect(WebhookVerifier.verify(secret: "s3cret-s3cret-s3cret", timestamp: "1700000000", body: body, header: header))
        #expect(!WebhookVerifier.verify(secret: "s3cret-s3cret-s3cret", timestamp: "1700000001", body: body, header: header))
        #expect(!WebhookVerifier.verify(secret: "other-other-other", timestamp: "1700000000", body: body, header: header))
        #expect(WebhookSignature.verify(secret: "s3cret-s3cret-s3cret", timestamp: "1700000000", body: body, header: header))
    }
}
