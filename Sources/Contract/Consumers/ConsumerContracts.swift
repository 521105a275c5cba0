/// One contract per reachable client call of CONSUMERS.md, built from each consumer's table of calls.
public enum ConsumerContracts {
    /// The calls of one consumer, as declared.
    static func calls(_ consumer: Consumer) -> [ConsumerCall] {
        switch consumer {
        case .ui: UICalls.calls
        case .mcp: MCPCalls.calls
        case .agents: AgentsCalls.calls
        }
    }

    /// One contract per call, then the flows that are no single call (the UI's websocket).
    public static let all: [Contract] =
        Consumer.allCases.flatMap { consumer in calls(consumer).map { $0.contract(consumer) } } + UIFlows.contracts + [UIGitHubSignIn.contract]

    /// The contracts of `consumer`.
    public static func contracts(of consumer: Consumer) -> [Contract] {
        all.filter { $0.consumer?.consumer == consumer }
    }
}
