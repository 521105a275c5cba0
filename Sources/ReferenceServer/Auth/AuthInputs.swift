import AgentPlannerCore
import Foundation

/// The bodies of `/auth` (ROUTES.md §4.1), read by hand as v1 did (`if (!email || !password)`), with v1's messages.
enum AuthInput {
    /// `POST /auth/register`, `POST /auth/login`: `{email, password}`; registration also reads `name` and
    /// `organization`.
    struct Credentials: APIInput {
        let email: String
        let password: String
        let name: String?
        let organization: String?

        init(validating body: inout BodyValidator) throws {
            try self.init(validating: &body, profile: true)
        }

        init(validating body: inout BodyValidator, profile: Bool) throws {
            if profile {
                for key in ["name", "organization"] { body.describe(key, JSONSchema.nullable(JSONSchema.type("string"))) }
            }
            (email, password) = try body.requiredPair("email", "password", "Email and password are required")
            name = profile ? try body.text("name") : nil
            organization = profile ? try body.text("organization") : nil
        }
    }

    /// `POST /auth/login`.
    struct Login: APIInput {
        let credentials: Credentials
        init(validating body: inout BodyValidator) throws {
            credentials = try Credentials(validating: &body, profile: false)
        }
    }

    /// `POST /auth/reset-password`: `{token, password}`.
    struct Reset: APIInput {
        let token: String
        let password: String
        init(validating body: inout BodyValidator) throws {
            (token, password) = try body.requiredPair("token", "password", "Token and new password are required")
        }
    }

    /// `POST /auth/change-password`: `{currentPassword, newPassword}`.
    struct PasswordChange: APIInput {
        let current: String
        let new: String
        init(validating body: inout BodyValidator) throws {
            (current, new) = try body.requiredPair("currentPassword", "newPassword", "Current password and new password are required")
        }
    }

    /// `PUT /auth/profile`: `undefined keeps old value`; each key present is a string or null.
    struct ProfileChanges: APIInput {
        let changes: AccountService.ProfileChanges
        init(validating body: inout BodyValidator) throws {
            var changes = AccountService.ProfileChanges()
            for key in ["name", "organization", "avatar_url"] {
                body.describe(key, JSONSchema.nullable(JSONSchema.type("string")))
                switch body.fields[key] {
                case nil: continue
                case .string?, .null?: changes.fields[key] = body.fields[key] ?? .null
                default: throw APIError(.badRequest, "\(key) must be a string")
                }
            }
            self.changes = changes
        }
    }
}
