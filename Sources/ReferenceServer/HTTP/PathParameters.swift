import Foundation
import Hummingbird
import Persistence

/// The one place path ids are read. v1 answered a malformed id differently per route, so each route names its
/// rule: the validation 400 (`UUIDFormat.parameter`), "no access" (v1's 403 for missing plans), or a 404.
extension AppRequestContext {
    /// The `:id` plan id; a malformed one answers like a missing plan (v1's 403).
    func planIDOrNoAccess(_ name: String = "id") throws -> UUID {
        guard let id = optionalPathID(name) else { throw PlanAccessPolicy.noAccess }
        return id
    }

    /// The path id when it is a UUID at all; the caller decides what a malformed one means.
    func optionalPathID(_ name: String) -> UUID? {
        parameters.get(name).flatMap(UUID.init(uuidString:))
    }

    /// The path id checked the zod way (v1's validation 400 naming `field`).
    func validatedPathID(_ name: String, field: String? = nil) throws -> UUID {
        try UUIDFormat.parameter(parameters.get(name), field: field ?? name)
    }

    /// The `:nodeId` node when it belongs to `plan`; otherwise a 404 with the route's v1 message.
    func pathNode(plan: UUID?, in session: DataSession, missing: String = "Node not found in this plan") async throws
        -> PlanNode
    {
        guard let plan else { throw APIError(.notFound, missing) }
        return try await NodeService.node(optionalPathID("nodeId"), in: plan, session: session, missing: missing)
    }
}
