import Foundation
import Yams

/// What `agentplanner gate --config FILE` reads (YAML): the deployment, its credentials, the v1 and v2
/// databases, the archive, the sink address and the thresholds. A section left out is a stage not run, and
/// the report says so.
public struct GateConfig: Sendable, Decodable {
    public struct Deployment: Sendable, Decodable {
        /// http(s) URL of the v2 deployment.
        public var baseURL: String
        /// The owner's API token or access token (needed for read-only runs that act as a user).
        public var token: String?
        public var email: String?
        public var password: String?

        enum CodingKeys: String, CodingKey {
            case baseURL = "base_url", token, email, password
        }
    }

    public struct Contracts: Sendable, Decodable {
        public enum Mode: String, Sendable, Decodable {
            /// Production: only contracts that change nothing (no registration, no writes).
            case readOnly = "read-only"
            /// A staging copy: the whole suite.
            case full
            case skip
        }
        public var mode: Mode
        /// Requests a second (unpaced when absent).
        public var rate: Double?
        public var retryBudget: Int?
        public var timeoutSeconds: Int?
        /// A golden folder instead of the goldens built into the binary.
        public var goldenDir: String?

        enum CodingKeys: String, CodingKey {
            case mode, rate, retryBudget = "retry_budget", timeoutSeconds = "timeout_seconds", goldenDir = "golden_dir"
        }
    }

    public struct Migration: Sendable, Decodable {
        /// postgres:// of the v1 database.
        public var source: String
        /// postgres:// of the v2 database.
        public var target: String
        public var archive: String
        /// A canaries file written by `migrate fixture --canaries-out`, or the fixture's seed.
        public var canaries: String?
        public var seed: UInt64?
        public var v1SlackKey: String?
        public var v1JWTSecret: String?
        public var v2SecretKey: String?

        enum CodingKeys: String, CodingKey {
            case source, target, archive, canaries, seed, v1SlackKey = "v1_slack_key", v1JWTSecret = "v1_jwt_secret"
            case v2SecretKey = "v2_secret_key"
        }
    }

    public struct Dispatch: Sendable, Decodable {
        /// An address of this machine the deployment can reach; the sink listens on `sink_port`.
        public var sinkHost: String
        public var sinkPort: Int?
        /// How long one side effect may take to arrive.
        public var timeoutSeconds: Int?

        enum CodingKeys: String, CodingKey {
            case sinkHost = "sink_host", sinkPort = "sink_port", timeoutSeconds = "timeout_seconds"
        }
    }

    public struct Load: Sendable, Decodable {
        /// Requests per endpoint.
        public var requests: Int
        /// The schedule: requests a second, per endpoint. Latency counts from each request's scheduled start.
        public var rate: Double
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double

        enum CodingKeys: String, CodingKey {
            case requests, rate, p50Milliseconds = "p50_ms", p99Milliseconds = "p99_ms"
        }
    }

    public struct Reports: Sendable, Decodable {
        public var markdown: String?
        public var json: String?
        public var junit: String?
    }

    public var deployment: Deployment
    public var contracts: Contracts
    public var migration: Migration?
    public var dispatch: Dispatch?
    public var load: Load?
    public var reports: Reports?

    /// Reads and checks `path`; every problem is named, and nothing is guessed.
    public static func load(path: String) throws -> GateConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GateConfigError("cannot read the config file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), name: path)
    }

    public static func parse(_ text: String, name: String = "the config") throws -> GateConfig {
        let config: GateConfig
        do {
            let unknown = try unknownKeys(text)
            if !unknown.isEmpty { throw GateConfigError("\(name):\n  " + unknown.joined(separator: "\n  ")) }
            config = try YAMLDecoder().decode(GateConfig.self, from: text)
        } catch let error as GateConfigError {
            throw error
        } catch let error as DecodingError {
            throw GateConfigError("\(name): \(Self.describe(error))")
        } catch {
            throw GateConfigError("\(name): not valid YAML: \(error)")
        }
        let problems = config.problems
        if !problems.isEmpty { throw GateConfigError("\(name):\n  " + problems.joined(separator: "\n  ")) }
        return config
    }

    /// What is wrong with the values (the shape is checked by decoding).
    public var problems: [String] {
        var problems: [String] = []
        if URL(string: deployment.baseURL)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            problems.append("deployment.base_url must be an http:// or https:// URL, got '\(deployment.baseURL)'")
        }
        if (deployment.email == nil) != (deployment.password == nil) {
            problems.append("deployment.email and deployment.password go together")
        }
        if contracts.mode == .readOnly, deployment.email != nil {
            problems.append("contracts.mode read-only cannot log in (a write); give deployment.token instead")
        }
        if let rate = contracts.rate, !(rate > 0) { problems.append("contracts.rate must be above 0") }
        if let budget = contracts.retryBudget, budget < 0 { problems.append("contracts.retry_budget cannot be negative") }
        if let timeout = contracts.timeoutSeconds, !(1...3600).contains(timeout) {
            problems.append("contracts.timeout_seconds must be from 1 to 3600")
        }
        if let migration {
            for (name, url) in [("source", migration.source), ("target", migration.target)]
            where !(url.hasPrefix("postgres://") || url.hasPrefix("postgresql://")) {
                problems.append("migration.\(name) must be a postgres:// URL")
            }
            if migration.canaries != nil, migration.seed != nil { problems.append("give migration.canaries or migration.seed, not both") }
        }
        if let dispatch {
            if dispatch.sinkHost.isEmpty || dispatch.sinkHost.contains("/") || dispatch.sinkHost.contains(" ") {
                problems.append("dispatch.sink_host must be a host name or IP address, got '\(dispatch.sinkHost)'")
            }
            if let port = dispatch.sinkPort, !(0...65535).contains(port) { problems.append("dispatch.sink_port must be from 0 to 65535") }
        }
        if let load {
            if !(1...10_000).contains(load.requests) { problems.append("load.requests must be from 1 to 10000 per endpoint") }
            if !(load.rate > 0 && load.rate <= 1000) { problems.append("load.rate must be above 0 and at most 1000 a second") }
            if !(load.p50Milliseconds > 0 && load.p99Milliseconds > 0) { problems.append("load.p50_ms and load.p99_ms must be above 0") }
        }
        return problems
    }

    /// Keys the gate does not know are refused: a misspelt threshold must not be ignored silently.
    static let knownKeys: [String: Set<String>] = [
        "": ["deployment", "contracts", "migration", "dispatch", "load", "reports"],
        "deployment": ["base_url", "token", "email", "password"],
        "contracts": ["mode", "rate", "retry_budget", "timeout_seconds", "golden_dir"],
        "migration": ["source", "target", "archive", "canaries", "seed", "v1_slack_key", "v1_jwt_secret", "v2_secret_key"],
        "dispatch": ["sink_host", "sink_port", "timeout_seconds"],
        "load": ["requests", "rate", "p50_ms", "p99_ms"],
        "reports": ["markdown", "json", "junit"],
    ]

    static func unknownKeys(_ text: String) throws -> [String] {
        guard let mapping = try Yams.compose(yaml: text)?.mapping else { return [] }
        var problems: [String] = []
        for (key, value) in mapping {
            let name = key.string ?? "?"
            guard let known = knownKeys[name] else {
                problems.append("unknown section '\(name)'")
                continue
            }
            guard let section = value.mapping else { continue }
            for (inner, _) in section where !known.contains(inner.string ?? "") {
                problems.append("unknown key '\(name).\(inner.string ?? "?")'")
            }
        }
        return problems
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// The config file cannot be used (exit status 2).
public struct GateConfigError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
