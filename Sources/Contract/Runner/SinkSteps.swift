import AgentPlannerCore
import Foundation
import ProtocolFakes

/// Side-effect steps: what the server sent to the messaging services the harness stands in for
/// (`SideEffectSink`). The step's path names a service and an integration: `webhook/{hookId}`.
///
/// - `SINK-RECEIVE` → 200 with the next message the service accepted for that integration (its idempotency
///   key ends with the integration's id) that this contract has not received yet, waiting up to the run's sink
///   timeout; 408 when none came. With `?refused`, the next request the service refused (non-2xx) instead.
///   The answer: `method`, `path`, the stable `headers`, `signature_valid` (webhook: the receiver's check of
///   `X-AgentPlanner-Signature`; null elsewhere), `timestamp_fresh` (webhook: the signed timestamp is within
///   five minutes) and the request `body`.
/// - `SINK-COUNT` → 200 `{deliveries, requests}` after the settle time: distinct idempotency keys accepted for
///   the integration, and every request made for it (failed ones included).
///
/// Contracts with these steps need a sink; without one the runner reports them as not run, never as passed.
enum SinkSteps {
    static let methods: Set<String> = ["SINK-RECEIVE", "SINK-COUNT"]
    /// Headers that say the same on every run; the rest (signature, timestamp, length) are checked, not kept.
    static let stableHeaders = ["content-type", "user-agent", "idempotency-key", "x-agentplanner-event", "x-agentplanner-delivery"]

    /// True for contracts with sink steps, and for GitHub sign-in, whose code exchange and `/user` calls go to the
    /// sink's fake GitHub.
    static func uses(_ contract: Contract) -> Bool {
        contract.steps.contains { methods.contains($0.request.method) || $0.request.path.hasPrefix("/auth/github") }
    }

    /// The variables a contract uses to point integrations at the sink.
    static func variables(_ sink: SideEffectSink, runToken: String) -> [String: JSONValue] {
        // Discord webhook ids are numbers; the token part carries the run.
        [
            "sink.webhook_url": .string(sink.webhook.baseURL + "/hooks/\(runToken)"),
            "sink.webhook_secret": .string(sink.webhookSecret),
            "sink.slack_token": .string(sink.slackToken),
            "sink.discord_webhook": .string(sink.discordAPIBaseURL + "/webhooks/1234567890/\(runToken)"),
            "sink.openclaw_url": .string(sink.openclaw.baseURL + "/hooks/agent"),
            "sink.openclaw_token": .string(sink.openclawToken),
        ]
    }

    /// One contract's view of the sink: messages a `SINK-RECEIVE` returned are not returned again, so a
    /// contract can trigger one event after another and receive each in turn.
    actor Session {
        let sink: SideEffectSink
        let timeout: Duration
        let settle: Duration
        private var consumed: Set<String> = []

        init(sink: SideEffectSink, timeout: Duration, settle: Duration) {
            self.sink = sink
            self.timeout = timeout
            self.settle = settle
        }

        func handle(_ method: String, target: String) async -> ReceivedResponse {
            let pieces = target.split(separator: "?", maxSplits: 1)
            let path = pieces.first.map(String.init) ?? ""
            let query = pieces.count > 1 ? String(pieces[1]) : nil
            let parts = path.split(separator: "/", maxSplits: 1).map(String.init)
            guard parts.count == 2, let fake = sink.fake(named: parts[0]), !parts[1].isEmpty else {
                return answer(400, ["error": .string("a sink step's path is <service>/<integration id>, got '\(target)'")])
            }
            let suffix = ":" + parts[1].lowercased()
            func mine(_ message: ReceivedMessage) -> Bool {
                message.idempotencyKey?.lowercased().hasSuffix(suffix) == true
            }
            if method == "SINK-COUNT" {
                try? await Task.sleep(for: settle)
                let messages = fake.received.filter(mine)
                let keys = Set(messages.filter(\.accepted).compactMap(\.idempotencyKey))
                return answer(200, ["deliveries": .number(Double(keys.count)), "requests": .number(Double(messages.count))])
            }
            let refused = query == "refused"
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline, !Task.isCancelled {
                let received = fake.received
                let next = received.indices.first { index in
                    mine(received[index]) && received[index].accepted != refused
                        && !consumed.contains("\(parts[0])#\(index)")
                }
                if let next {
                    consumed.insert("\(parts[0])#\(next)")
                    return answer(200, describe(received[next]))
                }
                try? await Task.sleep(for: .milliseconds(20))
            }
            let what = refused ? "no refused request" : "nothing"
            return answer(408, ["error": .string("\(parts[0]) received \(what) for integration \(parts[1]) in \(timeout)")])
        }
    }

    static func describe(_ message: ReceivedMessage) -> JSONValue {
        var headers: [String: JSONValue] = [:]
        for name in stableHeaders {
            if let value = message.request.header(name) { headers[name] = .string(value) }
        }
        var fresh: JSONValue = .null
        if message.signatureValid != nil {
            let stamp = message.request.header("X-AgentPlanner-Timestamp").flatMap(Double.init)
            fresh = .bool(stamp.map { abs($0 - message.receivedAt.timeIntervalSince1970) <= 300 } ?? false)
        }
        return [
            "method": .string(message.request.method), "path": .string(message.request.path),
            "headers": .object(headers), "signature_valid": message.signatureValid.map(JSONValue.bool) ?? .null,
            "timestamp_fresh": fresh, "body": message.json ?? .null,
            "answered": message.answered.map { .number(Double($0)) } ?? .null,
        ]
    }

    static func answer(_ status: Int, _ json: JSONValue) -> ReceivedResponse {
        ReceivedResponse(status: status, headers: ["content-type": "application/json"], body: Data(json.jsonText.utf8))
    }
}

extension Contract {
    /// Whether the contract checks side effects, and so needs a sink to run.
    public var needsSink: Bool { SinkSteps.uses(self) }
    /// Whether the contract signs in with GitHub, and so needs the sink's fake GitHub with the OAuth app the
    /// server was configured with.
    public var needsGitHubApp: Bool { steps.contains { $0.request.path.hasPrefix("/auth/github") } }
}
