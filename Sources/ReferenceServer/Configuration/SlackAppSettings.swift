/// The Slack app behind `/integrations/slack/*` (ROUTES.md §4.17). The API base URL is the dispatch engine's
/// (`SLACK_API_BASE_URL`), so tests point OAuth and posting at one local Slack fake.
public struct SlackAppSettings: Sendable {
    public var clientID: String?
    public var clientSecret: String?
    /// Signs the OAuth `state` (v1: `SLACK_STATE_SECRET`, else the JWT secret).
    public var stateSecret: String?
    /// Verifies inbound interactivity requests (`SLACK_SIGNING_SECRET`).
    public var signingSecret: String?
    public var authorizeURL = "https://slack.com/oauth/v2/authorize"
    /// This API's public base URL for the OAuth redirect (`API_BASE_URL`; else the request's host).
    public var apiBaseURL: String?

    public var isConfigured: Bool { clientID != nil }

    public init() {}
}
