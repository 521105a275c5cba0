import Contract
import DataMigration
import Foundation
import Logging
import Persistence
import ProtocolFakes

/// `agentplanner gate`: answers "can we switch?" for one deployment. Stages run in order (contracts, the
/// migration proof, a dispatch smoke through the sink, a load probe); once one fails, the later ones are not
/// run, since their answer would mean nothing, and the report says so.
public struct Gate: Sendable {
    public let config: GateConfig
    public let logger: Logger
    /// A sink already running (tests start it before the server they point at it); else the gate starts one
    /// from `dispatch.sink_host`/`sink_port`.
    public var sink: SideEffectSink?
    /// Watches the contract stages (nil: silent).
    public var progress: (@Sendable (Int) -> RunProgress)?
    /// Lines about what the gate is doing, for the terminal.
    public var say: @Sendable (String) -> Void = { _ in }

    public init(config: GateConfig, logger: Logger, sink: SideEffectSink? = nil) {
        self.config = config
        self.logger = logger
        self.sink = sink
    }

    /// Runs the stages; throws `GateUnreachable` when the deployment does not answer at all.
    public func run() async throws -> GateReport {
        let startedAt = ISO8601DateFormatter().string(from: Date())
        var stages: [StageResult] = []
        func blocked() -> Bool { stages.contains { $0.status == .failed || $0.status == .notRun } }
        func notRun(_ name: String) -> StageResult {
            StageResult(name: name, status: .notRun, summary: "not run: an earlier stage failed", reasons: ["not run (an earlier stage failed)"])
        }

        say("1/4 contracts against \(config.deployment.baseURL)")
        stages.append(try await contractStage())
        if blocked() {
            stages.append(notRun("migration"))
        } else {
            say("2/4 migration proof")
            stages.append(await migrationStage())
        }
        if blocked() {
            stages.append(notRun("dispatch"))
        } else {
            say("3/4 dispatch smoke through the sink")
            stages.append(try await dispatchStage())
        }
        if blocked() {
            stages.append(notRun("load"))
        } else {
            say("4/4 load probe")
            stages.append(await loadStage())
        }
        return GateReport(target: config.deployment.baseURL, startedAt: startedAt, stages: stages)
    }

    var preset: RegisteringActorProvider.Preset? {
        if let token = config.deployment.token { return .token(token) }
        if let email = config.deployment.email, let password = config.deployment.password {
            return .login(email: email, password: password)
        }
        return nil
    }

    func session(sink: SideEffectSink?, total: Int) throws -> SuiteSession {
        let goldens =
            config.contracts.goldenDir.map { GoldenStore(root: URL(fileURLWithPath: $0), mode: .ci) } ?? .embedded(mode: .ci)
        var session = SuiteSession(goldens: goldens, sink: sink, preset: preset)
        session.readOnly = config.contracts.mode == .readOnly
        session.policy = RateLimitPolicy(requestsPerSecond: config.contracts.rate, retryBudget: config.contracts.retryBudget ?? 300)
        session.timeout = .seconds(config.contracts.timeoutSeconds ?? 30)
        session.sinkTimeout = .seconds(config.dispatch?.timeoutSeconds ?? 20)
        session.progress = progress?(total)
        return session
    }

    /// The contract suite (read-only or full) and any consumer contracts, without the side-effect contracts,
    /// which are the dispatch stage's.
    func contractStage() async throws -> StageResult {
        let started = ContinuousClock.now
        guard config.contracts.mode != .skip else {
            return StageResult(name: "contracts", status: .skipped, summary: "contracts.mode is skip")
        }
        let readOnly = config.contracts.mode == .readOnly
        let selected = ContractSuite.select(filters: [], readOnly: readOnly, presetRoles: preset == nil ? [] : [.owner])
            .filter { !$0.needsSink }
        let outcome: SuiteSession.Outcome
        do {
            outcome = try await session(sink: nil, total: selected.count).run(selected, baseURL: config.deployment.baseURL)
        } catch let error as TransportError {
            throw GateUnreachable(description: "\(error)")
        }
        var summary = "\(readOnly ? "read-only" : "full") suite: \(outcome.report.passedCount) of \(selected.count) passed"
        // The answer a team needs before switching its clients over: each client's calls and how they fared.
        let consumers = ConsumerReport(outcome.report).rows.map(\.sentence)
        summary += consumers.isEmpty ? "; no consumer contracts in this suite" : "; " + consumers.joined(separator: "; ")
        return Self.result(
            "contracts", outcome, summary: summary, seconds: (ContinuousClock.now - started).inSeconds,
            noun: "contract(s) failed")
    }

    /// `migrate verify` of source and target, with canaries when configured (reads only).
    func migrationStage() async -> StageResult {
        let started = ContinuousClock.now
        guard let migration = config.migration else {
            return StageResult(name: "migration", status: .skipped, summary: "no migration section")
        }
        do {
            var canaries: FixtureCanaries?
            if let path = migration.canaries {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw GateStageError("cannot read the canaries file \(path)")
                }
                canaries = try JSONDecoder().decode(FixtureCanaries.self, from: data)
            } else if let seed = migration.seed {
                canaries = FixtureCanaries(seed: seed)
            }
            let environment = ProcessInfo.processInfo.environment
            let keys = SecretKeys(
                v1SlackEncryptionKey: migration.v1SlackKey ?? environment["V1_SLACK_ENCRYPTION_KEY"],
                v1JWTSecret: migration.v1JWTSecret ?? environment["V1_JWT_SECRET"],
                v2SecretKey: try SecretKeys.v2Key(explicit: migration.v2SecretKey, environment: environment))
            let report = try await MigrationVerifier(
                options: VerificationOptions(
                    source: try PostgresLocation(url: migration.source), target: try PostgresLocation(url: migration.target),
                    archiveDirectory: migration.archive, canaries: canaries, keys: keys),
                logger: logger
            ).run()
            let failed = report.failures
            let passed = report.checks.filter { $0.status == .pass }.count
            let skipped = report.checks.filter { $0.status == .skipped }
            return StageResult(
                name: "migration", status: failed.isEmpty ? .passed : .failed,
                summary: "\(passed) check(s) passed, \(failed.count) failed, \(skipped.count) skipped",
                reasons: failed.map { "\($0.name): \($0.summary)" + ($0.firstDifferences.first.map { " (\($0))" } ?? "") },
                details: report.checks.filter { $0.status != .pass }.map { "\($0.status.rawValue): \($0.name) — \($0.summary)" },
                seconds: (ContinuousClock.now - started).inSeconds)
        } catch {
            return StageResult(
                name: "migration", status: .failed, summary: "could not verify", reasons: ["\(error)"],
                seconds: (ContinuousClock.now - started).inSeconds)
        }
    }

    /// The side-effect contracts through the sink: one event per adapter, signed, delivered once.
    func dispatchStage() async throws -> StageResult {
        let started = ContinuousClock.now
        guard let dispatch = config.dispatch else {
            return StageResult(name: "dispatch", status: .skipped, summary: "no dispatch section")
        }
        guard config.contracts.mode != .readOnly else {
            return StageResult(
                name: "dispatch", status: .skipped,
                summary: "read-only: the smoke creates a user, a plan and integrations, so it runs only with contracts.mode full")
        }
        // GitHub sign-in needs the deployment's GitHub OAuth app pointed at the sink; `verify` checks it
        // (--github-client-id), the gate's smoke is about dispatch.
        let contracts = ContractSuite.all.filter { $0.needsSink && !$0.needsGitHubApp }
        let sink: SideEffectSink
        let ownSink: Bool
        if let existing = self.sink {
            (sink, ownSink) = (existing, false)
        } else {
            do {
                sink = try await SideEffectSink.start(
                    bindHost: "0.0.0.0", advertisedHost: dispatch.sinkHost, port: dispatch.sinkPort ?? 4980, githubApp: .none)
            } catch {
                return StageResult(name: "dispatch", status: .failed, summary: "the sink could not listen", reasons: ["\(error)"])
            }
            ownSink = true
        }
        say(
            "  sink at \(sink.baseURL); the deployment needs SLACK_API_BASE_URL=\(sink.slackAPIBaseURL) DISCORD_API_BASE_URL=\(sink.discordAPIBaseURL)"
        )
        let outcome: SuiteSession.Outcome
        do {
            outcome = try await session(sink: sink, total: contracts.count).run(contracts, baseURL: config.deployment.baseURL)
            if ownSink { await sink.shutdown() }
        } catch let error as TransportError {
            if ownSink { await sink.shutdown() }
            throw GateUnreachable(description: "\(error)")
        } catch {
            if ownSink { await sink.shutdown() }
            throw error
        }
        return Self.result(
            "dispatch", outcome, summary: "\(outcome.report.passedCount) of \(contracts.count) adapter checks delivered",
            seconds: (ContinuousClock.now - started).inSeconds, noun: "side-effect check(s) failed")
    }

    /// p50 and p99 of the hot endpoints against the thresholds.
    func loadStage() async -> StageResult {
        let started = ContinuousClock.now
        guard let load = config.load else {
            return StageResult(name: "load", status: .skipped, summary: "no load section")
        }
        let client = AsyncHTTPTransport(timeout: .seconds(Int64(config.contracts.timeoutSeconds ?? 30)))
        let result = await probe(load, client: client, started: started)
        try? await client.shutdown()
        return result
    }

    private func probe(_ load: GateConfig.Load, client: AsyncHTTPTransport, started: ContinuousClock.Instant) async -> StageResult {
        let probe = LoadProbe(
            baseURL: config.deployment.baseURL, settings: load, transport: client,
            setup: PacedTransport(client, policy: RateLimitPolicy()))
        do {
            let (figures, notes) = try await probe.run(token: config.deployment.token, readOnly: config.contracts.mode == .readOnly)
            var reasons: [String] = []
            var details = notes
            for figure in figures {
                details.append(
                    String(
                        format: "%@: %d requests at %.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms", figure.endpoint, figure.requests,
                        load.rate, figure.p50Milliseconds, figure.p99Milliseconds, figure.maxMilliseconds))
                if figure.p50Milliseconds > load.p50Milliseconds {
                    reasons.append(
                        String(format: "%@ p50 %.1f ms is over the %.1f ms threshold", figure.endpoint, figure.p50Milliseconds, load.p50Milliseconds))
                }
                if figure.p99Milliseconds > load.p99Milliseconds {
                    reasons.append(
                        String(format: "%@ p99 %.1f ms is over the %.1f ms threshold", figure.endpoint, figure.p99Milliseconds, load.p99Milliseconds))
                }
                let errors = figure.errors.values.reduce(0, +)
                if errors > 0 {
                    let statuses = figure.errors.sorted { $0.key < $1.key }.map { "\($0.key == 0 ? "no answer" : String($0.key)) ×\($0.value)" }
                    reasons.append("\(figure.endpoint): \(errors) of \(figure.requests) requests failed (\(statuses.joined(separator: ", ")))")
                }
            }
            if figures.isEmpty { reasons.append("nothing was probed: " + notes.joined(separator: "; ")) }
            return StageResult(
                name: "load", status: reasons.isEmpty ? .passed : .failed,
                summary: "\(figures.count) endpoint(s), thresholds p50 \(load.p50Milliseconds) ms, p99 \(load.p99Milliseconds) ms",
                reasons: reasons, details: details, seconds: (ContinuousClock.now - started).inSeconds)
        } catch {
            return StageResult(
                name: "load", status: .failed, summary: "could not probe", reasons: ["\(error)"],
                seconds: (ContinuousClock.now - started).inSeconds)
        }
    }

    static func result(_ name: String, _ outcome: SuiteSession.Outcome, summary: String, seconds: Double, noun: String) -> StageResult {
        let report = outcome.report
        let bad = report.results.filter { !$0.passed }
        var details: [String] = []
        for result in bad {
            switch result.outcome {
            case .passed: break
            case .failed(let failures): details += failures.prefix(5).map { "\(result.contract.id) \($0)" }
            case .notRun(let reason): details.append("\(result.contract.id) not run: \(reason)")
            }
        }
        if let limits = outcome.rateLimits.summary { details.append(limits) }
        let reasons = bad.isEmpty ? [] : ["\(bad.count) \(noun): " + bad.map(\.contract.id).joined(separator: ", ")]
        return StageResult(
            name: name, status: bad.isEmpty ? .passed : .failed, summary: summary, reasons: reasons, details: details,
            seconds: seconds)
    }
}

/// The deployment did not answer at all (exit status 2).
public struct GateUnreachable: Error, CustomStringConvertible {
    public let description: String
}

extension Duration {
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
