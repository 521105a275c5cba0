import AgentPlannerCore
import Contract
import Foundation
import Histogram

/// A short, bounded load probe of the hot endpoints (`GET /plans`, `GET /plans/:id/nodes`,
/// `POST /plans/:id/nodes/:nodeId/log`). Requests follow a fixed schedule (`rate` a second) and each latency
/// counts from the request's scheduled start, not from when it was sent: a stall delays the requests behind
/// it, and their wait is counted (coordinated omission corrected, as wrk2 does). Figures go into an
/// HdrHistogram per endpoint.
struct LoadProbe: Sendable {
    struct Figures: Sendable {
        let endpoint: String
        let requests: Int
        /// Answers outside 2xx, by status (0: no answer).
        let errors: [Int: Int]
        let p50Milliseconds: Double
        let p99Milliseconds: Double
        let maxMilliseconds: Double
    }

    struct Target: Sendable {
        let name: String
        let method: String
        let path: String
        let body: JSONValue?
    }

    let baseURL: String
    let settings: GateConfig.Load
    /// Sends the measured requests: no retries, a 429 is an error here.
    let transport: any HTTPTransport
    /// Sends the setup requests (may wait out rate limits).
    let setup: any HTTPTransport

    /// Probes with a user and plan of its own (registered, then deleted), or, when `token` is given and
    /// `readOnly`, only the GET endpoints on a plan the token can already see.
    func run(token: String?, readOnly: Bool) async throws -> (figures: [Figures], notes: [String]) {
        var notes: [String] = []
        let authorization: String
        var planID: String?
        var nodeID: String?
        var ownPlan = false
        if readOnly {
            guard let token else {
                return ([], ["read-only without deployment.token: nothing to probe as a user"])
            }
            authorization = "Bearer \(token)"
            let plans = try await call("GET", "/plans", authorization, nil)
            if case .array(let list)? = plans.json { planID = list.first?["id"]?.stringValue }
            notes.append("read-only: POST …/log is not probed (a write)")
        } else {
            let run = RunToken.make()
            let registered = try await call(
                "POST", "/auth/register", nil,
                ["email": .string("gate+\(run)@gate.agentplanner.test"), "password": "Gate-probe-password-1", "name": "Gate probe"])
            guard let access = registered.json?["session"]?["access_token"]?.stringValue else {
                throw GateStageError("registering the probe user answered \(registered.status)")
            }
            authorization = "Bearer \(access)"
            let plan = try await call("POST", "/plans", authorization, ["title": .string("Gate probe \(run)")])
            planID = plan.json?["id"]?.stringValue
            ownPlan = planID != nil
            if let planID {
                let node = try await call(
                    "POST", "/plans/\(planID)/nodes", authorization, ["node_type": "task", "title": "Probe task"])
                nodeID = node.json?["id"]?.stringValue
            }
        }
        var targets = [Target(name: "GET /plans", method: "GET", path: "/plans", body: nil)]
        if let planID {
            targets.append(Target(name: "GET /plans/:id/nodes", method: "GET", path: "/plans/\(planID)/nodes", body: nil))
            if let nodeID, !readOnly {
                targets.append(
                    Target(
                        name: "POST /plans/:id/nodes/:nodeId/log", method: "POST", path: "/plans/\(planID)/nodes/\(nodeID)/log",
                        body: ["content": "gate probe", "log_type": "progress"]))
            }
        } else {
            notes.append("no plan to probe GET /plans/:id/nodes on")
        }
        var figures: [Figures] = []
        for target in targets { figures.append(try await measure(target, authorization: authorization)) }
        if ownPlan, let planID { _ = try? await call("DELETE", "/plans/\(planID)", authorization, nil) }
        return (figures, notes)
    }

    private func measure(_ target: Target, authorization: String) async throws -> Figures {
        var histogram = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
        var errors: [Int: Int] = [:]
        var headers = [("Authorization", authorization)]
        if target.body != nil { headers.append(("Content-Type", "application/json")) }
        let request = OutgoingRequest(
            method: target.method, url: baseURL + target.path, headers: headers, body: target.body.map { Data($0.jsonText.utf8) })
        // One unmeasured request opens the connection and reads the deployment's rate-limit window: a probe
        // that a fresh window cannot hold would measure 429s, and one the current window cannot hold waits.
        let warmUp = try await setup.send(request)
        if let limit = warmUp.headers["ratelimit-limit"].flatMap(Int.init), limit < settings.requests + 1 {
            throw GateStageError(
                "\(target.name): the deployment allows \(limit) requests a window, fewer than the \(settings.requests) of the probe; lower load.requests")
        }
        if let remaining = warmUp.headers["ratelimit-remaining"].flatMap(Int.init), remaining < settings.requests,
            let reset = warmUp.headers["ratelimit-reset"].flatMap(Int.init)
        {
            try await Task.sleep(for: .seconds(reset + 1))
        }
        let interval = Duration.seconds(1 / settings.rate)
        let start = ContinuousClock.now
        for index in 0..<settings.requests {
            let scheduled = start + interval * index
            if ContinuousClock.now < scheduled { try await Task.sleep(until: scheduled, clock: .continuous) }
            let status = (try? await transport.send(request))?.status ?? 0
            if !(200..<300).contains(status) { errors[status, default: 0] += 1 }
            let latency = ContinuousClock.now - scheduled
            let microseconds = latency.components.seconds * 1_000_000 + latency.components.attoseconds / 1_000_000_000_000
            _ = histogram.record(UInt64(max(0, microseconds)))
        }
        return Figures(
            endpoint: target.name, requests: settings.requests, errors: errors,
            p50Milliseconds: Double(histogram.valueAtPercentile(50)) / 1000,
            p99Milliseconds: Double(histogram.valueAtPercentile(99)) / 1000, maxMilliseconds: Double(histogram.max) / 1000)
    }

    private struct Answer {
        let status: Int
        let json: JSONValue?
    }

    private func call(_ method: String, _ path: String, _ authorization: String?, _ body: JSONValue?) async throws -> Answer {
        var headers: [(String, String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let response = try await setup.send(
            OutgoingRequest(method: method, url: baseURL + path, headers: headers, body: body.map { Data($0.jsonText.utf8) }))
        return Answer(status: response.status, json: try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self)))
    }
}

/// A stage could not do its work (as opposed to finding a problem).
struct GateStageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
