import AgentPlannerCore
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// A request going out of the process.
public struct OutboundRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: Data?

    public init(method: String, url: String, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// What came back: status, headers, and at most the requested number of body bytes.
public struct OutboundResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data
    /// True when the body was cut at the response limit.
    public var truncated: Bool

    public init(status: Int, headers: [(String, String)], body: Data, truncated: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.truncated = truncated
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no answer. `message` is safe to log and show: it never carries a URL's query or a header.
public struct OutboundFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// A bad URL will not get better; a timeout or a refused connection may.
    public var retryable: Bool

    public init(message: String, retryable: Bool) {
        self.message = message
        self.retryable = retryable
    }

    public var description: String { message }
}

/// The one outbound HTTP client of a process: AsyncHTTPClient with keep-alive connection pools per host, no
/// redirects followed, a deadline per request and a bounded response body.
///
/// It is a `Service`: the server and the worker run it with their other services, and graceful shutdown closes its
/// connections after the services that send through it have finished. `shared` serves one-shot commands and
/// tests, and lives as long as the process (as AsyncHTTPClient's own `HTTPClient.shared` does).
public final class OutboundHTTPClient: Service, Sendable {
    public static let shared = OutboundHTTPClient()

    private let client: HTTPClient

    public init(connectTimeout: Duration = .seconds(5), connectionsPerHost: Int = 32) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: .nanoseconds(Int64(connectTimeout.seconds * 1e9))))
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        configuration.httpVersion = .http1Only
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Waits for graceful shutdown, then closes the pool.
    public func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Sends `request`; the answer, or why there was none. Body bytes past `responseLimit` are dropped.
    public func send(
        _ request: OutboundRequest, timeout: Duration, responseLimit: Int
    ) async -> Result<OutboundResponse, OutboundFailure> {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body { outgoing.body = .bytes(ByteBuffer(bytes: body)) }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.seconds * 1e9))
        do {
            let response = try await client.execute(outgoing, deadline: deadline)
            var collected = Data()
            var truncated = false
            for try await chunk in response.body {
                let room = responseLimit - collected.count
                if chunk.readableBytes > room { truncated = true }
                guard room > 0 else { break }
                collected.append(contentsOf: chunk.readableBytesView.prefix(room))
            }
            return .success(
                OutboundResponse(
                    status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                    body: collected, truncated: truncated))
        } catch {
            return .failure(Self.describe(error, timeout: timeout))
        }
    }

    static func describe(_ error: any Error, timeout: Duration) -> OutboundFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                return OutboundFailure(message: "invalid URL", retryable: false)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return OutboundFailure(message: "no answer within \(timeout.seconds) s", retryable: true)
            case .connectTimeout:
                return OutboundFailure(message: "connect timed out", retryable: true)
            case .remoteConnectionClosed:
                return OutboundFailure(message: "the receiver closed the connection without an answer", retryable: true)
            default:
                if error.shortDescription == "Unsupported scheme" {
                    return OutboundFailure(message: "unsupported URL scheme", retryable: false)
                }
                return OutboundFailure(message: "HTTP error: \(error.shortDescription)", retryable: true)
            }
        }
        if error is CancellationError {
            return OutboundFailure(message: "cancelled", retryable: true)
        }
        let text = String(describing: error)
        return OutboundFailure(message: "cannot reach the receiver: \(text.prefix(200))", retryable: true)
    }
}

extension OutboundRequest {
    /// An `application/x-www-form-urlencoded` body: every byte but ASCII letters, digits and `-._~` percent-encoded.
    public static func formBody(_ fields: [(String, String)]) -> Data {
        Data(fields.map { "\(formEncode($0.0))=\(formEncode($0.1))" }.joined(separator: "&").utf8)
    }

    /// One form or query value, percent-encoded as `formBody` does.
    public static func formEncode(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
