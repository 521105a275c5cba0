import Foundation
import Persistence

/// Sharing a plan by email (ROUTES.md §4.16, DECISIONS.md §D2): a registered user becomes a collaborator, gets a
/// mail and a `plan.shared` event; v2 keeps no pending invitations. Knows nothing of HTTP.
struct SharingService: Sendable {
    let store: any DatabaseStore
    let mailer: any Mailer
    let frontendURL: String

    /// Adds the user with `email` (any case) to the plan as `role`; owner or admin only.
    func share(planID: UUID?, email: String, role: String, by caller: AuthenticatedUser) async throws -> User {
        let (plan, invitee) = try await store.transaction { session -> (Plan, User) in
            let plan = try await requireSharer(
                planID, caller: caller, in: session, denied: "Only plan owners and admins can share")
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
                        "actor": ["name": .string(caller.name ?? caller.email), "type": "user"],
                        "message": .string("🤝 \(caller.name ?? caller.email) shared \"\(plan.title)\" with you as \(role)"),
                    ],
                    actorUserID: caller.id, planID: plan.id))
            return (plan, invitee)
        }
        let link = "\(frontendURL)/app/plans/\(plan.id.lowercased)"
        await mailer.send(
            MailMessage(
                to: invitee.email, subject: "\(caller.name ?? caller.email) added you to \"\(plan.title)\"",
                body: "You can now open \"\(plan.title)\" as \(role): \(link)", link: link))
        return invitee
    }

    /// Owner or admin collaborator; a missing plan is a 404.
    func requireSharer(_ planID: UUID?, caller: AuthenticatedUser, denied: String) async throws {
        _ = try await store.withSession { session in try await requireSharer(planID, caller: caller, in: session, denied: denied) }
    }

    private func requireSharer(_ planID: UUID?, caller: AuthenticatedUser, in session: DataSession, denied: String)
        async throws -> Plan
    {
        try await PlanAccessPolicy().requireExisting(.admin, planID, userID: caller.id, in: session, denied: denied).plan
    }
}
