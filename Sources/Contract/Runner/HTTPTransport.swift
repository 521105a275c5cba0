import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A request as the runner sends it.
public struct OutgoingRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?

    public init(method: String, url: String, headers: [(String, String)], body: Data?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

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

/// AsyncHTTPClient over its shared event loop group.
public final class AsyncHTTPTransport: HTTPTransport {
    /// Larger answers are cut off: a contract never needs more, and a broken server cannot exhaust memory.
    public static let maximumBodyBytes = 16 * 1024 * 1024
    private let client: HTTPClient
    private let timeout: TimeAmount

    public init(timeout: TimeAmount = .seconds(30)) {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5), read: timeout)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func send(_ request: OutgoingRequest) async throws -> ReceivedResponse {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, timeout: timeout)
        } catch {
            throw TransportError(url: request.url, reason: Self.describe(error))
        }
        let body = try await response.body.collect(upTo: Self.maximumBodyBytes)
        var headers: [String: String] = [:]
        for header in response.headers {
            let name = header.name.lowercased()
            headers[name] = headers[name].map { $0 + ", " + header.value } ?? header.value
        }
        return ReceivedResponse(status: Int(response.status.code), headers: headers, body: Data(body.readableBytesView))
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("connection refused") { return "connection refused" }
        if error is HTTPClientError, text.contains("deadlineExceeded") || text.contains("readTimeout") {
            return "timed out"
        }
        return text
    }
}
