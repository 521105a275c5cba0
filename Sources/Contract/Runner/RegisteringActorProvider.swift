import AgentPlannerCore
import Foundation
import Synchronization

/// Creates the run's actors through the public API: each role registers its own user
/// (`<role>+<run>@contract.agentplanner.test`), the agent gets an API token. Against a deployment whose
/// registration is closed, `preset` supplies the owner (a token, or an email and password); roles that cannot be
/// created are reported as not run.
public final class RegisteringActorProvider: ActorProvider {
    public enum Preset: Sendable {
        case token(String)
        case login(email: String, password: String)
    }

    public static let password = "Contract-run-password-1"

    private let baseURL: String
    private let transport: any HTTPTransport
    private let runToken: String
    private let preset: Preset?
    private let created = Mutex<[ActorRole: ActorCredentials]>([:])
    private let failures = Mutex<[ActorRole: String]>([:])

    public init(baseURL: String, transport: any HTTPTransport, runToken: String, preset: Preset? = nil) {
        self.baseURL = baseURL
        self.transport = transport
        self.runToken = runToken
        self.preset = preset
    }

    public func credentials(for role: ActorRole) async throws -> ActorCredentials {
        if role == .anonymous { return .anonymous }
        if let existing = created.withLock({ $0[role] }) { return existing }
        if let reason = failures.withLock({ $0[role] }) { throw ActorSetupFailed(role: role, reason: reason) }
        do {
            let credentials = try await create(role)
            created.withLock { $0[role] = credentials }
            return credentials
        } catch {
            let reason = "\(error)"
            failures.withLock { $0[role] = reason }
            throw ActorSetupFailed(role: role, reason: reason)
        }
    }

    /// Revokes the agent's API token and ends every session the run opened.
    public func cleanUp() async {
        let actors = created.withLock { $0 }
        if let owner = actors[.owner], let authorization = owner.authorization,
            let planID = owner.variables["plan.id"]?.stringValue
        {
            _ = try? await call("DELETE", "/plans/\(planID)", authorization: authorization, body: nil)
        }
        for (role, actor) in actors {
            guard let authorization = actor.authorization else { continue }
            if role == .agent, let tokenID = actor.variables["agent.token_id"]?.stringValue {
                _ = try? await call("DELETE", "/auth/token/\(tokenID)", authorization: authorization, body: nil)
            }
            if let refresh = actor.variables["\(role.rawValue).refresh_token"]?.stringValue {
                _ = try? await call("POST", "/auth/logout", authorization: authorization, body: ["refresh_token": .string(refresh)])
            }
        }
    }

    private func create(_ role: ActorRole) async throws -> ActorCredentials {
        if role == .owner, let preset { return try await fromPreset(preset) }
        if [.viewer, .editor, .admin].contains(role) { return try await createCollaborator(role) }
        let name = role.rawValue
        let email = "\(name)+\(runToken)@contract.agentplanner.test"
        let registered = try await call(
            "POST", "/auth/register", authorization: nil,
            body: ["email": .string(email), "password": .string(Self.password), "name": .string("Contract \(name) \(runToken)")])
        guard registered.status == 201, let user = registered.json?["user"], let id = user["id"]?.stringValue else {
            throw ActorSetupError("registering \(email) answered \(registered.status): \(registered.text)")
        }
        guard let session = registered.json?["session"], let access = session["access_token"]?.stringValue else {
            throw ActorSetupError("registration returned no session (email confirmation is on); pass --token or --email/--password")
        }
        var variables: [String: JSONValue] = [
            "\(name).id": .string(id), "\(name).email": .string(email), "\(name).password": .string(Self.password),
            "\(name).access_token": .string(access),
        ]
        if let refresh = session["refresh_token"] { variables["\(name).refresh_token"] = refresh }
        if role == .owner {
            // The run's fixture plan: collaborators get their roles on it.
            let plan = try await call(
                "POST", "/plans", authorization: "Bearer \(access)",
                body: ["title": .string("Contract plan \(runToken)"), "description": "The contract run's fixture plan"])
            guard plan.status == 201, let planID = plan.json?["id"]?.stringValue else {
                throw ActorSetupError("creating the fixture plan answered \(plan.status): \(plan.text)")
            }
            variables["plan.id"] = .string(planID)
        }
        guard role == .agent else {
            return ActorCredentials(authorization: "Bearer \(access)", variables: variables)
        }
        let token = try await call(
            "POST", "/auth/token", authorization: "Bearer \(access)",
            body: ["name": .string("contract agent \(runToken)"), "permissions": ["read", "write"]])
        guard token.status == 201, let raw = token.json?["token"]?.stringValue, let tokenID = token.json?["id"]?.stringValue
        else { throw ActorSetupError("creating the agent's API token answered \(token.status): \(token.text)") }
        variables["agent.token"] = .string(raw)
        variables["agent.token_id"] = .string(tokenID)
        return ActorCredentials(authorization: "Bearer \(raw)", variables: variables)
    }

    /// A registered user with `role` on the owner's fixture plan.
    private func createCollaborator(_ role: ActorRole) async throws -> ActorCredentials {
        let owner = try await credentials(for: .owner)
        guard let planID = owner.variables["plan.id"]?.stringValue, let authorization = owner.authorization else {
            throw ActorSetupError("the owner has no fixture plan to share")
        }
        let user = try await register(role)
        guard let userID = user.variables["\(role.rawValue).id"]?.stringValue else {
            throw ActorSetupError("registering the \(role.rawValue) gave no id")
        }
        let added = try await call(
            "POST", "/plans/\(planID)/collaborators", authorization: authorization,
            body: ["user_id": .string(userID), "role": .string(role.rawValue)])
        guard added.status == 201 || added.status == 200 else {
            throw ActorSetupError("adding the \(role.rawValue) to the fixture plan answered \(added.status): \(added.text)")
        }
        var variables = user.variables
        variables["plan.id"] = .string(planID)
        return ActorCredentials(authorization: user.authorization, variables: variables)
    }

    private func register(_ role: ActorRole) async throws -> ActorCredentials {
        let name = role.rawValue
        let email = "\(name)+\(runToken)@contract.agentplanner.test"
        let registered = try await call(
            "POST", "/auth/register", authorization: nil,
            body: ["email": .string(email), "password": .string(Self.password), "name": .string("Contract \(name) \(runToken)")])
        guard registered.status == 201, let id = registered.json?["user"]?["id"]?.stringValue,
            let session = registered.json?["session"], let access = session["access_token"]?.stringValue
        else { throw ActorSetupError("registering \(email) answered \(registered.status): \(registered.text)") }
        return ActorCredentials(
            authorization: "Bearer \(access)",
            variables: [
                "\(name).id": .string(id), "\(name).email": .string(email), "\(name).password": .string(Self.password),
                "\(name).access_token": .string(access), "\(name).refresh_token": session["refresh_token"] ?? .null,
            ])
    }

    private func fromPreset(_ preset: Preset) async throws -> ActorCredentials {
        switch preset {
        case .token(let token):
            let profile = try await call("GET", "/auth/profile", authorization: "Bearer \(token)", body: nil)
            guard profile.status == 200, let id = profile.json?["id"]?.stringValue else {
                throw ActorSetupError("the --token was refused by GET /auth/profile (\(profile.status))")
            }
            return ActorCredentials(
                authorization: "Bearer \(token)",
                variables: ["owner.id": .string(id), "owner.email": profile.json?["email"] ?? .null])
        case .login(let email, let password):
            let login = try await call(
                "POST", "/auth/login", authorization: nil, body: ["email": .string(email), "password": .string(password)])
            guard login.status == 200, let access = login.json?["session"]?["access_token"]?.stringValue,
                let id = login.json?["user"]?["id"]?.stringValue
            else { throw ActorSetupError("logging in as \(email) answered \(login.status)") }
            return ActorCredentials(
                authorization: "Bearer \(access)",
                variables: [
                    "owner.id": .string(id), "owner.email": .string(email), "owner.password": .string(password),
                    "owner.access_token": .string(access),
                    "owner.refresh_token": login.json?["session"]?["refresh_token"] ?? .null,
                ])
        }
    }

    struct Answer {
        let status: Int
        let json: JSONValue?
        let text: String
    }

    /// A fixture call. Rate limits (v1 allows 10 auth requests a minute) are waited out by the run's
    /// `PacedTransport`, as for every other request.
    private func call(_ method: String, _ path: String, authorization: String?, body: JSONValue?) async throws -> Answer {
        var headers: [(String, String)] = []
        if let authorization { headers.append(("Authorization", authorization)) }
        if body != nil { headers.append(("Content-Type", "application/json")) }
        let request = OutgoingRequest(
            method: method, url: baseURL + path, headers: headers, body: body.map { Data($0.jsonText.utf8) })
        let response = try await transport.send(request)
        let text = String(decoding: response.body, as: UTF8.self)
        return Answer(status: response.status, json: try? JSONValue(jsonText: text), text: String(text.prefix(200)))
    }
}

struct ActorSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

public struct ActorSetupFailed: Error, CustomStringConvertible {
    public let role: ActorRole
    public let reason: String
    public var description: String { "could not create the \(role.rawValue) actor: \(reason)" }
}
