import AgentPlannerCore
import Foundation
import Persistence

/// The bodies of the routes about people and agents on nodes (ROUTES.md §4.3), with v1's messages.
enum NodePeopleInput {
    /// `POST /plans/:id/nodes/:nodeId/request-agent`: `{request_type, message?}`.
    struct AgentRequest: APIInput {
        let type: String
        let message: String?

        init(validating body: inout BodyValidator) throws {
            body.describe("request_type", JSONSchema.oneOf(NodeAgentService.requestTypes), required: true)
            body.describe("message", JSONSchema.nullable(JSONSchema.type("string")))
            guard case .string(let type)? = body.fields["request_type"], NodeAgentService.requestTypes.contains(type) else {
                throw APIError(.badRequest, "Invalid request_type. Must be one of: start, review, help, continue")
            }
            self.type = type
            message = try body.text("message")
        }
    }
}

/// `PUT /plans/:id/nodes/:nodeId/status`: `{status}`, checked by the service (v1's message for a missing or unknown one).
struct NodeStatusInput: APIInput {
    let status: String?

    init(validating body: inout BodyValidator) throws {
        body.describe("status", JSONSchema.oneOf(ValueDomains.nodeStatus), required: true)
        status = try RequestJSON(fields: body.fields).string("status")
    }
}
