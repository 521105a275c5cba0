import AgentPlannerCore
import EventDispatch
import Foundation
import OutboundHTTP
import Persistence

/// v1's Slack app on top of `messaging_integrations` (ROUTES.md §4.17): the OAuth code exchange against the
/// configured Slack API, channels, channel choice, test and disconnect. One active Slack integration per user.
/// Knows nothing of the server's HTTP; it speaks Slack's Web API through `HTTPTransport`.
struct SlackAppService: Sendable {
    let store: any DatabaseStore
    let apiBaseURL: String
    let secrets: SecretBox
    let adapters: AdapterRegistry
    let transport: HTTPTransport

    /// Why a connection failed, as v1 put it in the redirect (`reason=`).
    struct ConnectFailure: Error {
        let reason: String
    }

    func active(_ userID: UUID) async throws -> MessagingIntegration? {
        try await store.withSession { try await $0.messagingIntegrations.list(userID: userID) }
            .last { $0.adapter == .slack && $0.isActive }
    }

    /// Exchanges the OAuth code (`oauth.v2.access`) and saves the team's bot token, sealed.
    func connect(userID: UUID, code: String, clientID: String, clientSecret: String, redirectURI: String) async throws {
        let form = OutboundRequest.formBody([
            ("client_id", clientID), ("client_secret", clientSecret), ("code", code), ("redirect_uri", redirectURI),
        ])
        let answer = await transport.post(
            apiBaseURL + "/oauth.v2.access", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: form,
            timeout: .seconds(10), responseLimit: 64 * 1024)
        guard case .success(let exchange) = answer, let body = try? JSONValue(jsonText: exchange.bodyText),
            body["ok"] == true, let token = body["access_token"]?.stringValue, let teamID = body["team"]?["id"]?.stringValue
        else {
            if case .success(let exchange) = answer {
                throw ConnectFailure(reason: (try? JSONValue(jsonText: exchange.bodyText))?["error"]?.stringValue ?? "oauth_failed")
            }
            throw ConnectFailure(reason: "oauth_failed")
        }
        try await save(userID: userID, teamID: teamID, teamName: body["team"]?["name"]?.stringValue ?? "", token: try secrets.seal(token))
    }

    /// The workspace's channels (`conversations.list`), archived ones left out; none when not connected.
    func channels(userID: UUID) async throws -> [JSONValue] {
        guard let integration = try await active(userID), let stored = integration.secret, let token = try? secrets.open(stored)
        else { return [] }
        let answer = await transport.post(
            apiBaseURL + "/conversations.list",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Bearer \(token)")],
            body: Data("types=public_channel,private_channel&exclude_archived=true&limit=100".utf8), timeout: .seconds(10),
            responseLimit: 1024 * 1024)
        guard case .success(let exchange) = answer, let body = try? JSONValue(jsonText: exchange.bodyText),
            body["ok"] == true, case .array(let items)? = body["channels"]
        else { return [] }
        return items.prefix(100).compactMap { channel in
            guard channel["is_archived"] != true else { return nil }
            return ["id": channel["id"] ?? .null, "name": channel["name"] ?? .null, "is_private": channel["is_private"] ?? false]
        }
    }

    func setChannel(userID: UUID, channelID: String, channelName: String?) async throws {
        // v1 answered 500 also when no workspace was connected; that is the caller's state, not a server fault, so
        // v2 answers 400 (as `POST /integrations/slack/test` does), keeping v1's message for the UI's toast.
        guard let integration = try await active(userID) else { throw APIError(.badRequest, "Failed to set channel") }
        guard case .object(var config) = integration.config else { throw APIError(.internalServerError, "Failed to set channel") }
        config["channel_id"] = .string(channelID)
        config["channel_name"] = channelName.map(JSONValue.string) ?? .null
        _ = try await store.withSession { [config] in
            try await $0.messagingIntegrations.update(id: integration.id, userID: userID, IntegrationChanges(config: .object(config)))
        }
    }

    func disconnect(userID: UUID) async throws {
        guard let integration = try await active(userID) else { return }
        _ = try await store.withSession {
            try await $0.messagingIntegrations.update(id: integration.id, userID: userID, IntegrationChanges(isActive: false))
        }
    }

    /// True when the test message reached the channel.
    func test(userID: UUID) async throws -> Bool {
        guard let integration = try await active(userID), let stored = integration.secret,
            let token = try? secrets.open(stored), let adapter = adapters[.slack]
        else { return false }
        let payload: JSONValue = ["event": "integration.test", "message": "✅ AgentPlanner is connected to this channel"]
        let result = await adapter.send(
            OutboundMessage(deliveryID: UUID(), eventType: "integration.test", payload: payload, idempotencyKey: "test", attempt: 1),
            to: IntegrationTarget(integration: integration, secret: token))
        if case .delivered = result { return true }
        return false
    }

    /// Upsert on (user, team); every other Slack integration of the user is deactivated.
    private func save(userID: UUID, teamID: String, teamName: String, token: String) async throws {
        try await store.transaction { session in
            let existing = try await session.messagingIntegrations.list(userID: userID).filter { $0.adapter == .slack }
            let sameTeam = existing.last { $0.config["team_id"]?.stringValue == teamID }
            for other in existing where other.id != sameTeam?.id && other.isActive {
                _ = try await session.messagingIntegrations.update(id: other.id, userID: userID, IntegrationChanges(isActive: false))
            }
            if let sameTeam {
                var config: [String: JSONValue] = [:]
                if case .object(let fields) = sameTeam.config { config = fields }
                config["team_name"] = .string(teamName)
                _ = try await session.messagingIntegrations.update(
                    id: sameTeam.id, userID: userID, IntegrationChanges(config: .object(config), secret: token, isActive: true))
            } else {
                _ = try await session.messagingIntegrations.create(
                    MessagingIntegration(
                        userID: userID, adapter: .slack, name: "Slack: \(teamName)",
                        config: ["team_id": .string(teamID), "team_name": .string(teamName)], secret: token))
            }
        }
    }
}
