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
    let store: any DatabaseStore
    let mailer: any Mailer
    let frontendURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post(":id/share", use: share)
        group.get(":id/invites", use: invites)
        group.delete(":id/invites/:inviteId", use: revoke)
        group.post("accept/:token", use: accept)
    }

    /// `GET …/info/:token` needs no caller.
    func addPublicRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("info/:token", use: info)
    }

    static let noInvitation = APIError(.notFound, "Invalid or expired invitation")

    /// Owner or admin collaborator; a missing plan is a 404.
    private func requireSharer(_ context: AppRequestContext, userID: UUID, in session: DataSession, denied: String)
        async throws -> Plan
    {
        let policy = PlanAccessPolicy()
        return try await policy.requireExisting(
            .admin, context.parameters.get("id").flatMap(UUID.init(uuidString:)), userID: userID, in: session,
            denied: denied
        ).plan
    }

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
        let (plan, invitee) = try await store.transaction { session -> (Plan, User) in
            let plan = try await requireSharer(
                context, userID: identity.id, in: session, denied: "Only plan owners and admins can share")
            guard let invitee = try await session.users.find(email: email) else {
                throw APIError(
                    .notFound,
                    "No registered user has this email. AgentPlanner v2 has no pending invitations: ask them to sign up, then share again",
                    extra: ["type": "user_not_found"])
            }
            if try await session.collaborators.role(planID: plan.id, userID: invitee.id) != nil {
                throw APIError(
                    .badRequest, "User is already a collaborator on this plan", extra: ["type": "existing_collaborator"])
            }
            if invitee.id == plan.ownerID {
                throw APIError(.badRequest, "Cannot invite the plan owner", extra: ["type": "is_owner"])
            }
            _ = try await session.collaborators.upsert(planID: plan.id, userID: invitee.id, role: role)
            try await session.domainEvents.record(
                DomainEvent(
                    kind: .planShared,
                    payload: [
                        "recipient_user_id": .string(invitee.id.lowercased), "v1_event": "plan.shared",
                        "plan": NodeEvents.planSummary(plan), "role": .string(role),
                        "actor": ["name": .string(identity.name ?? identity.email), "type": "user"],
                        "message": .string("🤝 \(identity.name ?? identity.email) shared \"\(plan.title)\" with you as \(role)"),
                    ],
                    actorUserID: identity.id, planID: plan.id))
            return (plan, invitee)
        }
        let link = "\(frontendURL)/app/plans/\(plan.id.lowercased)"
        await mailer.send(
            MailMessage(
                to: invitee.email, subject: "\(identity.name ?? identity.email) added you to \"\(plan.title)\"",
                body: "You can now open \"\(plan.title)\" as \(role): \(link)", link: link))
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
        _ = try await store.withSession { session in
            try await requireSharer(context, userID: identity.id, in: session, denied: "Access denied")
        }
        return JSONResponse.make(JSONValue.object(["invites": .array([])]))
    }

    /// v1 answered success whether or not the invitation existed.
    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        _ = try await store.withSession { session in
            try await requireSharer(context, userID: identity.id, in: session, denied: "Access denied")
        }
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
