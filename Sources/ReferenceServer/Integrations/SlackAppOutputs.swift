import AgentPlannerCore
import Foundation
import Persistence

/// The answers of v1's `/integrations/slack/*`, each written and described by one list.
enum SlackAppOutput {
    /// `GET /integrations/slack/status`: `{connected: false}`, or the team and channel of the active install.
    struct Status: ShapedOutput {
        let integration: MessagingIntegration?
        static let shape = ObjectShape<Status>([
            .flag("connected") { $0.integration != nil }, stored("team_name"), stored("channel_id"), stored("channel_name"),
            .optional("installed_at", JSONSchema.type("string")) { $0.integration.map { .string(TimestampFormat.api($0.createdAt)) } },
        ])
        /// A value of the install's config, when connected (null when the config lacks it).
        private static func stored(_ key: String) -> OutputField<Status> {
            .optional(key, JSONSchema.freeForm("from the Slack install")) { $0.integration.map { $0.config[key] ?? .null } }
        }
    }

    /// `GET /integrations/slack/install`: where to send the user to install the app.
    struct Install: ShapedOutput {
        let url: String
        static let shape = ObjectShape<Install>([.text("url") { $0.url }])
    }

    /// `GET /integrations/slack/channels`: the channels as Slack listed them.
    struct Channels: ShapedOutput {
        let channels: [JSONValue]
        static let shape = ObjectShape<Channels>([
            .value("channels", JSONSchema.array(JSONSchema.freeForm("a channel as Slack gave it"))) { .array($0.channels) }
        ])
    }

    /// `PUT /integrations/slack/channel`: `{channelId, channelName?}`; a name that is not a string is no name.
    struct ChannelInput: APIInput {
        static let pattern = "^[A-Za-z0-9]{1,20}$"
        let id: String
        let name: String?

        init(validating body: inout BodyValidator) throws {
            body.describe("channelId", ["type": "string", "pattern": .string(Self.pattern)], required: true)
            body.describe("channelName", JSONSchema.nullable(JSONSchema.type("string")))
            let fields = RequestJSON(fields: body.fields)
            guard let id = try? fields.string("channelId") else { throw APIError(.badRequest, "channelId is required") }
            guard id.range(of: Self.pattern, options: .regularExpression) != nil else {
                throw APIError(.badRequest, "Invalid channelId format")
            }
            self.id = id
            name = (try? fields.string("channelName")) ?? nil
        }
    }

    /// `PUT /integrations/slack/channel`.
    struct ChannelSet: ShapedOutput {
        let id: String
        let name: String?
        static let shape = ObjectShape<ChannelSet>([
            .flag("success") { _ in true }, .text("channel_id") { $0.id }, .optionalText("channel_name") { $0.name },
        ])
    }
}
