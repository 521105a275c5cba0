import AgentPlannerCore
import EventDispatch
import Foundation
import Hummingbird
import Logging
import OutboundHTTP
import Persistence

/// v1's `/integrations/slack/*` (ROUTES.md §4.17) on top of `messaging_integrations`: install URL with a signed
/// state, the OAuth callback against the configured Slack API, channels, channel choice, test, disconnect, and
/// inbound interactivity with Slack's request signature verified. The Slack side is `SlackAppService`.
struct SlackAppController {
    let slack: SlackAppService
    let settings: SlackAppSettings
    let stateSecret: String
    let frontendURL: String
    let logger: Logger

    @Sendable func status(_ request: Request, context: AppRequestContext) async throws -> Response {
        SlackAppOutput.Status(integration: try await slack.active(try context.requireIdentity().id)).response()
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
        return SlackAppOutput.Install(url: components?.string ?? settings.authorizeURL).response()
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
        do {
            try await slack.connect(
                userID: userID, code: String(code), clientID: clientID, clientSecret: clientSecret,
                redirectURI: redirectURI(request))
        } catch let failure as SlackAppService.ConnectFailure {
            return redirect("error&reason=\(OutboundRequest.formEncode(failure.reason))")
        }
        return redirect("success")
    }

    @Sendable func channels(_ request: Request, context: AppRequestContext) async throws -> Response {
        let channels = try await slack.channels(userID: try context.requireIdentity().id)
        return SlackAppOutput.Channels(channels: channels).response()
    }

    @Sendable func setChannel(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let channel = try await SlackAppOutput.ChannelInput.read(request, context)
        try await slack.setChannel(userID: identity.id, channelID: channel.id, channelName: channel.name)
        return SlackAppOutput.ChannelSet(id: channel.id, name: channel.name).response()
    }

    @Sendable func disconnect(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await slack.disconnect(userID: identity.id)
        return IntegrationJSON.Success().response()
    }

    @Sendable func test(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard try await slack.test(userID: try context.requireIdentity().id) else {
            throw APIError(.badRequest, "Failed to send test message. Check channel configuration.")
        }
        return IntegrationJSON.Success().response()
    }

    /// Interactivity requests: verified with Slack's signing secret, then acknowledged.
    @Sendable func interactions(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let secret = settings.signingSecret else { throw APIError(.serviceUnavailable, "Slack interactivity not configured") }
        var request = request
        let buffer = try await request.collectBody(upTo: 1024 * 1024)
        let body = Data(buffer.readableBytesView)
        guard
            SlackRequestSignature.verify(
                secret: secret, timestamp: request.headers[values: .init("X-Slack-Request-Timestamp")!].first,
                signature: request.headers[values: .init("X-Slack-Signature")!].first, body: body)
        else { throw APIError(.unauthorized, "Invalid Slack signature") }
        logger.info("slack interaction received", metadata: ["bytes": "\(body.count)"])
        return Response(status: .ok)
    }

    private func redirectURI(_ request: Request) -> String {
        let base = settings.apiBaseURL ?? "http://\(request.head.authority ?? "localhost:3000")"
        return base + "/integrations/slack/callback"
    }

    private func redirect(_ outcome: String) -> Response {
        Response(
            status: .found, headers: [.location: "\(frontendURL)/app/settings/integrations?slack=\(outcome)"])
    }
}
