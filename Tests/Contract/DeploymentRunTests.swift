import AgentPlannerCore
import Contract
import Foundation
import ProtocolFakes
import ServerHarness
import Synchronization
import Testing
import TestSupport

/// What a run against a real deployment meets: rate limits (429 and Retry-After), a pace, and a server that
/// must never be written to.
@Suite("Runs against deployments")
struct DeploymentRunTests {
    static func inProcess<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        try await InProcessSuite.withServer(location: nil, sink: nil, logger: TestDatabases.logger, body)
    }

    static var goldens: GoldenStore { GoldenStore(root: GoldenFiles.url(""), mode: .ci) }

    @Test("a read-only run passes against a server that refuses every write, and sends it none")
    func readOnlyNeverWrites() async throws {
        let selected = ContractSuite.select(filters: [], readOnly: true)
        let (outcome, gate) = try await Self.inProcess { upstream in
            let gate = try await InterceptingProxy.start(upstream: upstream, intercept: InterceptingProxy.refuseWrites)
            var session = SuiteSession(goldens: Self.goldens)
            session.readOnly = true
            let outcome = try await session.run(selected, baseURL: gate.baseURL)
            await gate.shutdown()
            return (outcome, gate)
        }
        #expect(selected.count > 5)
        #expect(gate.writes == [])
        #expect(gate.requests.count >= selected.count)
        let failed = outcome.report.results.filter { !$0.passed }.map { "\($0.contract.id): \($0.outcome)" }
        #expect(failed == [])
    }

    @Test("the same server catches a write: a mutating contract fails there, and the read-only guard never sends it")
    func writesAreCaught() async throws {
        let mutating = try #require(ContractSuite.all.first { $0.id == "plans.create" } ?? ContractSuite.all.first(where: \.mutates))
        let (full, guarded, gate) = try await Self.inProcess { upstream in
            let gate = try await InterceptingProxy.start(upstream: upstream, intercept: InterceptingProxy.refuseWrites)
            let full = try await SuiteSession(goldens: Self.goldens).run([mutating], baseURL: gate.baseURL)
            let writesBefore = gate.writes.count
            var readOnly = SuiteSession(goldens: Self.goldens)
            readOnly.readOnly = true
            let guarded = try await readOnly.run([mutating], baseURL: gate.baseURL)
            await gate.shutdown()
            return (full.report, (guarded.report, gate.writes.count - writesBefore), gate)
        }
        #expect(!gate.writes.isEmpty, "a full run writes, and the gatekeeper sees it")
        #expect(!full.allPassed)
        #expect(guarded.1 == 0, "the read-only guard sent a write")
        let messages = guarded.0.results.flatMap(\.failures).map(\.message) + guarded.0.results.compactMap {
            if case .notRun(let reason) = $0.outcome { reason } else { nil }
        }
        #expect(messages.contains { $0.contains("the run is read-only") }, "\(messages)")
    }

    @Test("429 with Retry-After is waited out and the step retried; the run passes and the waits are counted")
    func rateLimitedRunPasses() async throws {
        let selected = ContractSuite.select(filters: ["system", "auth.profile"], readOnly: false)
        let outcome = try await Self.inProcess { upstream in
            // The first register and the first GET /health are refused as a rate-limited v1 refuses them.
            let limited = Mutex<Set<String>>([])
            let limiter = try await InterceptingProxy.start(upstream: upstream, intercept: { request, _ in
                let key = "\(request.method) \(request.path)"
                guard key == "POST /auth/register" || key == "GET /health" else { return nil }
                let first = limited.withLock { $0.insert(key).inserted }
                return first
                    ? .json(429, #"{"error":"Too many requests","type":"auth"}"#, headers: [("Retry-After", "1")]) : nil
            })
            var session = SuiteSession(goldens: Self.goldens)
            session.progress = RunProgress(total: selected.count, interactive: false, write: { _ in })
            session.policy = RateLimitPolicy(retryBudget: 5)
            let outcome = try await session.run(selected, baseURL: limiter.baseURL)
            await limiter.shutdown()
            return outcome
        }
        #expect(outcome.report.allPassed, "\(outcome.report.results.filter { !$0.passed }.map { "\($0.contract.id): \($0.outcome)" })")
        #expect(outcome.rateLimits.retries == 2)
        #expect(outcome.rateLimits.waited == .seconds(2))
        #expect(outcome.rateLimits.byLimiter == ["auth": 2])
        #expect(outcome.rateLimits.summary?.contains("rate limited 2 time(s)") == true)
    }
}

/// The transport's own rules, with a scripted server and a sleep that only records.
@Suite("Paced transport")
struct PacedTransportTests {
    final class Scripted: HTTPTransport {
        let statuses: Mutex<[Int]>
        let retryAfter: String?

        init(_ statuses: [Int], retryAfter: String? = "3") {
            self.statuses = Mutex(statuses)
            self.retryAfter = retryAfter
        }

        func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
            let status = statuses.withLock { $0.isEmpty ? 200 : $0.removeFirst() }
            var headers: [String: String] = [:]
            if status == 429, let retryAfter { headers["retry-after"] = retryAfter }
            return ReceivedResponse(status: status, headers: headers, body: Data(#"{"type":"general"}"#.utf8))
        }
    }

    final class Sleeps: Sendable {
        let recorded = Mutex<[Duration]>([])
        var total: Duration { recorded.withLock { $0.reduce(.zero, +) } }
        func sleep(_ duration: Duration) { recorded.withLock { $0.append(duration) } }
    }

    static let request = OutgoingRequest(method: "POST", url: "http://deployment/plans", headers: [], body: nil)

    @Test("two 429s are waited out as Retry-After says; the third answer comes back; the first 429 is announced once")
    func waitsAndRetries() async throws {
        let sleeps = Sleeps()
        let events = Mutex<[RateLimitEvent]>([])
        let transport = PacedTransport(
            Scripted([429, 429, 201]), policy: RateLimitPolicy(), onRateLimited: { event in events.withLock { $0.append(event) } },
            sleep: { sleeps.sleep($0) })
        let response = try await transport.send(Self.request)
        #expect(response.status == 201)
        #expect(sleeps.total == .seconds(6))
        #expect(transport.statistics.retries == 2)
        #expect(events.withLock { $0.map(\.firstForLimiter) } == [true, false])
        #expect(events.withLock { $0.first?.limiter } == "general")
    }

    @Test("once the retry budget is spent, a 429 fails the step instead of waiting")
    func budgetSpent() async throws {
        let sleeps = Sleeps()
        let transport = PacedTransport(
            Scripted([429, 429, 429]), policy: RateLimitPolicy(retryBudget: 1), sleep: { sleeps.sleep($0) })
        await #expect(throws: RateLimitExhausted.self) { try await transport.send(Self.request) }
        #expect(transport.statistics.retries == 1)
        #expect(transport.statistics.gaveUp)
    }

    @Test("a Retry-After longer than the longest wait fails at once")
    func waitTooLong() async throws {
        let sleeps = Sleeps()
        let transport = PacedTransport(
            Scripted([429], retryAfter: "3600"), policy: RateLimitPolicy(longestWait: .seconds(120)), sleep: { sleeps.sleep($0) })
        await #expect(throws: RateLimitExhausted.self) { try await transport.send(Self.request) }
        #expect(sleeps.total == .zero)
    }

    @Test("Retry-After as seconds and as an HTTP date")
    func retryAfterForms() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(PacedTransport.retryAfter("42", now: now) == .seconds(42))
        let date = "Tue, 14 Nov 2023 22:13:50 GMT"  // `now` is 22:13:20
        #expect(PacedTransport.retryAfter(date, now: now) == .seconds(30))
        #expect(PacedTransport.retryAfter("soon", now: now) == nil)
    }

    @Test("--rate spaces requests: ten a second makes five requests wait 0.1 + 0.2 + 0.3 + 0.4 s")
    func pacing() async throws {
        let sleeps = Sleeps()
        let transport = PacedTransport(Scripted([]), policy: RateLimitPolicy(requestsPerSecond: 10), sleep: { sleeps.sleep($0) })
        for _ in 0..<5 { _ = try await transport.send(Self.request) }
        let total = Double(sleeps.total.components.attoseconds) / 1e18 + Double(sleeps.total.components.seconds)
        #expect(abs(total - 1.0) < 0.01, "waited \(total) s")
    }

    @Test("--list names the users a contract registers; a collaborator brings the owner")
    func registeredRoles() throws {
        let viewerContract = try #require(ContractSuite.all.first { $0.actors.contains(.viewer) })
        #expect(ContractSuite.registeredRoles(viewerContract).contains(.owner))
        let health = try #require(ContractSuite.all.first { $0.id == "system.health" })
        #expect(ContractSuite.registeredRoles(health) == [])
        #expect(ContractSuite.isReadOnly(health))
    }
}
