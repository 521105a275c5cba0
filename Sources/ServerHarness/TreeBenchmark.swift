import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Persistence
import ReferenceServer
import SQLKit

/// Times `GET /plans/:id/nodes?include_details=true` on a large plan through the in-process server, for
/// `agentplanner bench tree`. Figures are printed, never asserted.
public enum TreeBenchmark {
    public struct Figures: Sendable {
        public let nodes: Int
        public let bodyBytes: Int
        public let seedSeconds: Double
        /// Milliseconds, sorted: the whole HTTP read of the tree with details.
        public let samples: [Double]
        /// Milliseconds, sorted: the database building the JSON of the same rows and columns itself (PostgreSQL's
        /// `json_agg`, SQLite's `json_group_array`) and sending it to the same process, the peer of the ratio.
        public let peerSamples: [Double]
        public let peerBytes: Int

        public func percentile(_ p: Double) -> Double { Self.percentile(samples, p) }
        public func peerPercentile(_ p: Double) -> Double { Self.percentile(peerSamples, p) }

        static func percentile(_ samples: [Double], _ p: Double) -> Double {
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
            let (peerSamples, peerBytes) = try await peer(configuration.database, plan: planID, iterations: iterations, logger: logger)
            return Figures(
                nodes: nodes, bodyBytes: bytes, seedSeconds: milliseconds(seedTime) / 1000, samples: samples.sorted(),
                peerSamples: peerSamples.sorted(), peerBytes: peerBytes)
        }
    }

    /// One multi-row `INSERT` per batch of 500: seeding through single-row creates took minutes on PostgreSQL.
    private static func seed(_ location: DatabaseLocation, plan: UUID, root: UUID, count: Int, logger: Logger) async throws {
        _ = try await DatabaseStores.withStore(location, logger: logger) { store in
            // (created, current phase, current milestone), carried from batch to batch.
            var state = (0, root, root)
            while state.0 < count {
                // One transaction per batch keeps SQLite's single writer from being held for the whole seed.
                state = try await store.transaction { [state] session in
                    var (created, phase, milestone) = state
                    let types = session.types
                    var insert = session.sql.insert(into: "plan_nodes")
                        .columns(
                            "id", "plan_id", "parent_id", "node_type", "title", "description", "status", "order_index",
                            "context", "metadata")
                    for _ in 0..<min(500, count - created) {
                        let kind = created % 1000 == 0 ? "phase" : created % 100 == 0 ? "milestone" : "task"
                        let parent = kind == "phase" ? root : kind == "milestone" ? phase : milestone
                        let id = UUID()
                        insert = insert.values(
                            types.bind(id), types.bind(plan), types.bind(parent), SQLBind(kind), SQLBind("\(kind) \(created)"),
                            SQLBind("Benchmark node \(created) with a description of ordinary length."),
                            SQLBind(ValueDomains.nodeStatus[created % 4]), SQLBind(created),
                            SQLBind("Context for node \(created)"), types.bind(json: ["n": .number(Double(created))]))
                        if kind == "phase" { (phase, milestone) = (id, id) }
                        if kind == "milestone" { milestone = id }
                        created += 1
                    }
                    try await insert.run()
                    return (created, phase, milestone)
                }
            }
        }
    }

    /// The columns of the tree answer with details, as the database's own JSON aggregate writes them.
    private static func peer(_ location: DatabaseLocation, plan: UUID, iterations: Int, logger: Logger) async throws
        -> ([Double], Int)
    {
        let columns = [
            "id", "parent_id", "node_type", "title", "status", "order_index", "created_at", "plan_id", "description",
            "due_date", "updated_at", "context", "agent_instructions", "metadata",
        ]
        let sql: SQLQueryString
        switch location.dialect {
        case .postgres:
            sql = """
                SELECT json_agg(t)::text AS body FROM (SELECT \(unsafeRaw: columns.joined(separator: ", ")) \
                FROM plan_nodes WHERE plan_id = \(bind: plan)) t
                """
        case .sqlite:
            let pairs = columns.map { $0 == "metadata" ? "'metadata', json(metadata)" : "'\($0)', \($0)" }
            sql = """
                SELECT json_group_array(json_object(\(unsafeRaw: pairs.joined(separator: ", ")))) AS body \
                FROM plan_nodes WHERE plan_id = \(bind: plan.uuidString.lowercased())
                """
        }
        return try await DatabaseStores.withStore(location, logger: logger) { store in
            var samples: [Double] = []
            var bytes = 0
            for _ in 0..<iterations {
                let start = ContinuousClock.now
                let body = try await store.withSession { session in
                    try await session.sql.raw(sql).first()?.decode(column: "body", as: String.self)
                }
                samples.append(milliseconds(ContinuousClock.now - start))
                bytes = body?.utf8.count ?? 0
            }
            return (samples, bytes)
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
