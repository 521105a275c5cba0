import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// An error answer in v1's shape: `{"error": "<message>"}` plus, where v1 sent them, extra keys.
public struct APIError: Error, HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    public let extra: [String: JSONValue]

    public init(_ status: HTTPResponse.Status, _ message: String, extra: [String: JSONValue] = [:]) {
        self.status = status
        self.message = message
        self.extra = extra
    }

    public var description: String { "\(status.code) \(message)" }

    public var body: JSONValue {
        var object = extra
        object["error"] = .string(message)
        return .object(object)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.make(body, status: status)
    }

    /// The generic answer for anything unexpected; the detail goes to the log only.
    // swift-format-ignore: DontRepeatTypeInStaticProperties
    public static let internalError = APIError(.internalServerError, "Internal Server Error")
}
