import AgentPlannerCore
import Foundation
import Synchronization

/// The four protocol fakes behind one HTTP port, for the contract harness: a deployment under test is told one
/// address (`--sink-host`) and reaches every service through it, by path:
///
/// | path prefix   | service                                  | what points at it                       |
/// |---------------|------------------------------------------|-----------------------------------------|
/// | `/webhook/…`  | a webhook receiver (signature verified)  | the integration's `config.url`          |
/// | `/slack/api/…`| Slack's Web API (`chat.postMessage`, …)  | the deployment's `SLACK_API_BASE_URL`   |
/// | `/discord/api/…` | Discord's webhook execute             | the deployment's `DISCORD_API_BASE_URL` |
/// | `/openclaw/…` | an OpenClaw gateway's hooks endpoint     | the integration's `config.url`          |
/// | `/github/…`   | GitHub's OAuth code exchange and `/user` | the server's GitHub sign-in settings    |
///
/// Each run gets fresh credentials (webhook signing secret, Slack bot token, OpenClaw token), so a request
/// signed or authorised with anything else is refused as the real service would.
public final class SideEffectSink: Sendable {
    public let webhook: ProtocolFake
    public let slack: ProtocolFake
    public let discord: ProtocolFake
    public let openclaw: ProtocolFake
    public let webhookSecret: String
    public let slackToken: String
    public let openclawToken: String
    /// GitHub sign-in against the sink (`githubBaseURL`), with this run's OAuth app credentials; nil when the
    /// sink was started without an app (`GitHubApp.none`), and then its `/github/…` paths answer 404.
    public let github: GitHubOAuthFake?
    /// `http://<advertised host>:<port>`: how the deployment reaches the sink.
    public let baseURL: String
    /// The sink's further ports (`extraPorts`): each serves every path, so each service can be given its own
    /// host:port (its own connection pool in the sender, as distinct real services have).
    public let extraBaseURLs: [String]
    private let server: FakeHTTPServer
    private let extraServers: [FakeHTTPServer]
    /// Whether `/_sink/…` answers (the standalone `agentplanner sink`; see `SinkControl.swift`).
    let controlEnabled: Bool
    let control = Mutex(SinkControlState())

    /// The credentials a sink accepts; nil fields are generated afresh.
    public struct Credentials: Sendable {
        public var webhookSecret: String?
        public var slackToken: String?
        public var openclawToken: String?

        public init(webhookSecret: String? = nil, slackToken: String? = nil, openclawToken: String? = nil) {
            self.webhookSecret = webhookSecret
            self.slackToken = slackToken
            self.openclawToken = openclawToken
        }
    }

    /// The OAuth app the sink's fake GitHub accepts.
    public enum GitHubApp: Sendable {
        /// Fresh credentials, for a server this process configures itself (the in-process harness).
        case random
        /// The credentials a deployment was started with (`GITHUB_CLIENT_ID`, `GITHUB_CLIENT_SECRET`).
        case given(clientID: String, clientSecret: String)
        /// No fake GitHub: GitHub sign-in cannot be checked through this sink.
        case none
    }

    /// Listens on `bindHost:port` (port 0: a free one) and advertises `advertisedHost` (default: `bindHost`);
    /// `extraPorts` more free ports serve the same paths; `control` enables the `/_sink/…` control routes.
    public static func start(
        bindHost: String = "127.0.0.1", advertisedHost: String? = nil, port: Int = 0, credentials: Credentials = Credentials(),
        githubApp: GitHubApp = .random, extraPorts: Int = 0, control: Bool = false
    ) async throws -> SideEffectSink {
        let box = SinkBox()
        let handler: @Sendable (FakeRequest) async -> FakeAction = { request in
            guard let sink = box.sink else { return .json(503, "{}") }
            return await sink.route(request)
        }
        let server = try await FakeHTTPServer.start(host: bindHost, port: port, handler)
        var extra: [FakeHTTPServer] = []
        for _ in 0..<max(0, extraPorts) { extra.append(try await FakeHTTPServer.start(host: bindHost, port: 0, handler)) }
        let sink = SideEffectSink(
            server: server, extra: extra, host: advertisedHost ?? bindHost, credentials: credentials, githubApp: githubApp,
            control: control)
        box.sink = sink
        return sink
    }

    private init(
        server: FakeHTTPServer, extra: [FakeHTTPServer], host: String, credentials: Credentials, githubApp: GitHubApp,
        control: Bool
    ) {
        self.server = server
        self.extraServers = extra
        self.controlEnabled = control
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        baseURL = "http://\(bracketed):\(server.port)"
        extraBaseURLs = extra.map { "http://\(bracketed):\($0.port)" }
        webhookSecret = credentials.webhookSecret ?? "whsec-" + Self.randomHex(16)
        slackToken = credentials.slackToken ?? "xoxb-" + Self.randomHex(12)
        openclawToken = credentials.openclawToken ?? "oc-" + Self.randomHex(12)
        switch githubApp {
        case .random: github = GitHubOAuthFake(clientID: "Iv1." + Self.randomHex(8), clientSecret: Self.randomHex(20))
        case .given(let clientID, let clientSecret): github = GitHubOAuthFake(clientID: clientID, clientSecret: clientSecret)
        case .none: github = nil
        }
        webhook = .mounted(.webhook(secret: webhookSecret), baseURL: baseURL + "/webhook")
        slack = .mounted(.slack(token: slackToken), baseURL: baseURL + "/slack")
        discord = .mounted(.discord, baseURL: baseURL + "/discord")
        openclaw = .mounted(.openclaw(token: openclawToken), baseURL: baseURL + "/openclaw")
    }

    public var port: Int { server.port }
    /// What the deployment's `SLACK_API_BASE_URL` must be for Slack side effects to reach the sink.
    public var slackAPIBaseURL: String { baseURL + "/slack/api" }
    /// Where the server's GitHub sign-in must point: token URL `<this>/login/oauth/access_token`, API `<this>`.
    public var githubBaseURL: String { baseURL + "/github" }
    /// The deployment's GitHub sign-in settings that send its OAuth calls to this sink (empty without an app).
    public var githubSettings: [(name: String, value: String)] {
        guard let github else { return [] }
        return [
            ("GITHUB_CLIENT_ID", github.clientID), ("GITHUB_CLIENT_SECRET", github.clientSecret),
            ("GITHUB_AUTHORIZE_URL", githubBaseURL + "/login/oauth/authorize"),
            ("GITHUB_TOKEN_URL", githubBaseURL + "/login/oauth/access_token"), ("GITHUB_API_URL", githubBaseURL),
        ]
    }
    /// What the deployment's `DISCORD_API_BASE_URL` must be.
    public var discordAPIBaseURL: String { baseURL + "/discord/api" }

    /// The fake serving `name` (`webhook`, `slack`, `discord`, `openclaw`).
    public func fake(named name: String) -> ProtocolFake? {
        switch name {
        case "webhook": webhook
        case "slack": slack
        case "discord": discord
        case "openclaw": openclaw
        default: nil
        }
    }

    /// The four fakes.
    public var all: [ProtocolFake] { [webhook, slack, discord, openclaw] }

    public func shutdown() async {
        await server.shutdown()
        for extra in extraServers { await extra.shutdown() }
    }

    private func route(_ request: FakeRequest) async -> FakeAction {
        let trimmed = request.uri.drop { $0 == "/" }
        let name = String(trimmed.prefix { $0 != "/" && $0 != "?" })
        if controlEnabled, name == "_sink" { return await controlRoute(request) }
        if name == "github" {
            guard let github else { return .json(404, #"{"message":"Not Found"}"#) }
            var inner = request
            inner.uri = String(trimmed.dropFirst(name.count))
            return github.handle(inner)
        }
        if let outage = outageAnswer() { return outage }
        guard let fake = fake(named: name) else { return .json(404, #"{"error":"no such sink service"}"#) }
        var inner = request
        inner.uri = String(trimmed.dropFirst(name.count))
        if !inner.uri.hasPrefix("/") { inner.uri = "/" + inner.uri }
        return await fake.handle(inner)
    }

    private static func randomHex(_ bytes: Int) -> String {
        Hex.encode((0..<bytes).map { _ in UInt8.random(in: 0...255) })
    }
}

/// Lets the request handler reach the sink created after its server.
private final class SinkBox: Sendable {
    private let stored = Mutex<SideEffectSink?>(nil)
    var sink: SideEffectSink? {
        get { stored.withLock { $0 } }
        set { stored.withLock { $0 = newValue } }
    }
}
