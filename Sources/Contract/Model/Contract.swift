import Foundation

/// One behaviour of v1's API, stated so that any server can be checked against it.
///
/// A contract names the v1 source it encodes, its class (compatible, v1 defect, v2 change), and the steps
/// it runs. Each step states v1's status code and the keys of its answer itself; a golden file, where a step
/// has one, adds the normalised body but never replaces those statements.
public struct Contract: Sendable {
    /// Unique, dotted: `<area>.<name>`.
    public let id: String
    public let area: String
    public let summary: String
    public let source: V1Source
    public let classification: ContractClass
    /// False for contracts that change nothing on the server; only those run with `--read-only`.
    public let mutates: Bool
    /// Actors created before the first step, whose variables (`{owner.id}`...) the steps use.
    public let needs: [ActorRole]
    public let steps: [Step]
    /// For a consumer contract: the client call it proves (CONSUMERS.md), and what v2 decided for it.
    public let consumer: ConsumerSource?

    public init(
        id: String, area: String, summary: String, source: V1Source, classification: ContractClass,
        mutates: Bool, needs: [ActorRole] = [], steps: [Step], consumer: ConsumerSource? = nil
    ) {
        self.consumer = consumer
        self.needs = needs
        self.id = id
        self.area = area
        self.summary = summary
        self.source = source
        self.classification = classification
        self.mutates = mutates
        self.steps = steps
    }

    /// The actors the steps act as.
    public var actors: Set<ActorRole> { Set(steps.map(\.request.actor) + needs) }

    /// The contract's golden file, relative to the golden folder.
    public var goldenPath: String { "contracts/\(area)/\(id).json" }

    public var hasGolden: Bool { steps.contains { $0.golden != nil } }
}

/// Where in v1 (`TAgents/agent-planner` at `335156d`) the behaviour comes from.
public struct V1Source: Sendable, Hashable {
    public static let commit = "335156d"
    public let route: String
    public let file: String

    public init(route: String, file: String) {
        self.route = route
        self.file = file
    }
}

/// Who sends a step's request. Fixtures create each actor through the public API.
public enum ActorRole: String, Sendable, CaseIterable, Hashable {
    case anonymous
    /// Authenticated, with no access to the fixture plan.
    case stranger
    case viewer
    case editor
    case admin
    case owner
    /// Authenticated with an API token instead of a session.
    case agent
}

/// One request and what its answer must be.
public struct Step: Sendable {
    public var name: String
    public var request: RequestSpec
    public var expectations: [Expectation]
    /// Values taken from the answer for later steps: variable name → JSON path in the body.
    public var captures: [String: JSONPath]
    /// Values taken from the answer's `Location` header (an OAuth redirect's state or tokens).
    public var locationCaptures: [String: LocationPart] = [:]
    public var golden: GoldenSpec?

    public init(_ name: String, _ request: RequestSpec) {
        self.name = name
        self.request = request
        self.expectations = []
        self.captures = [:]
        self.golden = nil
    }

    public func expect(status: Int) -> Step {
        adding(.status(status))
    }

    public func expect(header name: String, _ match: HeaderMatch) -> Step {
        adding(.header(name.lowercased(), match))
    }

    public func expect(body matcher: JSONMatcher) -> Step {
        adding(.body(matcher))
    }

    public func capture(_ variable: String, at path: JSONPath) -> Step {
        var copy = self
        copy.captures[variable] = path
        return copy
    }

    public func capture(_ variable: String, fromLocation part: LocationPart) -> Step {
        var copy = self
        copy.locationCaptures[variable] = part
        return copy
    }

    /// Compare the normalised answer with the contract's golden file. `volatile` names values that differ on
    /// every run but have no recognisable shape (opaque refresh tokens, unix times): each is checked against its
    /// matcher and only then written as `<volatile>`.
    public func golden(
        headers: [String] = ["content-type"], unordered: [JSONPath] = [], volatile: [JSONPath: JSONMatcher] = [:]
    ) -> Step {
        var copy = self
        copy.golden = GoldenSpec(
            headers: headers.map { $0.lowercased() }, unorderedArrays: unordered, volatile: volatile)
        return copy
    }

    private func adding(_ expectation: Expectation) -> Step {
        var copy = self
        copy.expectations.append(expectation)
        return copy
    }

    /// The status this step states, if it states one.
    public var statedStatus: Int? {
        for case .status(let status) in expectations { return status }
        return nil
    }
}

/// A request template: `{name}` in the path, headers and JSON strings is replaced by a run variable.
public struct RequestSpec: Sendable {
    public var method: String
    public var path: String
    public var actor: ActorRole
    public var headers: [String: String]
    public var body: RequestBody?

    public init(
        _ method: String, _ path: String, as actor: ActorRole = .anonymous, headers: [String: String] = [:],
        body: RequestBody? = nil
    ) {
        self.method = method
        self.path = path
        self.actor = actor
        self.headers = headers
        self.body = body
    }

    public static func get(_ path: String, as actor: ActorRole = .anonymous, headers: [String: String] = [:])
        -> RequestSpec
    {
        RequestSpec("GET", path, as: actor, headers: headers)
    }
}

public enum RequestBody: Sendable {
    case json(JSONTemplate)
    /// Sent as written, with this content type (malformed JSON, plain text).
    case raw(String, contentType: String)
}

/// A JSON body template; string leaves may hold `{variable}`.
public typealias JSONTemplate = JSONValueTemplate

public enum Expectation: Sendable {
    case status(Int)
    case header(String, HeaderMatch)
    case body(JSONMatcher)
}

public enum HeaderMatch: Sendable {
    case equals(String)
    case hasPrefix(String)
    case present
    case absent
}

/// What a step's golden records besides status and body.
public struct GoldenSpec: Sendable {
    public var headers: [String]
    /// Arrays v1 gives in no defined order; compared as sets.
    public var unorderedArrays: [JSONPath]
    public var volatile: [JSONPath: JSONMatcher] = [:]
}

/// A named parameter of a redirect's target: in its query (`?state=…`) or its fragment (`#access_token=…`).
public enum LocationPart: Sendable, Hashable {
    case query(String)
    case fragment(String)

    /// The parameter's value in `location`, nil when absent.
    public func value(in location: String?) -> String? {
        guard let location, let components = URLComponents(string: location) else { return nil }
        switch self {
        case .query(let name):
            return components.queryItems?.first { $0.name == name }?.value
        case .fragment(let name):
            var fragment = URLComponents()
            fragment.percentEncodedQuery = components.percentEncodedFragment
            return fragment.queryItems?.first { $0.name == name }?.value
        }
    }
}
