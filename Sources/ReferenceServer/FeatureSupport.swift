import AgentPlannerCore
import Foundation
import Hummingbird
import Persistence

/// A rule a service refused, without HTTP: controllers answer it in v1's `{error}` shape.
enum ServiceError: Error, Sendable {
    case badRequest(String, extra: [String: JSONValue] = [:])
    case forbidden(String)
    case notFound(String)
    case tooLarge(String)
    case badGateway(String)

    var apiError: APIError {
        switch self {
        case .badRequest(let message, let extra): APIError(.badRequest, message, extra: extra)
        case .forbidden(let message): APIError(.forbidden, message)
        case .notFound(let message): APIError(.notFound, message)
        case .tooLarge(let message): APIError(.contentTooLarge, message)
        case .badGateway(let message): APIError(.badGateway, message)
        }
    }
}

/// Small helpers the feature controllers share, so none reaches into another controller.
enum FeatureHTTP {
    /// Runs a service call and turns its refusals into v1's error answers.
    static func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ServiceError {
            throw error.apiError
        }
    }

    /// A UUID from the query; nil when absent or malformed (each endpoint decides what that means). Path ids go
    /// through `AppRequestContext.optionalPathID`.
    static func uuid(_ text: Substring?) -> UUID? {
        text.flatMap { UUID(uuidString: String($0)) }
    }

    /// v1's `Math.min(parseInt(limit) || fallback, maximum)`.
    static func limit(_ request: Request, default fallback: Int, maximum: Int) -> Int {
        let parsed = request.uri.queryParameters["limit"].flatMap { Int(String($0).prefix { $0.isNumber || $0 == "-" }) } ?? 0
        return min(parsed > 0 ? parsed : fallback, maximum)
    }
}

/// Plan progress as v1's calculatePlanProgress: round(100 × completed / all).
enum PlanProgress {
    static func percent(completed: Int, total: Int) -> Int {
        total > 0 ? Int((100 * Double(completed) / Double(total)).rounded()) : 0
    }
}

extension JSONValue {
    /// The elements when this is an array.
    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
