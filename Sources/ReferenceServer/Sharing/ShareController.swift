import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// Sharing by email and the invitation routes (ROUTES.md §4.16), mounted under `/plans` and `/invites`.
///
/// v2 drops pending invitations (DECISIONS.md §D2): an email of a registered user adds them as a collaborator
/// as in v1; an unknown email is answered 404 naming the change, and the invitation routes answer as for an
/// invitation that does not exist.
struct ShareController {
    let sharing: SharingService

    static let noInvitation = APIError(.notFound, "Invalid or expired invitation")

    /// `POST …/:id/share`: `{email, role?}` (role viewer by default).
    struct Input: APIInput {
        static let roles = ["viewer", "editor", "admin"]
        let email: String
        let role: String

        init(validating body: inout BodyValidator) throws {
            body.describe("email", ["type": "string", "pattern": "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$"], required: true)
            body.describe("role", JSONSchema.nullable(JSONSchema.oneOf(Self.roles)))
            guard case .string(let email)? = body.fields["email"], email.wholeMatch(of: /[^\s@]+@[^\s@]+\.[^\s@]+/) != nil
            else { throw APIError(.badRequest, "Valid email address required") }
            self.email = email
            switch body.fields["role"] {
            case nil, .null?: role = "viewer"
            case .string(let value)? where Self.roles.contains(value): role = value
            default: throw APIError(.badRequest, "Role must be viewer, editor, or admin")
            }
        }
    }

    /// `POST …/:id/share`: the registered user added as a collaborator.
    struct Shared: ShapedOutput {
        let invitee: User
        let role: String
        static let shape = ObjectShape<Shared>([
            .flag("success") { _ in true }, .constant("message", "User added as collaborator"), .constant("type", "existing_user"),
            .object("collaborator", collaborator) { $0 },
        ])
        private static let collaborator = ObjectShape<Shared>([
            .id("user_id") { $0.invitee.id }, .text("email") { $0.invitee.email },
            .value("role", JSONSchema.oneOf(Input.roles)) { .string($0.role) },
        ])
    }

    /// `GET …/:id/invites`: always none in v2.
    struct Invites: ShapedOutput {
        static let shape = ObjectShape<Invites>([
            .value("invites", JSONSchema.array(JSONSchema.freeForm("v2 keeps no pending invitations"))) { _ in [] }
        ])
    }

    @Sendable func share(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let input = try await Input.read(request, context)
        let invitee = try await sharing.share(planID: context.optionalPathID("id"), email: input.email, role: input.role, by: identity)
        return Shared(invitee: invitee, role: input.role).response()
    }

    /// Always empty in v2 (no pending invitations), with v1's access answers.
    @Sendable func invites(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await sharing.requireSharer(context.optionalPathID("id"), caller: identity, denied: "Access denied")
        return Invites().response()
    }

    /// v1 answered success whether or not the invitation existed.
    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await sharing.requireSharer(context.optionalPathID("id"), caller: identity, denied: "Access denied")
        return SuccessMessage(message: "Invitation revoked").response()
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        throw Self.noInvitation
    }

    @Sendable func info(_ request: Request, context: AppRequestContext) async throws -> Response {
        throw Self.noInvitation
    }
}
