import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Persistence
import ReferenceServer

/// Times `GET /plans/:id/nodes?include_details=true` on a large plan through the in-process server, for
/// `agentplanner bench tree`. Figures are printed, never asserted.
public enum TreeBenchmark {
    public struct Figures: Sendable {
        public let nodes: Int
        public let bodyBytes: Int
        public let seedSeconds: Double
        /// Milliseconds, sorted.
        public let samples: [Double]

        public func percentile(_ p: Double) -> Double {
            guard !samples.isEmpty else { return 0 }
            return samples[min(samples.count - 1, Int((Double(samples.count - 1) * p).rounded()))]
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// A plan of `nodes` nodes under the root: phases of 10 milestones of tasks, seeded through the DAL.
    public static func run(configuration: ServerConfiguration, nodes: Int, iterations: Int, logger: Logger) async throws
        -> Figures
    {
        try await InProcessServer.withServer(configuration, logger: logger) { baseURL in
            let email = "bench+\(UUID().uuidString.prefix(8).lowercased())@bench.agentplanner.test"
            let registered = try await call(
                baseURL + "/auth/register", method: .POST, body: ["email": .string(email), "password": "bench-password-1"])
            guard let token = registered["session"]?["access_token"]?.stringValue else {
                throw Failure(description: "registering the benchmark user failed")
            }
            let plan = try await call(baseURL + "/plans", method: .POST, token: token, body: ["title": "Benchmark plan"])
            guard let planText = plan["id"]?.stringValue, let planID = UUID(uuidString: planText) else {
                throw Failure(description: "creating the benchmark plan failed")
            }
            let detail = try await call(baseURL + "/plans/\(planText)", method: .GET, token: token, body: nil)
            guard let rootText = detail["root_node"]?["id"]?.stringValue, let rootID = UUID(uuidString: rootText) else {
                throw Failure(description: "the benchmark plan has no root")
            }
            let seedStart = ContinuousClock.now
            try await seed(configuration.database, plan: planID, root: rootID, count: nodes - 1, logger: logger)
            let seedTime = ContinuousClock.now - seedStart
            var samples: [Double] = []
            var bytes = 0
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                var request = HTTPClientRequest(url: baseURL + "/plans/\(planText)/nodes?include_details=true")
                request.headers.add(name: "Authorization", value: "Bearer \(token)")
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
                let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
                samples.append(milliseconds(ContinuousClock.now - start))
                guard response.status == .ok else { throw Failure(description: "the tree answered \(response.status.code)") }
                bytes = body.readableBytes
            }
            return Figures(nodes: nodes, bodyBytes: bytes, seedSeconds: milliseconds(seedTime) / 1000, samples: samples.sorted())
        }
    }

    private static func seed(_ location: DatabaseLocation, plan: UUID, root: UUID, count: Int, logger: Logger) async throws {
        _ = try await DatabaseStores.withStore(location, logger: logger) { store in
            // (created, current phase, current milestone), carried from batch to batch.
            var state = (0, root, root)
            while state.0 < count {
                // One transaction per batch keeps SQLite's single writer from being held for the whole seed.
                state = try await store.transaction { [state] session in
                    var (created, phase, milestone) = state
                    for _ in 0..<min(500, count - created) {
                        let kind = created % 1000 == 0 ? "phase" : created % 100 == 0 ? "milestone" : "task"
                        let parent = kind == "phase" ? root : kind == "milestone" ? phase : milestone
                        let node = try await session.planNodes.create(
                            NewPlanNode(
                                planID: plan, parentID: parent, nodeType: kind, title: "\(kind) \(created)",
                                description: "Benchmark node \(created) with a description of ordinary length.",
                                status: ValueDomains.nodeStatus[created % 4], orderIndex: created,
                                context: "Context for node \(created)", metadata: ["n": .number(Double(created))]))
                        if kind == "phase" { (phase, milestone) = (node.id, node.id) }
                        if kind == "milestone" { milestone = node.id }
                        created += 1
                    }
                    return (created, phase, milestone)
                }
            }
        }
    }

    private static func call(_ url: String, method: NIOHTTP1.HTTPMethod, token: String? = nil, body: JSONValue?) async throws
        -> JSONValue
    {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 16 * 1024 * 1024))
        return (try? JSONValue(jsonText: text)) ?? .null
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
