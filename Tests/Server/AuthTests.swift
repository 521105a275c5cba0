import AgentPlannerCore
import Credentials
import Foundation
import HTTPTypes
import Hummingbird
import JWTKit
import Persistence
import ReferenceServer
import TestSupport
import Testing

@Suite("Auth")
struct AuthTests {
    /// Made by libxcrypt (Python's `crypt`), not by the bcrypt this server links: the password is
    /// "Supabase-era password 1", the salt fixed. Supabase stored the `$2a$10$` form.
    static let foreignHashes = [
        "$2a$10$Ue7tHqdNkpe8dUl0mKAr9.tB12YVcyh.7UF5Ochh9Ac6un40Wm38i",
        "$2b$10$Ue7tHqdNkpe8dUl0mKAr9.tB12YVcyh.7UF5Ochh9Ac6un40Wm38i",
        "$2y$10$Ue7tHqdNkpe8dUl0mKAr9.tB12YVcyh.7UF5Ochh9Ac6un40Wm38i",
    ]

    @Test("a user whose row holds a bcrypt hash made elsewhere logs in with that password", arguments: foreignHashes)
    func foreignBcryptHash(hash: String) async throws {
        try await AuthHarness.run(.sqlite) { harness in
            // setup: a migrated v1 user, as the data migration writes it
            try await harness.withStore { store in
                _ = try await store.withSession { session in
                    try await session.users.create(
                        NewUser(email: "migrated@example.com", name: "Migrated", passwordHash: hash, emailConfirmedAt: Date()))
                }
            }
            // act
            let good = try await harness.send(.post, "/auth/login", json: ["email": "Migrated@Example.com", "password": "Supabase-era password 1"])
            let bad = try await harness.send(.post, "/auth/login", json: ["email": "migrated@example.com", "password": "Supabase-era password 2"])
            // assert
            #expect(good.status == .ok)
            #expect(good.json["user"]?["email"] == "migrated@example.com")
            #expect(bad.status == .unauthorized)
            #expect(bad.json["code"] == "INVALID_CREDENTIALS")
        }
    }

    @Test("a GitHub-only user (no password hash) gets v1's 401 on password login")
    func githubOnlyUser() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            try await harness.withStore { store in
                _ = try await store.withSession { try await $0.users.create(NewUser(email: "gh@example.com", githubID: "42")) }
            }
            let answer = try await harness.send(.post, "/auth/login", json: ["email": "gh@example.com", "password": "anything-1"])
            #expect(answer.status == .unauthorized)
            #expect(answer.json["code"] == "INVALID_CREDENTIALS")
        }
    }

    @Test("new passwords are stored as cost-10 bcrypt by default")
    func newHashCost() async throws {
        try await AuthHarness.run(.sqlite, configure: { $0.auth.bcryptCost = 10 }) { harness in
            let (id, _, _) = try await harness.register("cost@example.com")
            let hash = try await harness.withStore { store in
                try await store.withSession { try await $0.users.find(id: UUID(uuidString: id)!) }?.passwordHash
            }
            #expect(hash?.hasPrefix("$2b$10$") == true)
            #expect(hash.map(PasswordHasher.isBcrypt) == true)
        }
    }

    @Test("expired, foreign-issuer, wrong-audience tokens and deleted users are refused", arguments: DatabaseDialect.allCases)
    func tokenChecks(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            // setup
            let (id, access, _) = try await harness.register("checks@example.com")
            let userID = try #require(UUID(uuidString: id))
            let family = UUID()
            var otherIssuer = AuthSettings()
            otherIssuer.issuer = "someone-else"
            let expired = try await AccessTokenService(secret: AuthHarness.secret, settings: AuthSettings())
                .issue(
                    userID: userID, email: "checks@example.com", name: nil, provider: "email", family: family,
                    now: Date().addingTimeInterval(-7200)
                ).token
            let foreign = try await AccessTokenService(secret: AuthHarness.secret, settings: otherIssuer)
                .issue(userID: userID, email: "checks@example.com", name: nil, provider: "email", family: family).token
            let wrongAudience = try await Self.sign(
                [
                    "sub": .string(id), "aud": "anon", "iss": "agentplanner", "exp": .number(Date().timeIntervalSince1970 + 600),
                    "iat": .number(Date().timeIntervalSince1970), "session_id": .string(family.uuidString),
                ])
            // act / assert
            #expect(try await harness.send(.get, "/auth/profile", authorization: "Bearer \(access)").status == .ok)
            for token in [expired, foreign, wrongAudience] {
                let answer = try await harness.send(.get, "/auth/profile", authorization: "Bearer \(token)")
                #expect(answer.status == .unauthorized)
                #expect(answer.json["error"] == "Invalid session token")
            }
            try await harness.withStore { store in
                try await store.withSession { try await $0.sql.raw("DELETE FROM users").run() }
            }
            let deleted = try await harness.send(.get, "/auth/profile", authorization: "Bearer \(access)")
            #expect(deleted.status == .unauthorized)
            #expect(deleted.json["error"] == "Invalid session token")
        }
    }

    static func sign(_ claims: JSONValue) async throws -> String {
        struct Raw: JWTPayload {
            let claims: JSONValue
            func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
            init(claims: JSONValue) { self.claims = claims }
            init(from decoder: any Decoder) throws { claims = try JSONValue(from: decoder) }
            func verify(using algorithm: some JWTAlgorithm) throws {}
        }
        let keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: AuthHarness.secret), digestAlgorithm: .sha256)
        return try await keys.sign(Raw(claims: claims))
    }

    @Test("Supabase-issued tokens pass only with the cut-over grace configured")
    func supabaseGrace() async throws {
        let supabaseSecret = "supabase-legacy-secret-0123456789-0123"
        let issuer = "https://project.supabase.co/auth/v1"
        for graceOn in [true, false] {
            try await AuthHarness.run(
                .sqlite,
                configure: { configuration in
                    if graceOn {
                        configuration.auth.supabaseJWTSecret = supabaseSecret
                        configuration.auth.supabaseJWTIssuer = issuer
                    }
                }
            ) { harness in
                let (id, _, _) = try await harness.register("legacy@example.com")
                var settings = AuthSettings()
                settings.issuer = issuer
                let supabaseToken = try await AccessTokenService(secret: supabaseSecret, settings: settings)
                    .issue(userID: UUID(uuidString: id)!, email: "legacy@example.com", name: nil, provider: "email", family: UUID())
                    .token
                let answer = try await harness.send(.get, "/auth/profile", authorization: "Bearer \(supabaseToken)")
                #expect(answer.status == (graceOn ? .ok : .unauthorized), "grace \(graceOn)")
            }
        }
    }

    @Test("email confirmation on: no session at register, EMAIL_NOT_CONFIRMED, then the mailed link confirms")
    func emailConfirmation() async throws {
        try await AuthHarness.run(.sqlite, configure: { $0.auth.requireEmailConfirmation = true }) { harness in
            // act
            let registered = try await harness.send(.post, "/auth/register", json: ["email": "c@example.com", "password": "long-enough-1"])
            let early = try await harness.send(.post, "/auth/login", json: ["email": "c@example.com", "password": "long-enough-1"])
            let mail = try #require(harness.mailer.sent.last)
            let token = try #require(mail.link.split(separator: "token=").last.map(String.init))
            let verified = try await harness.send(.post, "/auth/verify-email", json: ["token": .string(token)])
            let later = try await harness.send(.post, "/auth/login", json: ["email": "c@example.com", "password": "long-enough-1"])
            let again = try await harness.send(.post, "/auth/register", json: ["email": "c@example.com", "password": "long-enough-1"])
            // assert
            #expect(registered.status == .created && registered.json["session"] == .null)
            #expect(early.status == .unauthorized && early.json["code"] == "EMAIL_NOT_CONFIRMED" && early.json["email"] == "c@example.com")
            #expect(mail.to == "c@example.com")
            #expect(verified.status == .ok && verified.json["user"]?["email_verified"] == true)
            #expect(later.status == .ok && later.json["user"]?["email_verified"] == true)
            #expect(again.status == .created, "an existing email is not revealed while confirmation is on")
        }
    }

    @Test("password reset: the mailed token works once, and ends existing sessions", arguments: DatabaseDialect.allCases)
    func passwordReset(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            let (_, access, _) = try await harness.register("r@example.com")
            _ = try await harness.send(.post, "/auth/forgot-password", json: ["email": "r@example.com"])
            _ = try await harness.send(.post, "/auth/forgot-password", json: ["email": "nobody@example.com"])
            #expect(harness.mailer.sent.count == 1, "no mail for unknown addresses")
            let token = try #require(harness.mailer.sent.last?.link.split(separator: "token=").last.map(String.init))
            let reset = try await harness.send(.post, "/auth/reset-password", json: ["token": .string(token), "password": "brand-new-pass-1"])
            let reused = try await harness.send(.post, "/auth/reset-password", json: ["token": .string(token), "password": "other-new-pass-1"])
            let login = try await harness.send(.post, "/auth/login", json: ["email": "r@example.com", "password": "brand-new-pass-1"])
            let oldSession = try await harness.send(.get, "/auth/profile", authorization: "Bearer \(access)")
            #expect(reset.status == .ok)
            #expect(reused.status == .badRequest && reused.json["error"] == "Invalid or expired reset token")
            #expect(login.status == .ok)
            #expect(oldSession.status == .unauthorized)
        }
    }

    @Test("bad input: wrong types, a huge password, a huge body, invalid JSON never give a 500")
    func badInput() async throws {
        try await AuthHarness.run(.sqlite) { harness in
            let huge = String(repeating: "p", count: 90_000)
            let answers = [
                try await harness.send(.post, "/auth/register", json: ["email": ["a"], "password": "long-enough-1"]),
                try await harness.send(.post, "/auth/register", json: ["email": "h@example.com", "password": .string(huge)]),
                try await harness.send(.post, "/auth/login", json: ["email": "h@example.com", "password": .string(huge + huge)]),
                try await harness.send(.post, "/auth/register", json: ["email": "not-an-email", "password": "long-enough-1"]),
            ]
            #expect(answers.map { Int($0.status.code) } == [400, 400, 413, 400])
            #expect(answers[3].json["error"] != nil)
        }
    }

    @Test("rate limits: v1's 429 body and headers, counted once per request, /health free")
    func rateLimits() async throws {
        try await AuthHarness.run(
            .sqlite,
            configure: { configuration in
                configuration.rateLimits.enabled = true
                configuration.rateLimits.auth.maximum = 3
                configuration.rateLimits.general.maximum = 5
            }
        ) { harness in
            var statuses: [Int] = []
            for _ in 0..<4 {
                statuses.append(Int(try await harness.send(.post, "/auth/login", json: [:]).status.code))
            }
            let limited = try await harness.send(.post, "/auth/login", json: [:])
            for _ in 0..<10 { #expect(try await harness.send(.get, "/health").status == .ok) }
            var general: [Int] = []
            for _ in 0..<6 { general.append(Int(try await harness.send(.get, "/").status.code)) }
            #expect(statuses == [400, 400, 400, 429])
            #expect(limited.json["error"] == "Too many requests")
            #expect(limited.json["type"] == "auth")
            #expect(limited.json["message"] == "You have exceeded the auth rate limit. Please try again later.")
            #expect(limited.json["retryAfter"]?.stringValue.flatMap(Int.init) != nil)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.headers[HTTPField.Name("RateLimit-Limit")!] == "3")
            #expect(general == [200, 200, 200, 200, 200, 429], "the general limit counts each request once")
        }
    }

    @Test("API tokens: last_used is recorded after use", arguments: DatabaseDialect.allCases)
    func lastUsed(dialect: DatabaseDialect) async throws {
        try await AuthHarness.run(dialect) { harness in
            let (_, access, _) = try await harness.register("t@example.com")
            let created = try await harness.send(.post, "/auth/token", json: ["name": "agent"], authorization: "Bearer \(access)")
            let raw = try #require(created.json["token"]?.stringValue)
            #expect(try await harness.send(.get, "/auth/profile", authorization: "ApiKey \(raw)").status == .ok)
            var lastUsed: JSONValue = .null
            for _ in 0..<50 where lastUsed == .null {
                try await Task.sleep(for: .milliseconds(20))
                lastUsed = try await harness.send(.get, "/auth/token", authorization: "Bearer \(access)").json[0]?["last_used"] ?? .null
            }
            #expect(lastUsed.stringValue.flatMap(TimestampFormat.parse) != nil)
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
