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

    @Sendable func share(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let body = try await RequestJSON.read(request, context: context)
        guard case .string(let email)? = body.fields["email"],
            email.wholeMatch(of: /[^\s@]+@[^\s@]+\.[^\s@]+/) != nil
        else { throw APIError(.badRequest, "Valid email address required") }
        let role: String
        switch body.fields["role"] {
        case nil, .null?: role = "viewer"
        case .string(let value)? where ["viewer", "editor", "admin"].contains(value): role = value
        default: throw APIError(.badRequest, "Role must be viewer, editor, or admin")
        }
        let invitee = try await sharing.share(planID: context.optionalPathID("id"), email: email, role: role, by: identity)
        return JSONResponse.make(
            JSONValue.object([
                "success": true, "message": "User added as collaborator", "type": "existing_user",
                "collaborator": [
                    "user_id": .string(invitee.id.lowercased), "email": .string(invitee.email), "role": .string(role),
                ],
            ]))
    }

    /// Always empty in v2 (no pending invitations), with v1's access answers.
    @Sendable func invites(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await sharing.requireSharer(context.optionalPathID("id"), caller: identity, denied: "Access denied")
        return JSONResponse.make(JSONValue.object(["invites": .array([])]))
    }

    /// v1 answered success whether or not the invitation existed.
    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        try await sharing.requireSharer(context.optionalPathID("id"), caller: identity, denied: "Access denied")
        return JSONResponse.make(JSONValue.object(["success": true, "message": "Invitation revoked"]))
    }

    @Sendable func accept(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        throw Self.noInvitation
    }

    @Sendable func info(_ request: Request, context: AppRequestContext) async throws -> Response {
        throw Self.noInvitation
    }
}
