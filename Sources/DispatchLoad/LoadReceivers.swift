import AgentPlannerCore
import Foundation
import OutboundHTTP
import ProtocolFakes

/// Where a load run's receivers are: a sink in this process, or a standalone `agentplanner sink` (so the
/// run measures the engine's process alone). Each service gets its own port when the sink has them (its own
/// connection pool in the sender, as three real services would).
public struct LoadReceivers: Sendable {
    /// A standalone sink the run talks to over its control routes.
    public struct Remote: Sendable {
        /// The sink's base URLs: webhook, Slack and Discord use the first, second and third (or the first).
        public var baseURLs: [String]
        public var webhookSecret: String
        public var slackToken: String

        public init(baseURLs: [String], webhookSecret: String, slackToken: String) {
            self.baseURLs = baseURLs
            self.webhookSecret = webhookSecret
            self.slackToken = slackToken
        }
    }

    let local: SideEffectSink?
    let bases: [String]
    let webhookSecret: String
    let slackToken: String

    var webhookURL: String { bases[0] + "/webhook/hook" }
    var slackAPIBaseURL: String { bases[min(1, bases.count - 1)] + "/slack/api" }
    var discordAPIBaseURL: String { bases[min(2, bases.count - 1)] + "/discord/api" }
    /// Whether the receivers run in this process (their CPU time is then the engine's).
    var inProcess: Bool { local != nil }

    static func start(remote: Remote?, failEvery: Int, timeoutDelay: Duration) async throws -> LoadReceivers {
        let receivers: LoadReceivers
        if let remote {
            guard !remote.baseURLs.isEmpty else { throw LoadRunError("a remote sink needs at least one base URL") }
            receivers = LoadReceivers(
                local: nil, bases: remote.baseURLs, webhookSecret: remote.webhookSecret, slackToken: remote.slackToken)
        } else {
            let sink = try await SideEffectSink.start(
                credentials: .init(webhookSecret: "load-run-webhook-signing-secret", slackToken: "xoxb-load-run"),
                extraPorts: 2, control: true)
            receivers = LoadReceivers(
                local: sink, bases: [sink.baseURL] + sink.extraBaseURLs, webhookSecret: sink.webhookSecret,
                slackToken: sink.slackToken)
        }
        try await receivers.control("/_sink/reset")
        try await receivers.control("/_sink/faults?fail_every=\(failEvery)&timeout_ms=\(Int(timeoutDelay.seconds * 1000))")
        return receivers
    }

    func shutdown() async { await local?.shutdown() }

    func stats() async throws -> SinkStats {
        if let local { return local.stats() }
        let text = try await get("/_sink/stats")
        guard let stats = SinkStats(json: try JSONValue(jsonText: text)) else {
            throw LoadRunError("the sink's /_sink/stats answer is not a stats object: \(text.prefix(200))")
        }
        return stats
    }

    /// The standalone sink's CPU seconds so far; nil for a sink in this process (its time is the engine's).
    func sinkCPUSeconds() async throws -> Double? {
        local == nil ? try await stats().cpuSeconds : nil
    }

    func firstReceipts() async throws -> [String: Date] {
        if let local { return local.firstReceipts() }
        var receipts: [String: Date] = [:]
        for line in try await get("/_sink/receipts").split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let seconds = Double(parts[1]) else {
                throw LoadRunError("a malformed receipt line from the sink: \(line.prefix(200))")
            }
            receipts[String(parts[0])] = Date(timeIntervalSince1970: seconds)
        }
        return receipts
    }

    /// POSTs a control route (`/_sink/faults?…`, `/_sink/outage?…`).
    func control(_ pathAndQuery: String) async throws {
        if let local {
            guard await local.postControl(pathAndQuery) else { throw LoadRunError("the sink refused \(pathAndQuery)") }
            return
        }
        _ = try await exchange("POST", pathAndQuery)
    }

    private func get(_ path: String) async throws -> String { try await exchange("GET", path) }

    private func exchange(_ method: String, _ path: String) async throws -> String {
        let result = await OutboundHTTPClient.shared.send(
            OutboundRequest(method: method, url: bases[0] + path), timeout: .seconds(30), responseLimit: 64 << 20)
        switch result {
        case .success(let response) where response.status == 200 && !response.truncated: return response.bodyText
        case .success(let response): throw LoadRunError("the sink answered \(method) \(path) with \(response.status)")
        case .failure(let failure): throw LoadRunError("the sink did not answer \(method) \(path): \(failure.message)")
        }
    }
}

/// A load run that cannot go on (its sink unreachable or answering nonsense).
public struct LoadRunError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
