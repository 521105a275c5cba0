import DataMigration
import EventDispatch
import Foundation
import Testing

/// The key `migrate` seals Slack tokens with is the server's `AGENTPLANNER_SECRETS_KEY`, derived the same way.
@Suite("The v2 secrets key", .serialized)
struct SecretKeyTests {
    @Test("the server opens every Slack token the run re-encrypted, and they are v1's tokens")
    func serverOpensMigratedTokens() async throws {
        try await MigrationHarness.run { h in
            _ = try await h.migrate()
            let key = try #require(MigrationHarness.keys.v2SecretKey)
            let server = SecretBox(secretsKey: key, legacySlackKey: nil)
            let v1 = SecretBox(secretsKey: key, legacySlackKey: FixtureBuilder.slackEncryptionKey)
            let sealed = try await h.scalar(
                on: h.target, "SELECT string_agg(id::text || ' ' || secret, E'\\n' ORDER BY id) FROM messaging_integrations WHERE adapter = 'slack'")
            let original = try await h.scalar(
                on: h.source, "SELECT string_agg(id::text || ' ' || bot_token, E'\\n' ORDER BY id) FROM slack_integrations")
            func pairs(_ text: String?) -> [(String, String)] {
                (text ?? "").split(separator: "\n").map { line in
                    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                    return (parts[0], parts.count > 1 ? parts[1] : "")
                }
            }
            let migrated = pairs(sealed)
            let tokens = pairs(original)
            #expect(migrated.count == 2 && migrated.map(\.0) == tokens.map(\.0))
            for ((id, secret), (_, token)) in zip(migrated, tokens) {
                #expect(secret.hasPrefix("v2:"), "\(id)")
                #expect(try server.open(secret) == (try v1.open(token)), "\(id)")
            }
        }
    }

    @Test("a base64 key of 32 bytes and a text key seal what the server's box opens")
    func sameDerivation() throws {
        for key in [Data((0..<32).map { UInt8($0) }).base64EncodedString(), "a-text-key-of-more-than-32-characters"] {
            let sealed = try #require(V2SecretBox(secretKey: key)).seal("xoxb-token")
            #expect(try SecretBox(secretsKey: key, legacySlackKey: nil).open(sealed) == "xoxb-token")
        }
    }

    @Test("the key comes from the option, else the server's variable; a short or conflicting one is refused")
    func resolution() throws {
        let long = "k-0123456789abcdef0123456789abcdef"
        #expect(try SecretKeys.v2Key(explicit: nil, environment: ["AGENTPLANNER_SECRETS_KEY": long]) == long)
        #expect(try SecretKeys.v2Key(explicit: nil, environment: ["AGENTPLANNER_SECRET_KEY": long]) == long)
        #expect(try SecretKeys.v2Key(explicit: long + "x", environment: ["AGENTPLANNER_SECRETS_KEY": long]) == long + "x")
        #expect(try SecretKeys.v2Key(explicit: nil, environment: [:]) == nil)
        #expect(throws: MigrationFailure.self) { try SecretKeys.v2Key(explicit: "night-secret", environment: [:]) }
        #expect(throws: MigrationFailure.self) {
            try SecretKeys.v2Key(explicit: nil, environment: ["AGENTPLANNER_SECRETS_KEY": long, "AGENTPLANNER_SECRET_KEY": long + "y"])
        }
    }
}
