import AgentPlannerCore
import EventDispatch
import Foundation
import Persistence
import ProtocolFakes
import Testing

/// Receivers that misbehave: every one ends in a clear retryable or permanent result, never a hang or a crash.
@Suite("Misbehaving receivers")
struct BadReceiverTests {
    static func send(to url: String, timeout: Duration = .seconds(1)) async -> SendResult {
        let adapter = WebhookAdapter(
            http: AdapterHTTP(transport: HTTPTransport(), timeout: timeout, responseLimit: 64 * 1024), userAgent: "test")
        let integration = MessagingIntegration(userID: UUID(), adapter: .webhook, name: "w", config: ["url": .string(url)])
        let message = OutboundMessage(
            deliveryID: UUID(), eventType: "task.blocked", payload: ["event": "task.blocked"], idempotencyKey: "k", attempt: 1)
        return await adapter.send(message, to: IntegrationTarget(integration: integration, secret: "0123456789abcdef0123"))
    }

    @Test("a 10 MB answer is read only up to the limit and still counts as delivered")
    func hugeAnswer() async throws {
        let server = try await FakeHTTPServer.start { _ in
            .respond(status: 200, headers: [], body: Data(repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024))
        }
        let result = await Self.send(to: server.baseURL + "/big", timeout: .seconds(10))
        await server.shutdown()
        #expect(result == .delivered(status: 200))
    }

    @Test("a redirect (even a loop) is not followed: permanent, with the target named")
    func redirectLoop() async throws {
        let server = try await FakeHTTPServer.start { request in
            .respond(status: 302, headers: [("Location", request.uri)], body: Data())
        }
        let result = await Self.send(to: server.baseURL + "/loop")
        await server.shutdown()
        #expect(result == .permanent("the webhook receiver answered 302 (redirect to /loop not followed)", status: 302))
    }

    @Test("a receiver slower than the timeout is a retryable timeout")
    func slowReceiver() async throws {
        let server = try await FakeHTTPServer.start { _ in
            try? await Task.sleep(for: .seconds(3))
            return .json(200, "{}")
        }
        let result = await Self.send(to: server.baseURL + "/slow", timeout: .milliseconds(300))
        await server.shutdown()
        #expect(result == .retryable("no answer within 0.3 s", status: nil, retryAfter: nil))
    }

    @Test("a closed port and an unresolvable host are retryable; a bad URL is permanent")
    func unreachable() async throws {
        let server = try await FakeHTTPServer.start { _ in .close }
        let port = server.port
        await server.shutdown()
        guard case .retryable = await Self.send(to: "http://127.0.0.1:\(port)/gone") else {
            Issue.record("a refused connection should be retryable")
            return
        }
        guard case .retryable(let message, _, _) = await Self.send(to: "http://host.invalid/x", timeout: .seconds(8)) else {
            Issue.record("an unresolvable host should be retryable")
            return
        }
        #expect(!message.isEmpty)
        #expect(await Self.send(to: "not a url") == .permanent("the integration's url is not an http(s) URL", status: nil))
    }
}
