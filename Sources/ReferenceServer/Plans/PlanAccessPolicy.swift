import Foundation
import Persistence

/// Who may do what on a plan (ROUTES.md §3, "checkPlanAccess"): the one place that decides.
///
/// The owner may do everything; collaborators by role (viewer < editor < admin). A plan that does not exist
/// answers as "no access" (v1's 403 for missing plans, which clients rely on).
struct PlanAccessPolicy: Sendable {
    /// v1's answer for a missing plan, a malformed plan id, or a plan the caller has no role on.
    static let noAccess = APIError(.forbidden, "You do not have access to this plan")

    enum Level: Int, Comparable, Sendable {
        case read = 0
        case edit, admin, owner
        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Access: Sendable {
        let plan: Plan
        /// `owner`, or the collaborator role.
        let role: String
        var level: Level {
            switch role {
            case "owner": .owner
            case "admin": .admin
            case "editor": .edit
            default: .read
            }
        }
    }

    /// The caller's access to the plan, or nil (missing plan, or no role on it).
    func access(_ planID: UUID, userID: UUID, in session: DataSession) async throws -> Access? {
        guard let plan = try await session.plans.find(id: planID) else { return nil }
        if plan.ownerID == userID { return Access(plan: plan, role: "owner") }
        guard let role = try await session.collaborators.role(planID: planID, userID: userID) else { return nil }
        return Access(plan: plan, role: role)
    }

    /// The access, when it reaches `level`; otherwise a 403 with the endpoint's v1 message.
    func require(_ level: Level, _ planID: UUID, userID: UUID, in session: DataSession, message: String) async throws
        -> Access
    {
        guard let access = try await access(planID, userID: userID, in: session), access.level >= level else {
            throw APIError(.forbidden, message)
        }
        return access
    }

    /// For v1's endpoints that tell a missing plan (404 `Plan not found`) from one the caller may not use
    /// (403 with the endpoint's message). A malformed id is a missing plan.
    func requireExisting(_ level: Level, _ planID: UUID?, userID: UUID, in session: DataSession, denied: String)
        async throws -> Access
    {
        guard let planID, let plan = try await session.plans.find(id: planID) else {
            throw APIError(.notFound, "Plan not found")
        }
        let role: String? =
            plan.ownerID == userID ? "owner" : try await session.collaborators.role(planID: planID, userID: userID)
        guard let role else { throw APIError(.forbidden, denied) }
        let access = Access(plan: plan, role: role)
        guard access.level >= level else { throw APIError(.forbidden, denied) }
        return access
    }
}
