/// What happened to one contract in a run.
public struct ContractResult: Sendable {
    public enum Outcome: Sendable {
        case passed
        case failed([Failure])
        /// The contract could not be run here (an actor or a side-effect sink is not available). Never a pass.
        case notRun(String)
    }

    public let contract: Contract
    public let outcome: Outcome
    public let duration: Duration
    /// True when this run wrote the contract's golden (record mode).
    public let recordedGolden: Bool

    public init(contract: Contract, outcome: Outcome, duration: Duration, recordedGolden: Bool) {
        self.contract = contract
        self.outcome = outcome
        self.duration = duration
        self.recordedGolden = recordedGolden
    }

    public var passed: Bool {
        if case .passed = outcome { return true }
        return false
    }

    public var failures: [Failure] {
        if case .failed(let failures) = outcome { return failures }
        return []
    }
}

/// One way an answer broke a contract, located as precisely as possible.
public struct Failure: Sendable, CustomStringConvertible {
    public let step: String
    public let message: String

    public init(step: String, _ message: String) {
        self.step = step
        self.message = message
    }

    public var description: String { "[\(step)] \(message)" }
}

/// Every result of a run, in the order the contracts ran.
public struct RunReport: Sendable {
    public let target: String
    public let results: [ContractResult]
    /// Goldens on disk that no contract in the suite uses (reported in CI mode).
    public let obsoleteGoldens: [String]
    public let duration: Duration

    public init(target: String, results: [ContractResult], obsoleteGoldens: [String], duration: Duration) {
        self.target = target
        self.results = results
        self.obsoleteGoldens = obsoleteGoldens
        self.duration = duration
    }

    public var passedCount: Int { results.filter(\.passed).count }
    public var failedCount: Int { results.filter { !$0.failures.isEmpty }.count }
    public var notRunCount: Int {
        results.filter { if case .notRun = $0.outcome { return true } else { return false } }.count
    }
    public var allPassed: Bool { failedCount == 0 && notRunCount == 0 }
}
