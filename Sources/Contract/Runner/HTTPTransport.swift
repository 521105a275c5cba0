import Foundation
import OutboundHTTP

/// A request as the runner sends it.
public typealias OutgoingRequest = OutboundRequest

/// An answer as the runner checks it.
public struct ReceivedResponse: Sendable {
    public var status: Int
    /// Lowercased names; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// Sends requests for the runner; tests can substitute their own.
public protocol HTTPTransport: Sendable {
    func send(_ request: OutgoingRequest) async throws -> ReceivedResponse
    /// Called before the runner reaches the server another way (a websocket upgrade), which this transport
    /// cannot retry: a rate-aware transport waits here when the server said its window is nearly spent.
    func beforeOtherRequest() async throws
}

extension HTTPTransport {
    public func beforeOtherRequest() async throws {}
}

/// The server could not be reached at all (as opposed to answering wrongly).
public struct TransportError: Error, CustomStringConvertible {
    public let url: String
    public let reason: String
    public var description: String { "cannot reach \(url): \(reason)" }
}

/// Sends through an `OutboundHTTPClient` of its own (shut down by `shutdown()`).
public final class AsyncHTTPTransport: HTTPTransport {
    /// Larger answers are refused: a contract never needs more, and a broken server cannot exhaust memory.
    public static let maximumBodyBytes = 16 * 1024 * 1024
    private let client = OutboundHTTPClient()
    private let timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
        let outgoing = OutboundRequest(method: request.method, url: request.url, headers: request.headers, body: request.body)
        let response: OutboundResponse
        switch await client.send(outgoing, timeout: timeout, responseLimit: Self.maximumBodyBytes) {
        case .success(let answer): response = answer
        case .failure(let failure): throw TransportError(url: request.url, reason: Self.describe(failure))
        }
        if response.truncated {
            throw TransportError(url: request.url, reason: "answer larger than \(Self.maximumBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for (name, value) in response.headers {
            let name = name.lowercased()
            headers[name] = headers[name].map { $0 + ", " + value } ?? value
        }
        return ReceivedResponse(status: response.status, headers: headers, body: response.body)
    }

    static func describe(_ failure: OutboundFailure) -> String {
        if failure.message.localizedCaseInsensitiveContains("connection refused") { return "connection refused" }
        if failure.message.hasPrefix("no answer within") { return "timed out" }
        return failure.message
    }
}
