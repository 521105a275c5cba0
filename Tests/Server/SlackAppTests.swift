import AgentPlannerCore
import Crypto
import EventDispatch
import Foundation
import HTTPTypes
import Persistence
import ProtocolFakes
import ReferenceServer
import TestSupport
import Testing

@Suite("Slack app routes")
struct SlackAppTests {
    static let signingSecret = "slack-signing-secret-for-tests"

    static func configure(_ slack: ProtocolFake) -> @Sendable (inout ServerConfiguration) -> Void {
        { configuration in
            configuration.slack.clientID = "client-1"
            configuration.slack.clientSecret = "client-secret"
            configuration.slack.signingSecret = signingSecret
            configuration.slack.apiBaseURL = "http://api.test"
            configuration.dispatch.endpoints.slackAPIBaseURL = slack.baseURL + "/api"
        }
    }

    @Test("install, OAuth callback, channels, channel, test, status, disconnect", arguments: [DatabaseDialect.sqlite, .postgres])
    func flow(dialect: DatabaseDialect) async throws {
        let slack = try await ProtocolFake.start(.slack(token: "xoxb-from-oauth"))
        defer { Task { await slack.shutdown() } }
        try await AuthHarness.run(dialect, configure: Self.configure(slack)) { h in
            let (_, token, _) = try await h.register("owner@example.com")
            let auth = "Bearer \(token)"
            #expect((try await h.send(.get, "/integrations/slack/status", authorization: auth)).json == ["connected": false])
            // Without a connected workspace a channel cannot be kept: the caller's state, a 400 (v1 answered 500).
            let unconnected = try await h.send(.put, "/integrations/slack/channel", json: ["channelId": "C0GENERAL"], authorization: auth)
            #expect(unconnected.status == .badRequest && unconnected.json["error"] == "Failed to set channel")

            let install = try await h.send(.get, "/integrations/slack/install", authorization: auth)
            let url = try #require(install.json["url"]?.stringValue.flatMap(URLComponents.init(string:)))
            #expect(url.host == "slack.com")
            let items = Dictionary(uniqueKeysWithValues: (url.queryItems ?? []).map { ($0.name, $0.value ?? "") })
            #expect(items["scope"] == "chat:write,channels:read,groups:read")
            #expect(items["redirect_uri"] == "http://api.test/integrations/slack/callback")
            let state = try #require(items["state"])

            let missing = try await h.send(.get, "/integrations/slack/callback?state=x")
            #expect(missing.status == .found)
            #expect(missing.headers[.location] == "http://localhost:3001/app/settings/integrations?slack=error&reason=missing_params")
            let forged = try await h.send(.get, "/integrations/slack/callback?code=good-code&state=e30=")
            #expect(forged.headers[.location]?.hasSuffix("slack=error&reason=invalid_state") == true)
            let encoded = state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? state
            let badCode = try await h.send(.get, "/integrations/slack/callback?code=nope&state=\(encoded)")
            #expect(badCode.headers[.location]?.hasSuffix("slack=error&reason=invalid_code") == true)
            let connected = try await h.send(.get, "/integrations/slack/callback?code=\(ProtocolFake.slackOAuthCode)&state=\(encoded)")
            #expect(connected.headers[.location] == "http://localhost:3001/app/settings/integrations?slack=success")

            let status = try await h.send(.get, "/integrations/slack/status", authorization: auth)
            #expect(status.json["connected"] == true)
            #expect(status.json["team_name"] == "Test Team")
            let channels = try await h.send(.get, "/integrations/slack/channels", authorization: auth)
            #expect(channels.json["channels"]?.firstElement == ["id": "C0GENERAL", "name": "general", "is_private": false])

            #expect((try await h.send(.put, "/integrations/slack/channel", json: [:], authorization: auth)).json["error"] == "channelId is required")
            #expect(
                (try await h.send(.put, "/integrations/slack/channel", json: ["channelId": "C-1"], authorization: auth)).json["error"]
                    == "Invalid channelId format")
            #expect((try await h.send(.post, "/integrations/slack/test", authorization: auth)).status == .badRequest)
            let chosen = try await h.send(
                .put, "/integrations/slack/channel", json: ["channelId": "C0GENERAL", "channelName": "general"], authorization: auth)
            #expect(chosen.json == ["success": true, "channel_id": "C0GENERAL", "channel_name": "general"])
            #expect((try await h.send(.post, "/integrations/slack/test", authorization: auth)).json == ["success": true])
            #expect(slack.accepted.last?.json?["channel"] == "C0GENERAL")

            // The token is stored encrypted and never shown.
            let listed = try await h.send(.get, "/integrations", authorization: auth)
            #expect(!listed.json.jsonText.contains("xoxb-from-oauth"))

            #expect((try await h.send(.delete, "/integrations/slack", authorization: auth)).json == ["success": true])
            #expect((try await h.send(.get, "/integrations/slack/status", authorization: auth)).json == ["connected": false])
        }
    }

    @Test("interactivity requests need Slack's signature", arguments: [DatabaseDialect.sqlite])
    func interactivity(dialect: DatabaseDialect) async throws {
        let slack = try await ProtocolFake.start(.slack(token: "xoxb"))
        defer { Task { await slack.shutdown() } }
        try await AuthHarness.run(dialect, configure: Self.configure(slack)) { h in
            let body = "payload=%7B%22type%22%3A%22block_actions%22%7D"
            let timestamp = String(Int(Date().timeIntervalSince1970))
            let mac = HMAC<SHA256>.authenticationCode(
                for: Data("v0:\(timestamp):\(body)".utf8), using: SymmetricKey(data: Data(Self.signingSecret.utf8)))
            let signature = "v0=" + mac.map { String(format: "%02x", $0) }.joined()
            @Sendable func post(_ signature: String, _ timestamp: String) async throws -> HTTPResponse.Status {
                var headers = HTTPFields()
                headers[.contentType] = "application/x-www-form-urlencoded"
                headers[HTTPField.Name("X-Slack-Signature")!] = signature
                headers[HTTPField.Name("X-Slack-Request-Timestamp")!] = timestamp
                return try await h.client.execute(
                    uri: "/integrations/slack/interactions", method: .post, headers: headers, body: .init(string: body)
                ) { $0.status }
            }
            let valid = try await post(signature, timestamp)
            let forged = try await post("v0=" + String(repeating: "0", count: 64), timestamp)
            let stale = try await post(signature, String(Int(Date().timeIntervalSince1970) - 3600))
            #expect(valid == .ok)
            #expect(forged == .unauthorized)
            #expect(stale == .unauthorized)
        }
    }
}
