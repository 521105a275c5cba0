import Credentials
import Foundation
import Logging
import Persistence

/// The proofs that matter to users (SCHEMA.md §6 items 6 and 9): canary accounts log in with their v1
/// passwords, and v1 API tokens authenticate, through v2's own lookups (`users.find(email:)`,
/// `apiTokens.find(tokenHash:)`) and v2's `PasswordHasher` and `APITokenFormat`. Read only: nothing is
/// recorded, so the verifier can be run again.
struct FunctionalProofs {
    let target: PostgresLocation
    let canaries: FixtureCanaries
    let logger: Logger

    func run() async throws -> [CheckResult] {
        let canaries = self.canaries
        // The pool may be leased before its run loop starts (a harmless PostgresNIO warning); keep it quiet.
        var quiet = logger
        quiet.logLevel = .error
        let outcomes = try await DatabaseStores.withStore(.postgres(target), logger: quiet) { store in
            var logins: [String] = []
            var tokens: [String] = []
            let hasher = PasswordHasher()
            for login in canaries.logins {
                let user = try await store.withSession { try await $0.users.find(email: login.email) }
                var succeeded = false
                if let hash = user?.passwordHash { succeeded = try await hasher.verify(login.password, against: hash) }
                if succeeded != login.shouldSucceed {
                    logins.append("\(login.email) \(login.shouldSucceed ? "could not log in" : "logged in with a wrong password")")
                }
            }
            for token in canaries.tokens {
                let found = try await store.withSession { session -> (APIToken, User?)? in
                    guard let row = try await session.apiTokens.find(tokenHash: APITokenFormat.hash(token.token)) else { return nil }
                    return (row, try await session.users.find(id: row.userID))
                }
                // Bearer takes the API-token path only for 64 lowercase hex characters; ApiKey takes any string.
                let bearer = APITokenFormat.isRawToken(token.token)
                let succeeded = found.map { !$0.0.revoked && $0.1 != nil } ?? false
                if succeeded != token.shouldSucceed || (token.shouldSucceed && !bearer) {
                    tokens.append("token …\(token.token.suffix(6)) \(token.shouldSucceed ? "did not authenticate" : "authenticated though revoked")")
                }
            }
            return (logins, tokens)
        }
        return [
            CheckResult(
                section: "functional", name: "canary logins with v1 passwords",
                status: outcomes.0.isEmpty ? .pass : .fail,
                summary:
                    "\(canaries.logins.count - outcomes.0.count) of \(canaries.logins.count) attempts as expected (incl. other letter case and a wrong password)",
                counts: ["attempts": canaries.logins.count, "unexpected": outcomes.0.count], firstDifferences: outcomes.0),
            CheckResult(
                section: "functional", name: "v1 API tokens authenticate (Bearer and ApiKey)",
                status: outcomes.1.isEmpty ? .pass : .fail,
                summary: "\(canaries.tokens.count - outcomes.1.count) of \(canaries.tokens.count) tokens as expected (revoked ones refused)",
                counts: ["tokens": canaries.tokens.count, "unexpected": outcomes.1.count], firstDifferences: outcomes.1),
        ]
    }
}
