import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// What came back from one HTTP request: status, headers and at most the configured number of body bytes.
public struct HTTPExchange: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: Data

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no answer.
public struct TransportFailure: Error, Sendable {
    public var message: String
    /// A bad URL will not get better; a timeout or a refused connection may.
    public var retryable: Bool
}

/// POSTs JSON over AsyncHTTPClient: no redirects followed, a deadline per request, a bounded response body.
public struct HTTPTransport: Sendable {
    private static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30)))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    private let client: HTTPClient

    public init() {
        self.client = Self.sharedClient
    }

    public func post(
        _ url: String, headers: [(String, String)], body: Data, timeout: Duration, responseLimit: Int
    ) async -> Result<HTTPExchange, TransportFailure> {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.seconds * 1e9))
        do {
            let response = try await client.execute(request, deadline: deadline)
            var collected = Data()
            for try await chunk in response.body {
                let room = responseLimit - collected.count
                guard room > 0 else { break }
                collected.append(contentsOf: chunk.readableBytesView.prefix(room))
            }
            return .success(
                HTTPExchange(
                    status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                    body: collected))
        } catch {
            return .failure(Self.describe(error, timeout: timeout))
        }
    }

    static func describe(_ error: any Error, timeout: Duration) -> TransportFailure {
        if let error = error as? HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportFailure(message: "invalid URL", retryable: false)
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return TransportFailure(message: "no answer within \(timeout.seconds) s", retryable: true)
            case .connectTimeout:
                return TransportFailure(message: "connect timed out", retryable: true)
            case .remoteConnectionClosed:
                return TransportFailure(message: "the receiver closed the connection without an answer", retryable: true)
            default:
                if error.shortDescription == "Unsupported scheme" {
                    return TransportFailure(message: "unsupported URL scheme", retryable: false)
                }
                return TransportFailure(message: "HTTP error: \(error.shortDescription)", retryable: true)
            }
        }
        if error is CancellationError {
            return TransportFailure(message: "cancelled", retryable: true)
        }
        let text = String(describing: error)
        return TransportFailure(message: "cannot reach the receiver: \(text.prefix(200))", retryable: true)
    }
}

/// What every adapter sends with: the shared transport and the configured send timeout and response limit.
public struct AdapterHTTP: Sendable {
    let transport: HTTPTransport
    let timeout: Duration
    let responseLimit: Int

    public init(transport: HTTPTransport, timeout: Duration, responseLimit: Int) {
        self.transport = transport
        self.timeout = timeout
        self.responseLimit = responseLimit
    }

    func post(_ url: String, headers: [(String, String)], body: Data) async -> Result<HTTPExchange, TransportFailure> {
        await transport.post(url, headers: headers, body: body, timeout: timeout, responseLimit: responseLimit)
    }
}
