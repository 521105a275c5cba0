import AgentPlannerCore
import Foundation
import Persistence

/// `{id, name, email, avatar_url, capability_tags}`: a user offered as an agent (suggestions, capability search,
/// the dashboard).
struct AgentCard: ShapedOutput {
    let user: User
    static let shape = ObjectShape<AgentCard>([
        .id("id") { $0.user.id }, .optionalText("name") { $0.user.name }, .text("email") { $0.user.email },
        .optionalText("avatar_url") { $0.user.avatarURL }, .strings("capability_tags") { $0.user.capabilityTags },
    ])
}
