import Foundation
import ProtocolFakes

/// One run of contracts against one server, wired the same way wherever it starts (`agentplanner verify`,
/// `agentplanner gate`, the tests): the transport (with its timeout, pace, 429 handling and read-only guard),
/// the actors, the runner, and the report.
public struct SuiteSession: Sendable {
    public var goldens: GoldenStore
    public var sink: SideEffectSink?
    /// The owner supplied by the operator (where registration is closed, or for `--read-only`).
    public var preset: RegisteringActorProvider.Preset?
    /// Refuse to send anything but GET, HEAD and OPTIONS.
    public var readOnly = false
    public var policy = RateLimitPolicy()
    /// Per request.
    public var timeout: Duration = .seconds(30)
    /// How long a side effect may take to arrive at the sink.
    public var sinkTimeout: Duration = .seconds(20)
    /// The pause before each side-effect contract (see `ContractRunner.Options.sinkQuiet`).
    public var sinkQuiet: Duration = .seconds(2)
    /// Watches the run (nil: silent).
    public var progress: RunProgress?
    /// Lets a test stand between the runner and the server (a corrupted answer, a recorded request).
    public var wrapTransport: @Sendable (any HTTPTransport) -> any HTTPTransport = { $0 }

    public init(goldens: GoldenStore, sink: SideEffectSink? = nil, preset: RegisteringActorProvider.Preset? = nil) {
        self.goldens = goldens
        self.sink = sink
        self.preset = preset
    }

    /// A run's report and what the deployment's rate limits cost it.
    public struct Outcome: Sendable {
        public let report: RunReport
        public let rateLimits: RateLimitStatistics
    }

    /// Runs `contracts` against `baseURL`; throws `TransportError` when the server cannot be reached at all.
    public func run(_ contracts: [Contract], baseURL: String, suite: [Contract] = ContractSuite.all) async throws -> Outcome {
        let seconds = timeout.components.seconds
        let client = AsyncHTTPTransport(timeout: .seconds(max(1, seconds)))
        let progress = progress
        let paced = PacedTransport(
            wrapTransport(client), policy: policy, onRateLimited: { event in progress?.rateLimited(event) })
        let transport: any HTTPTransport = readOnly ? ReadOnlyTransport(paced) : paced
        do {
            var options = ContractRunner.Options(baseURL: baseURL, goldens: goldens, sink: sink)
            options.sinkTimeout = sinkTimeout
            options.sinkQuiet = sinkQuiet
            let actors = RegisteringActorProvider(
                baseURL: options.baseURL, transport: transport, runToken: options.runToken, preset: preset)
            let runner = ContractRunner(options: options, transport: transport, actors: actors)
            try await runner.checkReachable()
            let report = await runner.run(
                contracts, suite: suite, starting: { progress?.starting($0, $1) }, progress: { progress?.finished($0) })
            progress?.finish()
            try await client.shutdown()
            return Outcome(report: report, rateLimits: paced.statistics)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
