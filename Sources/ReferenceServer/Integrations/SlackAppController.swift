import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Logging
import Persistence

/// v1's `/integrations/slack/*` (ROUTES.md §4.17) on top of `messaging_integrations`: install URL with a signed
/// state, the OAuth callback against the configured Slack API, channels, channel choice, test, disconnect, and
/// inbound interactivity with Slack's request signature verified. One active Slack integration per user.
struct SlackAppController {
    let store: any DatabaseStore
    let settings: SlackAppSettings
    let stateSecret: String
    let apiBaseURL: String
    let frontendURL: String
    let secrets: SecretBox
    let adapters: AdapterRegistry
    let transport: HTTPTransport
    let logger: Logger

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let integration = try await active(try context.requireIdentity().id) else {
            return JSONResponse.make(["connected": false] as JSONValue)
        }
        let config = integration.config
        return JSONResponse.make(
            [
                "connected": true, "team_name": config["team_name"] ?? .null, "channel_id": config["channel_id"] ?? .null,
                "channel_name": config["channel_name"] ?? .null,
                "installed_at": .string(TimestampFormat.api(integration.createdAt)),
            ] as JSONValue)
    }

    @Sendable func install(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        guard let clientID = settings.clientID else { throw APIError(.internalServerError, "Slack integration not configured") }
        var components = URLComponents(string: settings.authorizeURL)
        components?.queryItems = [
            URLQueryItem(name: "client_id", value: clientID),
            URLQueryItem(name: "scope", value: "chat:write,channels:read,groups:read"),
            URLQueryItem(name: "redirect_uri", value: redirectURI(request)),
            URLQueryItem(name: "state", value: SlackOAuthState(secret: stateSecret).make(userID: identity.id)),
        ]
        return JSONResponse.make(["url": .string(components?.string ?? settings.authorizeURL)] as JSONValue)
    }

    @Sendable func callback(_ request: Request, context: AppRequestContext) async throws -> Response {
        let query = request.uri.queryParameters
        guard let code = query.get("code"), let state = query.get("state") else { return redirect("error&reason=missing_params") }
        let userID: UUID
        switch SlackOAuthState(secret: stateSecret).verify(String(state)) {
        case .failure(let error): return redirect("error&reason=\(error.reason)")
        case .success(let user): userID = user
        }
        guard let clientID = settings.clientID, let clientSecret = settings.clientSecret else {
            return redirect("error&reason=not_configured")
        }
        let form = [("client_id", clientID), ("client_secret", clientSecret), ("code", String(code)), ("redirect_uri", redirectURI(request))]
            .map { "\($0.0)=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let answer = await transport.post(
            apiBaseURL + "/oauth.v2.access", headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: Data(form.utf8), timeout: .seconds(10), responseLimit: 64 * 1024)
        guard case .success(let exchange) = answer, let body = try? JSONValue(jsonText: exchange.bodyText),
            body["ok"] == true, let token = body["access_token"]?.stringValue, let teamID = body["team"]?["id"]?.stringValue
        else {
            let reason: String
            if case .success(let exchange) = answer { reason = (try? JSONValue(jsonText: exchange.bodyText))?["error"]?.stringValue ?? "oauth_failed" }
            else { reason = "oauth_failed" }
            return redirect("error&reason=\(Self.formEncode(reason))")
        }
        let teamName = body["team"]?["name"]?.stringValue ?? ""
        try await save(userID: userID, teamID: teamID, teamName: teamName, token: try secrets.seal(token))
        return redirect("success")
    }

    @Sendable func channels(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let integration = try await active(try context.requireIdentity().id), let stored = integration.secret,
            let token = try? secrets.open(stored)
        else { return JSONResponse.make(["channels": []] as JSONValue) }
        let answer = await transport.post(
            apiBaseURL + "/conversations.list",
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Authorization", "Bearer \(token)")],
            body: Data("types=public_channel,private_channel&exclude_archived=true&limit=100".utf8), timeout: .seconds(10),
            responseLimit: 1024 * 1024)
        guard case .success(let exchange) = answer, let body = try? JSONValue(jsonText: exchange.bodyText),
            body["ok"] == true, case .array(let items)? = body["channels"]
        else { return JSONResponse.make(["channels": []] as JSONValue) }
        let channels: [JSONValue] = items.prefix(100).compactMap { channel in
            guard channel["is_archived"] != true else { return nil }
            return ["id": channel["id"] ?? .null, "name": channel["name"] ?? .null, "is_private": channel["is_private"] ?? false]
        }
        return JSONResponse.make(["channels": .array(channels)] as JSONValue)
    }

    @Sendable func setChannel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard let channelID = try? body.string("channelId") else { throw APIError(.badRequest, "channelId is required") }
        guard channelID.range(of: "^[A-Za-z0-9]{1,20}$", options: .regularExpression) != nil else {
            throw APIError(.badRequest, "Invalid channelId format")
        }
        let channelName = (try? body.string("channelName")) ?? nil
        guard let integration = try await active(identity.id) else { throw APIError(.internalServerError, "Failed to set channel") }
        guard case .object(var config) = integration.config else { throw APIError(.internalServerError, "Failed to set channel") }
        config["channel_id"] = .string(channelID)
        config["channel_name"] = channelName.map(JSONValue.string) ?? .null
        _ = try await store.withSession { [config] in
            try await $0.messagingIntegrations.update(
                id: integration.id, userID: identity.id, IntegrationChanges(config: .object(config)))
        }
        return JSONResponse.make(
            ["success": true, "channel_id": .string(channelID), "channel_name": channelName.map(JSONValue.string) ?? .null]
                as JSONValue)
    }

    @Sendable func disconnect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        if let integration = try await active(identity.id) {
            _ = try await store.withSession {
                try await $0.messagingIntegrations.update(id: integration.id, userID: identity.id, IntegrationChanges(isActive: false))
            }
        }
        return JSONResponse.make(["success": true] as JSONValue)
    }

    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> Response {
        let failure = APIError(.badRequest, "Failed to send test message. Check channel configuration.")
        guard let integration = try await active(try context.requireIdentity().id), let stored = integration.secret,
            let token = try? secrets.open(stored), let adapter = adapters[.slack]
        else { throw failure }
        let payload: JSONValue = ["event": "integration.test", "message": "✅ AgentPlanner is connected to this channel"]
        let result = await adapter.send(
            OutboundMessage(deliveryID: UUID(), eventType: "integration.test", payload: payload, idempotencyKey: "test", attempt: 1),
            to: IntegrationTarget(integration: integration, secret: token))
        guard case .delivered = result else { throw failure }
        return JSONResponse.make(["success": true] as JSONValue)
    }

    /// Interactivity requests: verified with Slack's signing secret, then acknowledged.
    @Sendable func interactions(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = settings.signingSecret else { throw APIError(.serviceUnavailable, "Slack interactivity not configured") }
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        let body = Data(buffer.readableBytesView)
        guard SlackRequestSignature.verify(
            secret: secret, timestamp: request.headers[values: .init("X-Slack-Request-Timestamp")!].first,
            signature: request.headers[values: .init("X-Slack-Signature")!].first, body: body)
        else { throw APIError(.unauthorized, "Invalid Slack signature") }
        logger.info("slack interaction received", metadata: ["bytes": "\(body.count)"])
        return Response(status: .ok)
    }

    private func active(_ userID: UUID) async throws -> MessagingIntegration? {
        try await store.withSession { try await $0.messagingIntegrations.list(userID: userID) }
            .last { $0.adapter == .slack && $0.isActive }
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
                    id: sameTeam.id, userID: userID,
                    IntegrationChanges(config: .object(config), secret: token, isActive: true))
            } else {
                _ = try await session.messagingIntegrations.create(
                    MessagingIntegration(
                        userID: userID, adapter: .slack, name: "Slack: \(teamName)",
                        config: ["team_id": .string(teamID), "team_name": .string(teamName)], secret: token))
            }
        }
    }

    private func redirectURI(_ request: Request) -> String {
        let base = settings.apiBaseURL ?? "http://\(request.head.authority ?? "localhost:3000")"
        return base + "/integrations/slack/callback"
    }

    private func redirect(_ outcome: String) -> Response {
        Response(
            status: .found, headers: [.location: "\(frontendURL)/app/settings/integrations?slack=\(outcome)"])
    }

    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
