/// GitHub sign-in (DECISIONS.md §D3). Every URL is configuration, so tests point them at a local server that
/// speaks GitHub's protocol.
public struct GitHubSettings: Sendable {
    public var clientID: String?
    public var clientSecret: String?
    public var authorizeURL = "https://github.com/login/oauth/authorize"
    public var tokenURL = "https://github.com/login/oauth/access_token"
    public var apiURL = "https://api.github.com"
    /// The redirect URI registered with the GitHub OAuth app; defaults to this server's callback.
    public var callbackURL: String?

    public var isConfigured: Bool { clientID != nil && clientSecret != nil }

    public init() {}
}
