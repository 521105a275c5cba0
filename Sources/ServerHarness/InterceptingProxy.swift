import Contract
import Foundation
import ProtocolFakes
import Synchronization

/// A loopback server in front of another (the reference server): forwards each request unless `intercept`
/// answers it, can change forwarded answers, and records every method and path it saw. Tests use it as a
/// deployment that refuses writes, rate-limits, answers slowly or wrongly.
public final class InterceptingProxy: Sendable {
    public let server: FakeHTTPServer
    private let log: RequestLog
    private let client: AsyncHTTPTransport

    /// `intercept` gets each request and its 1-based number; a non-nil action is the answer and nothing is
    /// forwarded. `rewrite` may change a forwarded answer.
    public static func start(
        upstream: String, intercept: @escaping @Sendable (FakeRequest, Int) async -> FakeAction? = { _, _ in nil },
        rewrite: @escaping @Sendable (FakeRequest, ReceivedResponse) -> ReceivedResponse = { $1 }
    ) async throws -> InterceptingProxy {
        let log = RequestLog()
        let client = AsyncHTTPTransport()
        let server = try await FakeHTTPServer.start { request in
            let number = log.append("\(request.method) \(request.path)")
            if let answer = await intercept(request, number) { return answer }
            let headers = request.headers.filter { !["host", "content-length", "connection"].contains($0.0.lowercased()) }
            guard
                let answer = try? await client.send(
                    OutgoingRequest(method: request.method, url: upstream + request.uri, headers: headers, body: request.body))
            else { return .close }
            let response = rewrite(request, answer)
            let kept = response.headers.filter { !["content-length", "transfer-encoding", "connection"].contains($0.key) }
            return .respond(status: response.status, headers: kept.map { ($0.key, $0.value) }, body: response.body)
        }
        return InterceptingProxy(server: server, log: log, client: client)
    }

    private init(server: FakeHTTPServer, log: RequestLog, client: AsyncHTTPTransport) {
        self.server = server
        self.log = log
        self.client = client
    }

    public var baseURL: String { server.baseURL }
    /// "METHOD /path" of every request, in arrival order.
    public var requests: [String] { log.all }
    /// The requests that were not GET, HEAD or OPTIONS.
    public var writes: [String] {
        requests.filter { !ReadOnlyTransport.safeMethods.contains(String($0.prefix { $0 != " " })) }
    }

    public func shutdown() async {
        await server.shutdown()
        try? await client.shutdown()
    }

    /// Answers 405 to anything but GET, HEAD and OPTIONS: a deployment that refuses every write.
    public static let refuseWrites: @Sendable (FakeRequest, Int) async -> FakeAction? = { request, _ in
        ReadOnlyTransport.safeMethods.contains(request.method)
            ? nil : .json(405, #"{"error":"this deployment refuses every write"}"#)
    }
}

/// What a proxy saw, shared between its handler and its owner.
private final class RequestLog: Sendable {
    private let entries = Mutex<[String]>([])

    /// Adds `entry`; returns its 1-based number.
    func append(_ entry: String) -> Int {
        entries.withLock { list in
            list.append(entry)
            return list.count
        }
    }

    var all: [String] { entries.withLock { $0 } }
}
