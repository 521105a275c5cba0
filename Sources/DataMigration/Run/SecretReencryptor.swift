import Credentials

/// Moves Slack bot tokens from v1's encryption to v2's (D6): decrypt under the v1 key rule, seal under the
/// v2 key, write into `messaging_integrations.secret`. Rows are few; read in key order all the same.
struct SecretReencryptor {
    let target: PGLink
    let v1: V1SlackCipher
    let v2: V2SecretBox

    func run() async throws -> Int {
        let stage = StageCopier.stageName("public.slack_integrations")
        var last = "00000000-0000-0000-0000-000000000000"
        var done = 0
        while true {
            let rows = try await target.rows(
                "SELECT id::text, bot_token FROM \(stage) WHERE id > $1::uuid ORDER BY id LIMIT 500", [last])
            guard !rows.isEmpty else { break }
            for row in rows {
                guard let id = row[0], let stored = row[1] else { continue }
                let plaintext: String
                do {
                    plaintext = try v1.decrypt(stored)
                } catch {
                    throw MigrationFailure(
                        "the Slack bot token of integration \(id) does not decrypt under the v1 key given "
                            + "(--v1-slack-key / --v1-jwt-secret)")
                }
                try await target.execute(
                    "UPDATE public.messaging_integrations SET secret = $2 WHERE id = $1::uuid", [id, try v2.seal(plaintext)])
                done += 1
                last = id
            }
        }
        return done
    }
}

/// The keys for re-encrypting integration secrets.
public struct SecretKeys: Sendable {
    public var v1SlackEncryptionKey: String?
    public var v1JWTSecret: String?
    public var v2SecretKey: String?

    public init(v1SlackEncryptionKey: String? = nil, v1JWTSecret: String? = nil, v2SecretKey: String? = nil) {
        self.v1SlackEncryptionKey = v1SlackEncryptionKey
        self.v1JWTSecret = v1JWTSecret
        self.v2SecretKey = v2SecretKey
    }

    /// The v2 key: `explicit` (`--v2-secret-key`), else the server's `AGENTPLANNER_SECRETS_KEY`, else
    /// `AGENTPLANNER_SECRET_KEY` (the name `migrate` read before; refused when it differs from the server's). It
    /// must be a key the server accepts, or the server could not start with the key that opens these secrets.
    public static func v2Key(explicit: String?, environment: [String: String]) throws(MigrationFailure) -> String? {
        let server = environment[SecretsKey.environmentName].flatMap { $0.isEmpty ? nil : $0 }
        let older = environment["AGENTPLANNER_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if explicit == nil, let server, let older, server != older {
            throw MigrationFailure(
                "\(SecretsKey.environmentName) and AGENTPLANNER_SECRET_KEY are both set and differ: unset AGENTPLANNER_SECRET_KEY (the server reads \(SecretsKey.environmentName))"
            )
        }
        guard let key = explicit ?? server ?? older else { return nil }
        if let problem = SecretsKey.problem(with: key) {
            throw MigrationFailure(
                "the v2 secret key \(problem): it is the server's \(SecretsKey.environmentName), which the server refuses otherwise")
        }
        return key
    }

    var v1: V1SlackCipher? { V1SlackCipher(slackEncryptionKey: v1SlackEncryptionKey, jwtSecret: v1JWTSecret) }
    var v2: V2SecretBox? { V2SecretBox(secretKey: v2SecretKey) }
}
