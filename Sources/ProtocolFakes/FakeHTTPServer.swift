import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as a fake server received it.
public struct FakeRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: Data

    public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// What a fake server does with a request.
public enum FakeAction: Sendable {
    case respond(status: Int, headers: [(String, String)], body: Data)
    /// Closes the connection without answering.
    case close

    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> FakeAction {
        .respond(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }
}

/// A loopback HTTP/1.1 server on NIO whose every answer comes from an async handler; the handler may wait
/// (a receiver that times out) or ask for the connection to be closed.
public final class FakeHTTPServer: Sendable {
    public let port: Int
    private let serverChannel: any Channel
    private let task: Task<Void, Never>

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Binds `host:port` (port 0: a free one); the default is loopback only.
    public static func start(
        host: String = "127.0.0.1", port: Int = 0, _ handler: @escaping @Sendable (FakeRequest) async -> FakeAction
    ) async throws -> FakeHTTPServer {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 512)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                        wrappingChannelSynchronously: channel)
                }
            }
        let port = server.channel.localAddress?.port ?? 0
        let channel = server.channel
        let task = Task<Void, Never> {
            _ = try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { await Self.serve(connection, handler) }
                    }
                }
            }
        }
        return FakeHTTPServer(port: port, channel: channel, task: task)
    }

    private init(port: Int, channel: any Channel, task: Task<Void, Never>) {
        self.port = port
        self.serverChannel = channel
        self.task = task
    }

    public func shutdown() async {
        task.cancel()
        try? await serverChannel.close()
        await task.value
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>,
        _ handler: @Sendable (FakeRequest) async -> FakeAction
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = Data()
            for try await part in inbound {
                switch part {
                case .head(let received):
                    head = received
                    body = Data()
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let request = head else { return }
                    let fake = FakeRequest(
                        method: request.method.rawValue, uri: request.uri,
                        headers: request.headers.map { ($0.name, $0.value) }, body: body)
                    switch await handler(fake) {
                    case .close:
                        return
                    case .respond(let status, let headers, let content):
                        var responseHeaders = HTTPHeaders(headers)
                        responseHeaders.replaceOrAdd(name: "Content-Length", value: String(content.count))
                        try await outbound.write(
                            .head(
                                HTTPResponseHead(
                                    version: request.version, status: HTTPResponseStatus(statusCode: status),
                                    headers: responseHeaders)))
                        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: content))))
                        try await outbound.write(.end(nil))
                    }
                }
            }
        }
    }
}
