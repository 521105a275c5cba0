import AgentPlannerCore
import Foundation
import Persistence

/// v1's JSON shapes of plans (snake_case rows, PostgREST timestamps), each written and described by one list.
enum PlanShapes {
    /// Every column, as PostgREST's `select('*')` gave it.
    static let columns = ObjectShape<Plan>([
        .id("id") { $0.id }, .text("title") { $0.title }, .optionalText("description") { $0.description },
        .id("owner_id") { $0.ownerID }, .time("created_at") { $0.createdAt }, .time("updated_at") { $0.updatedAt },
        .text("status") { $0.status }, .stored("metadata", "the plan's stored metadata object") { $0.metadata },
        .flag("is_public") { $0.isPublic }, .optionalText("github_repo_owner") { $0.githubRepoOwner },
        .optionalText("github_repo_name") { $0.githubRepoName }, .integer("view_count") { $0.viewCount },
        .time("last_viewed_at") { $0.lastViewedAt }, .text("visibility") { $0.visibility },
        .optionalText("github_repo_url") { $0.githubRepoURL }, .optionalText("github_repo_full_name") { $0.githubRepoFullName },
    ])

    static let progress = JSONSchema.integer(minimum: 0, maximum: 100)
}

/// A whole plan row (`PUT /plans/:id/github` nests it).
struct PlanRow: ShapedOutput {
    let plan: Plan
    static let shape = PlanShapes.columns.reading { (row: PlanRow) in row.plan }
}

/// `GET /plans`: a plan with the caller's role and its progress.
struct ListedPlan: ShapedOutput {
    let listed: PlanService.Listed
    static let shape = PlanShapes.columns.removing(["metadata", "view_count", "last_viewed_at"])
        .reading { (item: ListedPlan) in item.listed.plan }
        .adding([.text("role") { $0.listed.role }, .value("progress", PlanShapes.progress) { .number(Double($0.listed.progress)) }])
}

/// `POST /plans`: the new plan's main keys and a progress of 0.
struct CreatedPlan: ShapedOutput {
    let plan: Plan
    static let shape = PlanShapes.columns.keeping(["id", "title", "description", "status", "created_at", "updated_at", "owner_id"])
        .reading { (created: CreatedPlan) in created.plan }
        .adding([.value("progress", PlanShapes.progress) { _ in 0 }])
}

/// `PUT /plans/:id`: the whole row and its progress.
struct UpdatedPlan: ShapedOutput {
    let plan: Plan
    let progress: Int
    static let shape = PlanShapes.columns.reading { (updated: UpdatedPlan) in updated.plan }
        .adding([.value("progress", PlanShapes.progress) { .number(Double($0.progress)) }])
}

/// `GET /plans/:id`: the plan without its view counters, its root node, whether the caller owns it, its progress.
struct PlanDetail: ShapedOutput {
    let detail: PlanService.Detail
    static let shape = PlanShapes.columns.removing(["view_count", "last_viewed_at"])
        .reading { (shown: PlanDetail) in shown.detail.access.plan }
        .adding([
            .nested("root_node") { $0.detail.root.map(RootNodeSummary.init) },
            .flag("is_owner") { $0.detail.access.role == "owner" },
            .value("progress", PlanShapes.progress) { .number(Double($0.detail.progress)) },
        ])
}

/// The root node as `GET /plans/:id` gives it.
struct RootNodeSummary: ShapedOutput {
    let node: PlanNode
    static let shape = ObjectShape<RootNodeSummary>([
        .id("id") { $0.node.id }, .text("node_type") { $0.node.nodeType }, .text("title") { $0.node.title },
        .optionalText("description") { $0.node.description }, .text("status") { $0.node.status },
        .time("created_at") { $0.node.createdAt }, .time("updated_at") { $0.node.updatedAt },
        .optionalText("context") { $0.node.context }, .optionalText("agent_instructions") { $0.node.agentInstructions },
    ])
}

/// `{id, name, email}` of a user who may no longer exist (then name and email are null).
struct UserReference: ShapedOutput {
    let user: User?
    let id: UUID
    static let shape = ObjectShape<UserReference>([
        .id("id") { $0.id }, .optionalText("name") { $0.user?.name }, .optionalText("email") { $0.user?.email },
    ])
}

/// `{id, name, email}` of an author (activity, search, timelines).
struct PersonOutput: ShapedOutput {
    let user: User
    static let shape = ObjectShape<PersonOutput>([
        .id("id") { $0.user.id }, .optionalText("name") { $0.user.name }, .text("email") { $0.user.email },
    ])
}

/// `GET /plans/:id/collaborators`.
struct PlanCollaborators: ShapedOutput {
    struct Entry: ShapedOutput {
        let collaborator: Collaborator
        let user: User?
        static let shape = ObjectShape<Entry>([
            .id("id") { $0.collaborator.id }, .nested("user") { UserReference(user: $0.user, id: $0.collaborator.userID) },
            .text("role") { $0.collaborator.role }, .time("created_at") { $0.collaborator.createdAt },
        ])
    }

    let owner: UserReference
    let collaborators: [Entry]
    static let shape = ObjectShape<PlanCollaborators>([
        .nested("owner") { $0.owner }, .list("collaborators") { $0.collaborators },
    ])
}

/// A `plan_collaborators` row (`POST /plans/:id/collaborators`).
struct CollaboratorRow: ShapedOutput {
    let row: Collaborator
    static let shape = ObjectShape<CollaboratorRow>([
        .id("id") { $0.row.id }, .id("plan_id") { $0.row.planID }, .id("user_id") { $0.row.userID },
        .text("role") { $0.row.role }, .time("created_at") { $0.row.createdAt },
    ])
}

/// `{message}`: v1's answer when an action has nothing else to say.
struct MessageOutput: ShapedOutput {
    let message: String
    static let shape = ObjectShape<MessageOutput>([.text("message") { $0.message }])
}

/// v1's strict create/update schema: title 1–255, description ≤ 5000, status, metadata object.
struct PlanFieldsInput: APIInput {
    let fields: PlanService.Fields

    init(validating body: inout BodyValidator) throws {
        try self.init(validating: &body, titleRequired: false)
    }

    init(validating body: inout BodyValidator, titleRequired: Bool) throws {
        body.rejectUnknownKeys(allowed: ["title", "description", "status", "metadata"])
        fields = PlanService.Fields(
            title: body.string("title", required: titleRequired, minimum: 1, maximum: 255),
            description: body.string("description", required: false, maximum: 5000),
            status: body.oneOf("status", ValueDomains.planStatus), metadata: body.object("metadata"))
        try body.check()
    }
}

/// `POST /plans`: the same schema with a title.
struct NewPlanInput: APIInput {
    let fields: PlanService.Fields

    init(validating body: inout BodyValidator) throws {
        fields = try PlanFieldsInput(validating: &body, titleRequired: true).fields
    }
}

/// `POST /plans/:id/collaborators`: strict `{user_id, role}`.
struct CollaboratorInput: APIInput {
    let userID: UUID?
    let role: String

    init(validating body: inout BodyValidator) throws {
        body.rejectUnknownKeys(allowed: ["user_id", "role"])
        let userID = body.uuid("user_id", required: true)
        let role = body.oneOf("role", ["admin", "editor", "viewer"], required: true)
        try body.check()
        guard let role else { throw APIError.internalError }
        self.userID = userID.flatMap(UUID.init(uuidString:))
        self.role = role
    }
}
