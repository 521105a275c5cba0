/// A client that ran against v1, at the commit whose source CONSUMERS.md describes.
public enum Consumer: String, Sendable, CaseIterable, Hashable {
    /// The web UI, `TAgents/agent-planner-ui`: `Bearer` with the access token of its stored login session.
    case ui
    /// The MCP server, `TAgents/agent-planner-mcp`: `ApiKey <64-hex API token>`.
    case mcp
    /// The agents runner, `TAgents/agent-planner-agents`: its one direct call, with `ApiKey`.
    case agents

    public var repository: String {
        switch self {
        case .ui: "TAgents/agent-planner-ui"
        case .mcp: "TAgents/agent-planner-mcp"
        case .agents: "TAgents/agent-planner-agents"
        }
    }

    public var commit: String {
        switch self {
        case .ui: "3ca5b00"
        case .mcp: "b363d68"
        case .agents: "9b61c2b"
        }
    }

    /// `mcp@b363d68`.
    public var label: String { "\(rawValue)@\(commit)" }

    /// The letter of its call ids in CONSUMERS.md (`U12`, `M7`, `A1`).
    public var callPrefix: String {
        switch self {
        case .ui: "U"
        case .mcp: "M"
        case .agents: "A"
        }
    }

    /// The consumer whose call ids start with the letter of `callID`.
    public init?(callID: String) {
        guard let consumer = Consumer.allCases.first(where: { callID.hasPrefix($0.callPrefix) }) else { return nil }
        self = consumer
    }
}

/// What v2 decided for one client call (issue 15). Every class but `works` carries the written decision.
public enum ConsumerVerdict: Sendable, Hashable {
    /// The client's request and reads work against v1's documented behaviour, unchanged.
    case works
    /// v1 rejected or mishandled what the client sends; v2 serves the client. The text: what the client sends,
    /// what v1 answered, and why accepting it breaks neither the other client nor v1's documented shape.
    case v1Defect(String)
    /// The client is wrong and v2 keeps v1's answer (serving it would break another client or v1's shape); the
    /// contract documents exactly what the client gets.
    case consumerDefect(String)
    /// v1 never served the path; the contract states what v2 answers and why.
    case notServed(String)

    public var name: String {
        switch self {
        case .works: "works"
        case .v1Defect: "fixed v1 defect"
        case .consumerDefect: "documented client defect"
        case .notServed: "not served"
        }
    }

    /// The written decision, nil for `works`.
    public var decision: String? {
        switch self {
        case .works: nil
        case .v1Defect(let text), .consumerDefect(let text), .notServed(let text): text
        }
    }

    /// The verdicts in the order reports list them.
    public static let reportOrder = ["works", "fixed v1 defect", "documented client defect", "not served"]
}

/// The client call a consumer contract proves: CONSUMERS.md's row id, where the client makes the call, and
/// v2's decision.
public struct ConsumerSource: Sendable, Hashable {
    public let consumer: Consumer
    /// The row of CONSUMERS.md §2.2, §3.2 or §4: `U21`, `M15`, `A1`.
    public let callID: String
    /// Method and path as the call list names them: `POST /plans/:id/nodes`.
    public let route: String
    /// The client's file and lines at its commit.
    public let client: String
    public let verdict: ConsumerVerdict

    /// A flow of several calls (a CONSUMERS.md section such as `§6 plan page`) rather than one row.
    public var isFlow: Bool { callID.hasPrefix("§") }
}
