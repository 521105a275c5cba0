import AgentPlannerCore
import Foundation
import Persistence

/// The answers of `/auth` (ROUTES.md §4.1), in v1's shapes (`AuthJSON`).
enum AuthOutput {
    /// `POST /auth/register`, `POST /auth/login` and GitHub's JSON callback: the user and a Supabase session.
    struct SignedIn: ShapedOutput {
        let user: User
        /// Overrides the stored flag (a new account is not verified yet).
        var verified: Bool?
        /// nil when registration waits for a confirmed email.
        let grant: AuthService.Grant?
        /// v1's register and login said which invitations they converted (always none); its GitHub callback did not.
        var listsInvites = true

        static let shape = ObjectShape<SignedIn>([
            .object("user", AuthJSON.userSummary) { (user: $0.user, verified: $0.verified) },
            .value("session", JSONSchema.nullable(AuthJSON.session.schema)) { $0.grant.map(AuthJSON.session.json) ?? .null },
            .optional("converted_invites", JSONSchema.array(JSONSchema.freeForm("always empty"))) {
                $0.listsInvites ? JSONValue.array([]) : JSONValue?.none
            },
        ])
    }

    /// `POST /auth/refresh`.
    struct Refreshed: ShapedOutput {
        let grant: AuthService.Grant
        static let shape = ObjectShape<Refreshed>([
            .text("access_token") { $0.grant.accessToken }, .text("refresh_token") { $0.grant.refreshToken },
            AuthJSON.expiresAt { $0.grant.expiresAt },
        ])
    }

    /// `POST /auth/verify-email`.
    struct Verified: ShapedOutput {
        let user: User
        static let shape = ObjectShape<Verified>([
            .text("message") { _ in "Email has been successfully verified" },
            .object("user", verifiedUser) { $0.user },
        ])
        private static let verifiedUser = ObjectShape<User>([
            .id("id") { $0.id }, .text("email") { $0.email }, .flag("email_verified") { _ in true },
        ])
    }
}
