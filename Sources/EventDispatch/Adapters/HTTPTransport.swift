import Foundation
import OutboundHTTP

/// The answer of one send (the outbound client's response, as the adapters read it).
public typealias HTTPExchange = OutboundResponse
/// Why a send got no answer.
public typealias TransportFailure = OutboundFailure

/// POSTs JSON through the process's outbound client (`OutboundHTTPClient`): no redirects, a deadline per
/// request, a bounded response body.
public struct HTTPTransport: Sendable {
    private let client: OutboundHTTPClient

    /// The server and the worker pass the client their service group runs; one-shot uses take the shared one.
    public init(client: OutboundHTTPClient = .shared) {
        self.client = client
    }

    public func post(
        _ url: String, headers: [(String, String)], body: Data, timeout: Duration, responseLimit: Int
    ) async -> Result<HTTPExchange, TransportFailure> {
        await client.send(
            OutboundRequest(method: "POST", url: url, headers: headers, body: body), timeout: timeout,
            responseLimit: responseLimit)
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
