import AgentPlannerCore
import Foundation

/// What the control routes changed: an outage window during which every service answers alike.
struct SinkControlState: Sendable {
    var outageUntil: Date?
    var outageRetryAfter: Double = 1
    var outageAnswers = 0
}

/// The sink's summary as `/_sink/stats` reports it.
public struct SinkStats: Sendable, Equatable {
    public var pid: Int
    /// Requests the four services received (outage answers excluded).
    public var requests: Int
    /// Distinct idempotency keys accepted, over all services.
    public var acceptedKeys: Int
    /// Accepted requests beyond the first per key: at-least-once re-sends.
    public var duplicates: Int
    /// Requests not accepted (injected faults, refused credentials, bad signatures).
    public var refused: Int
    public var badSignatures: Int
    /// Answers given during an outage window.
    public var outageAnswers: Int
    /// The sink process's CPU time so far (user + system seconds); nil off Linux.
    public var cpuSeconds: Double?

    public init(
        pid: Int, requests: Int, acceptedKeys: Int, duplicates: Int, refused: Int, badSignatures: Int, outageAnswers: Int,
        cpuSeconds: Double?
    ) {
        self.pid = pid
        self.requests = requests
        self.acceptedKeys = acceptedKeys
        self.duplicates = duplicates
        self.refused = refused
        self.badSignatures = badSignatures
        self.outageAnswers = outageAnswers
        self.cpuSeconds = cpuSeconds
    }

    public var json: JSONValue {
        [
            "pid": .number(Double(pid)), "requests": .number(Double(requests)), "accepted_keys": .number(Double(acceptedKeys)),
            "duplicates": .number(Double(duplicates)), "refused": .number(Double(refused)),
            "bad_signatures": .number(Double(badSignatures)), "outage_answers": .number(Double(outageAnswers)),
            "cpu_seconds": cpuSeconds.map(JSONValue.number) ?? .null,
        ]
    }

    public init?(json: JSONValue) {
        func int(_ key: String) -> Int? {
            if case .number(let value)? = json[key] { return Int(value) }
            return nil
        }
        guard let pid = int("pid"), let requests = int("requests"), let acceptedKeys = int("accepted_keys"),
            let duplicates = int("duplicates"), let refused = int("refused"), let badSignatures = int("bad_signatures"),
            let outageAnswers = int("outage_answers")
        else { return nil }
        var cpu: Double?
        if case .number(let value)? = json["cpu_seconds"] { cpu = value }
        self.init(
            pid: pid, requests: requests, acceptedKeys: acceptedKeys, duplicates: duplicates, refused: refused,
            badSignatures: badSignatures, outageAnswers: outageAnswers, cpuSeconds: cpu)
    }
}

/// The control routes of a standalone sink (`control: true`), under `/_sink/`:
///
/// | route | what it does |
/// |---|---|
/// | `GET /_sink/stats` | `SinkStats` as JSON |
/// | `GET /_sink/receipts` | one line per accepted idempotency key: `<key> <Unix seconds of its first receipt>` |
/// | `POST /_sink/faults?fail_every=N&timeout_ms=T` | every Nth request to webhook, Slack and Discord fails, cycling 500, a delay of T ms, 429, a closed connection, 503 (N = 0: none) |
/// | `POST /_sink/faults?service=S&delay_ms=D` | every request to service S waits D ms before answering (D = 0: none) |
/// | `POST /_sink/outage?seconds=S&retry_after=R` | for S seconds every service answers 503 with `Retry-After: R` |
/// | `POST /_sink/reset` | forgets every request received, the fault policies and the outage |
extension SideEffectSink {
    /// The cycle of faults `fail_every` uses (also the in-process load run's pattern).
    public static func cyclingFaults(timeout: Duration) -> [FakeFault] {
        [.status(500), .delay(timeout), .rateLimited(retryAfter: 0), .close, .status(503)]
    }

    /// Every `failEvery`-th request to webhook, Slack and Discord fails, cycling through `cyclingFaults`.
    public func failEvery(_ failEvery: Int, timeout: Duration) {
        let faults = Self.cyclingFaults(timeout: timeout)
        for fake in [webhook, slack, discord] {
            if failEvery > 0 {
                fake.setFaultPolicy { number in number % failEvery == 0 ? faults[(number / failEvery) % faults.count] : nil }
            } else {
                fake.setFaultPolicy(nil)
            }
        }
    }

    /// For `seconds` from now, every service answers 503 with `Retry-After: retryAfter`.
    public func startOutage(seconds: Double, retryAfter: Double) {
        control.withLock { state in
            state.outageUntil = Date().addingTimeInterval(seconds)
            state.outageRetryAfter = retryAfter
        }
    }

    func outageAnswer() -> FakeAction? {
        let retryAfter = control.withLock { state -> Double? in
            guard let until = state.outageUntil, until > Date() else { return nil }
            state.outageAnswers += 1
            return state.outageRetryAfter
        }
        return retryAfter.map { .json(503, #"{"error":"down for maintenance"}"#, headers: [("Retry-After", String(Int($0)))]) }
    }

    public func stats() -> SinkStats {
        var total = FakeTally()
        var acceptedKeys = 0
        for fake in all {
            let tally = fake.tally
            total.requests += tally.requests
            total.refused += tally.refused
            total.badSignatures += tally.badSignatures
            total.duplicates += tally.duplicates
            acceptedKeys += fake.acceptedKeyCount
        }
        return SinkStats(
            pid: Int(ProcessInfo.processInfo.processIdentifier), requests: total.requests, acceptedKeys: acceptedKeys,
            duplicates: total.duplicates, refused: total.refused, badSignatures: total.badSignatures,
            outageAnswers: control.withLock { $0.outageAnswers }, cpuSeconds: ProcessCPU.ownSeconds())
    }

    /// The first accepted receipt of each idempotency key, over all services.
    public func firstReceipts() -> [String: Date] {
        var first: [String: Date] = [:]
        for message in all.flatMap(\.accepted) {
            guard let key = message.idempotencyKey else { continue }
            if let seen = first[key], seen <= message.receivedAt { continue }
            first[key] = message.receivedAt
        }
        return first
    }

    /// Runs a control route in this process (`POST /_sink/faults?…`); whether it was accepted.
    public func postControl(_ pathAndQuery: String) async -> Bool {
        let answer = await controlRoute(FakeRequest(method: "POST", uri: pathAndQuery, headers: [], body: Data()))
        if case .respond(200, _, _) = answer { return true }
        return false
    }

    func controlRoute(_ request: FakeRequest) async -> FakeAction {
        let query = Self.queryItems(request.uri)
        switch (request.method, request.path) {
        case ("GET", "/_sink/stats"):
            return .json(200, stats().json.jsonText)
        case ("GET", "/_sink/receipts"):
            var text = ""
            for (key, at) in firstReceipts() { text += "\(key) \(at.timeIntervalSince1970)\n" }
            return .respond(status: 200, headers: [("Content-Type", "text/plain")], body: Data(text.utf8))
        case ("POST", "/_sink/faults"):
            if let name = query["service"] {
                guard let fake = fake(named: name), let delay = query["delay_ms"].flatMap({ Int($0) }), delay >= 0 else {
                    return .json(400, #"{"error":"service must be webhook, slack, discord or openclaw; delay_ms a whole number"}"#)
                }
                if delay > 0 {
                    fake.setFaultPolicy { _ in .delay(.milliseconds(delay)) }
                } else {
                    fake.setFaultPolicy(nil)
                }
                return .json(200, #"{"ok":true}"#)
            }
            guard let every = query["fail_every"].flatMap({ Int($0) }), every >= 0,
                let timeout = Int(query["timeout_ms"] ?? "1500"), timeout >= 0
            else { return .json(400, #"{"error":"fail_every and timeout_ms must be whole numbers"}"#) }
            failEvery(every, timeout: .milliseconds(timeout))
            return .json(200, #"{"ok":true}"#)
        case ("POST", "/_sink/reset"):
            for fake in all { fake.reset() }
            control.withLock { $0 = SinkControlState() }
            return .json(200, #"{"ok":true}"#)
        case ("POST", "/_sink/outage"):
            guard let seconds = query["seconds"].flatMap({ Double($0) }), seconds >= 0,
                let retryAfter = Double(query["retry_after"] ?? "1"), retryAfter >= 0
            else { return .json(400, #"{"error":"seconds and retry_after must be numbers"}"#) }
            startOutage(seconds: seconds, retryAfter: retryAfter)
            return .json(200, #"{"ok":true}"#)
        default:
            return .json(404, #"{"error":"no such control route"}"#)
        }
    }

    static func queryItems(_ uri: String) -> [String: String] {
        guard let mark = uri.firstIndex(of: "?") else { return [:] }
        var items: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            items[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return items
    }
}
