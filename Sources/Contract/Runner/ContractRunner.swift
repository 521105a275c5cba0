import AgentPlannerCore
import Foundation
import ProtocolFakes

/// Runs contracts against one server and says, for each, whether the server behaves as it states.
public struct ContractRunner: Sendable {
    public struct Options: Sendable {
        public var baseURL: String
        public var goldens: GoldenStore
        /// Unique per run; fixtures put it into every name they create so runs never collide.
        public var runToken: String
        /// Where side effects arrive (the protocol fakes); contracts with sink steps are not run without one.
        public var sink: SideEffectSink?
        /// How long a `SINK-RECEIVE` waits, and how long a `SINK-COUNT` lets late sends arrive.
        public var sinkTimeout: Duration = .seconds(20)
        public var sinkSettle: Duration = .seconds(1)
        /// How long a side-effect contract waits before its first step, so events of earlier contracts are
        /// fanned out before it creates its integration (a deployment polls its outbox, by default each second;
        /// an event fanned out later would go to the new integration too).
        public var sinkQuiet: Duration = .seconds(2)

        public init(baseURL: String, goldens: GoldenStore, runToken: String = RunToken.make(), sink: SideEffectSink? = nil) {
            self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
            self.goldens = goldens
            self.runToken = runToken
            self.sink = sink
        }
    }

    public let options: Options
    public let transport: any HTTPTransport
    public let actors: any ActorProvider

    public init(options: Options, transport: any HTTPTransport, actors: any ActorProvider = AnonymousActorProvider()) {
        self.options = options
        self.transport = transport
        self.actors = actors
    }

    /// Fails with a `TransportError` when the server cannot be reached at all.
    public func checkReachable() async throws {
        _ = try await transport.send(OutgoingRequest(method: "GET", url: options.baseURL + "/", headers: [], body: nil))
    }

    /// Runs `contracts` in order, telling `starting` the index of each before it runs and `progress` each
    /// result as it completes.
    public func run(
        _ contracts: [Contract], suite: [Contract], starting: @Sendable (Int, Contract) -> Void = { _, _ in },
        progress: @Sendable (ContractResult) -> Void = { _ in }
    ) async -> RunReport {
        let start = ContinuousClock.now
        var results: [ContractResult] = []
        for (index, contract) in contracts.enumerated() {
            starting(index, contract)
            let result = await run(contract)
            progress(result)
            results.append(result)
        }
        await actors.cleanUp()
        let obsolete =
            options.goldens.mode == .ci
            ? options.goldens.obsolete(known: Set(suite.filter(\.hasGolden).map(\.goldenPath))) : []
        return RunReport(
            target: options.baseURL, results: results, obsoleteGoldens: obsolete,
            duration: ContinuousClock.now - start)
    }

    public func run(_ contract: Contract) async -> ContractResult {
        let start = ContinuousClock.now
        var variables = RunVariables(["run": .string(options.runToken)])
        var normalizer = GoldenNormalizer(runToken: options.runToken)
        var failures: [Failure] = []
        var goldenSteps: [JSONValue] = []
        let sockets = SocketSessions()

        func finish(_ outcome: ContractResult.Outcome, recorded: Bool = false) -> ContractResult {
            ContractResult(
                contract: contract, outcome: outcome, duration: ContinuousClock.now - start, recordedGolden: recorded)
        }

        var sinkSession: SinkSteps.Session?
        if SinkSteps.uses(contract) {
            guard let sink = options.sink else {
                return finish(.notRun(Self.noSink))
            }
            if contract.needsGitHubApp, sink.github == nil { return finish(.notRun(Self.noGitHubApp)) }
            for (name, value) in SinkSteps.variables(sink, runToken: options.runToken) { variables.set(name, value) }
            sinkSession = SinkSteps.Session(sink: sink, timeout: options.sinkTimeout, settle: options.sinkSettle)
            try? await Task.sleep(for: options.sinkQuiet)
        }
        for role in contract.needs {
            do {
                for (name, value) in try await actors.credentials(for: role).variables { variables.set(name, value) }
            } catch {
                return finish(.notRun("\(error)"))
            }
        }
        for step in contract.steps {
            let credentials: ActorCredentials
            do {
                credentials = try await actors.credentials(for: step.request.actor)
            } catch {
                return finish(.notRun("\(error)"))
            }
            for (name, value) in credentials.variables { variables.set(name, value) }

            let exchange: Exchange
            do {
                if SocketSessions.methods.contains(step.request.method) {
                    if step.request.method == "WS" { try await transport.beforeOtherRequest() }
                    exchange = try await socket(step.request, sockets, variables: variables)
                } else if SinkSteps.methods.contains(step.request.method), let sinkSession {
                    let response = await sinkSession.handle(
                        step.request.method, target: try variables.substitute(step.request.path))
                    exchange = Exchange(
                        response: response, json: try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self)))
                } else {
                    exchange = try await send(step.request, credentials: credentials, variables: variables)
                }
            } catch {
                failures.append(Failure(step: step.name, "\(error)"))
                break
            }
            failures += check(step, exchange, variables: variables)
            for (name, path) in step.captures.sorted(by: { $0.key < $1.key }) {
                if let value = exchange.json.flatMap(path.value(in:)) {
                    variables.set(name, value)
                } else {
                    failures.append(Failure(step: step.name, "nothing to capture as {\(name)} at \(path)"))
                }
            }
            for (name, part) in step.locationCaptures.sorted(by: { $0.key < $1.key }) {
                if let value = part.value(in: exchange.response.headers["location"]) {
                    variables.set(name, .string(value))
                } else {
                    failures.append(Failure(step: step.name, "nothing to capture as {\(name)} from the Location header"))
                }
            }
            if let golden = step.golden {
                goldenSteps.append(goldenRecord(step, golden, exchange, &normalizer))
            }
        }

        await sockets.closeAll()
        guard contract.hasGolden, failures.allSatisfy({ !$0.message.hasPrefix("cannot reach") }) else {
            return finish(failures.isEmpty ? .passed : .failed(failures))
        }
        let actual = JSONValue.object(["contract": .string(contract.id), "steps": .array(goldenSteps)])
        let recorded: Bool
        do {
            recorded = try compareGolden(contract, actual, &failures)
        } catch {
            failures.append(Failure(step: "golden", "cannot use \(contract.goldenPath): \(error)"))
            recorded = false
        }
        return finish(failures.isEmpty ? .passed : .failed(failures), recorded: recorded)
    }

    /// Why a side-effect contract did not run.
    public static let noSink =
        "side effects not checked: no sink (pass --sink-host with an address of this machine the server can reach)"

    /// Why a GitHub sign-in contract did not run.
    public static let noGitHubApp =
        "GitHub sign-in not checked: pass --github-client-id and --github-client-secret (the deployment's GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET, its GitHub URLs pointed at the sink)"

    struct Exchange {
        let response: ReceivedResponse
        let json: JSONValue?
    }

    private func send(_ spec: RequestSpec, credentials: ActorCredentials, variables: RunVariables) async throws
        -> Exchange
    {
        var headers: [(String, String)] = []
        let explicitAuthorization = spec.headers.keys.contains { $0.lowercased() == "authorization" }
        if let authorization = credentials.authorization, !explicitAuthorization {
            headers.append(("Authorization", authorization))
        }
        for (name, value) in spec.headers.sorted(by: { $0.key < $1.key }) {
            headers.append((name, try variables.substitute(value)))
        }
        var body: Data?
        switch spec.body {
        case .json(let template):
            body = Data(try template.resolve(variables).jsonText.utf8)
            headers.append(("Content-Type", "application/json"))
        case .raw(let text, let contentType):
            body = Data(try variables.substitute(text).utf8)
            headers.append(("Content-Type", contentType))
        case nil:
            break
        }
        let url = options.baseURL + (try variables.substitute(spec.path))
        let response = try await transport.send(
            OutgoingRequest(method: spec.method, url: url, headers: headers, body: body))
        let json = try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self))
        return Exchange(response: response, json: json)
    }

    private func socket(_ spec: RequestSpec, _ sockets: SocketSessions, variables: RunVariables) async throws -> Exchange {
        let target = try variables.substitute(spec.path)
        var body: JSONValue?
        if case .json(let template) = spec.body { body = try template.resolve(variables) }
        let response = await sockets.handle(
            spec.method, role: spec.actor, url: spec.method == "WS" ? options.baseURL + target : target, body: body)
        return Exchange(response: response, json: try? JSONValue(jsonText: String(decoding: response.body, as: UTF8.self)))
    }

    private func check(_ step: Step, _ exchange: Exchange, variables: RunVariables) -> [Failure] {
        var failures: [Failure] = []
        for expectation in step.expectations {
            switch expectation {
            case .status(let status):
                if exchange.response.status != status {
                    failures.append(Failure(step: step.name, "status: expected \(status), got \(exchange.response.status)"))
                }
            case .header(let name, let match):
                if let problem = Self.check(header: name, exchange.response.headers[name], match) {
                    failures.append(Failure(step: step.name, problem))
                }
            case .body(let matcher):
                guard let json = exchange.json else {
                    let text = String(decoding: exchange.response.body.prefix(80), as: UTF8.self)
                    failures.append(Failure(step: step.name, "body: expected JSON, got \"\(text)\""))
                    continue
                }
                for mismatch in matcher.mismatches(json, at: .root, variables: variables) {
                    failures.append(Failure(step: step.name, "body \(mismatch)"))
                }
            }
        }
        return failures
    }

    static func check(header name: String, _ value: String?, _ match: HeaderMatch) -> String? {
        switch (match, value) {
        case (.absent, nil), (.present, .some): return nil
        case (.absent, let value?): return "header \(name): expected absent, got \"\(value)\""
        case (_, nil): return "header \(name): expected present, got absent"
        case (.equals(let expected), let value?):
            return value == expected ? nil : "header \(name): expected \"\(expected)\", got \"\(value)\""
        case (.hasPrefix(let prefix), let value?):
            return value.hasPrefix(prefix) ? nil : "header \(name): expected \"\(prefix)...\", got \"\(value)\""
        }
    }

    private func goldenRecord(_ step: Step, _ golden: GoldenSpec, _ exchange: Exchange, _ normalizer: inout GoldenNormalizer)
        -> JSONValue
    {
        var headers: [String: JSONValue] = [:]
        for name in golden.headers {
            headers[name] = exchange.response.headers[name].map { normalizer.normalize(.string($0)) } ?? .null
        }
        let body: JSONValue =
            exchange.json.map { json in
                normalizer.normalize(Self.maskVolatile(json, golden.volatile), unordered: golden.unorderedArrays)
            }
            ?? normalizer.normalize(.string(String(decoding: exchange.response.body, as: UTF8.self)))
        return .object([
            "step": .string(step.name), "status": .number(Double(exchange.response.status)),
            "headers": .object(headers), "body": body,
        ])
    }

    /// Replaces each volatile value that matches its matcher by `<volatile>`; one that does not match stays, so
    /// the golden comparison shows it.
    static func maskVolatile(_ json: JSONValue, _ volatile: [JSONPath: JSONMatcher]) -> JSONValue {
        var json = json
        for (path, matcher) in volatile {
            guard let value = path.value(in: json),
                matcher.mismatches(value, at: path, variables: RunVariables()).isEmpty
            else { continue }
            json = path.replacing(in: json, with: "<volatile>")
        }
        return json
    }

    /// Compares with (or, in record mode, writes) the golden; returns whether it was written.
    private func compareGolden(_ contract: Contract, _ actual: JSONValue, _ failures: inout [Failure]) throws -> Bool {
        let goldens = options.goldens
        let expected = try goldens.read(contract.goldenPath)
        if goldens.mode == .record {
            // A failing contract is never recorded: a golden must not turn a wrong answer into the spec.
            guard failures.isEmpty, expected != actual else { return false }
            try goldens.write(actual, to: contract.goldenPath)
            return true
        }
        guard let expected else {
            failures.append(
                Failure(step: "golden", "missing golden/\(contract.goldenPath); record it with --record"))
            return false
        }
        let differences = JSONDiff.differences(expected: expected, actual: actual)
        for difference in differences.prefix(12) {
            failures.append(Failure(step: "golden", difference.description))
        }
        if differences.count > 12 {
            failures.append(Failure(step: "golden", "... and \(differences.count - 12) more differences"))
        }
        return false
    }
}

/// A short token unique to one run, put into every name a run creates.
public enum RunToken {
    public static func make() -> String {
        "ct" + String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10))
    }
}
