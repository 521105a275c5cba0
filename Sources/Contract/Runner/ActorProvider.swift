import AgentPlannerCore

/// How a request authenticates as an actor, and what the run knows about that actor.
public struct ActorCredentials: Sendable {
    /// The `Authorization` header value, nil for anonymous requests.
    public var authorization: String?
    /// Variables the actor contributes, e.g. `owner.id`, `owner.email`.
    public var variables: [String: JSONValue]

    public init(authorization: String?, variables: [String: JSONValue] = [:]) {
        self.authorization = authorization
        self.variables = variables
    }

    public static let anonymous = ActorCredentials(authorization: nil)
}

/// Supplies actors to a run, creating them through the server's public API where it must.
public protocol ActorProvider: Sendable {
    func credentials(for role: ActorRole) async throws -> ActorCredentials
    /// Removes what the provider created (plans, tokens), as far as the API allows.
    func cleanUp() async
}

/// Provides only the anonymous actor. Contracts that need another actor are reported as not run.
public struct AnonymousActorProvider: ActorProvider {
    public init() {}

    public func credentials(for role: ActorRole) async throws -> ActorCredentials {
        guard role == .anonymous else { throw ActorUnavailable(role: role) }
        return .anonymous
    }

    public func cleanUp() async {}
}

public struct ActorUnavailable: Error, CustomStringConvertible {
    public let role: ActorRole
    public var description: String { "no \(role.rawValue) actor is available in this run" }
}
