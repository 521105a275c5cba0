import AgentPlannerCore
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOWebSocket

/// Websocket steps of a contract: `WS` opens a socket for the step's actor (path and `?token=` as given),
/// `WS-SEND` sends the step's JSON body, and `WS-RECEIVE <type>` waits for the next message of that type.
/// Their answers come back as exchanges, so statuses, matchers, captures and goldens work as for HTTP:
/// `WS` → 101 once connected; `WS-RECEIVE` → 200 with the message, 408 when none came in time, or the close
/// code (e.g. 1008) with `{closed, reason}` when the server closed the socket.
actor SocketSessions {
    static let methods: Set<String> = ["WS", "WS-SEND", "WS-RECEIVE"]

    final class Socket: @unchecked Sendable {
        // Guarded by the actor that owns the session.
        var received: [JSONValue] = []
        var closed: (code: Int, reason: String)?
        var waiters: [CheckedContinuation<Void, Never>] = []
        let outgoing: AsyncStream<String>
        let send: AsyncStream<String>.Continuation
        var task: Task<Void, Never>?

        init() {
            (outgoing, send) = AsyncStream.makeStream(of: String.self)
        }
    }

    private var sockets: [ActorRole: Socket] = [:]
    let timeout: Duration
    let logger = Logger(label: "agentplanner.contract.socket")

    init(timeout: Duration = .seconds(15)) {
        self.timeout = timeout
    }

    func handle(_ method: String, role: ActorRole, url: String, body: JSONValue?) async -> ReceivedResponse {
        switch method {
        case "WS": return await open(role, url: url)
        case "WS-SEND":
            guard let socket = sockets[role] else { return Self.answer(400, ["error": "no socket open for this actor"]) }
            socket.send.yield(body?.jsonText ?? "{}")
            return Self.answer(200, ["sent": true])
        default:
            guard let socket = sockets[role] else { return Self.answer(400, ["error": "no socket open for this actor"]) }
            return await receive(socket, type: url)
        }
    }

    private func open(_ role: ActorRole, url: String) async -> ReceivedResponse {
        if let old = sockets[role] { old.send.finish() }
        let socket = Socket()
        sockets[role] = socket
        let wsURL = url.replacingOccurrences(of: "http://", with: "ws://").replacingOccurrences(of: "https://", with: "wss://")
        let logger = self.logger
        socket.task = Task {
            do {
                let close = try await WebSocketClient.connect(url: wsURL, logger: logger) { inbound, outbound, _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            for await text in socket.outgoing { try await outbound.write(.text(text)) }
                            // Cancelled: the server closed first, and writing a close now could wait forever.
                            if !Task.isCancelled { try await outbound.close(.normalClosure, reason: nil) }
                        }
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            await self.deliver(text, to: socket)
                        }
                        group.cancelAll()
                    }
                }
                self.finish(socket, code: close.map { Self.code($0.closeCode) } ?? 1000, reason: close?.reason ?? "")
            } catch {
                self.finish(socket, code: 1006, reason: "\(error)")
            }
        }
        return Self.answer(101, ["opened": true])
    }

    static func code(_ code: WebSocketErrorCode) -> Int {
        switch code {
        case .normalClosure: 1000
        case .goingAway: 1001
        case .protocolError: 1002
        case .unacceptableData: 1003
        case .dataInconsistentWithMessage: 1007
        case .policyViolation: 1008
        case .messageTooLarge: 1009
        case .missingExtension: 1010
        case .unexpectedServerError: 1011
        case .unknown(let value): Int(value)
        }
    }

    private func deliver(_ text: String, to socket: Socket) {
        socket.received.append((try? JSONValue(jsonText: text)) ?? .string(text))
        wake(socket)
    }

    private func finish(_ socket: Socket, code: Int, reason: String) {
        if socket.closed == nil { socket.closed = (code, reason) }
        wake(socket)
    }

    private func wake(_ socket: Socket) {
        let waiters = socket.waiters
        socket.waiters = []
        for waiter in waiters { waiter.resume() }
    }

    private func receive(_ socket: Socket, type: String) async -> ReceivedResponse {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let index = socket.received.firstIndex(where: { $0["type"]?.stringValue == type }) {
                let message = socket.received[index]
                socket.received.removeSubrange(...index)
                return Self.answer(200, message)
            }
            if let closed = socket.closed {
                return Self.answer(closed.code, ["closed": .number(Double(closed.code)), "reason": .string(closed.reason)])
            }
            if ContinuousClock.now >= deadline {
                let seen = socket.received.compactMap { $0["type"]?.stringValue }
                return Self.answer(408, ["error": .string("no \(type) message in time"), "seen": .array(seen.map(JSONValue.string))])
            }
            // Wake on the next message or close, or poll again shortly (the deadline).
            await withCheckedContinuation { continuation in
                socket.waiters.append(continuation)
                Task {
                    try? await Task.sleep(for: .milliseconds(100))
                    self.wake(socket)
                }
            }
        }
    }

    /// Closes every socket; one that does not finish within two seconds is cancelled.
    func closeAll() async {
        for socket in sockets.values {
            socket.send.finish()
            guard let task = socket.task else { continue }
            let watchdog = Task {
                try await Task.sleep(for: .seconds(2))
                task.cancel()
            }
            _ = await task.value
            watchdog.cancel()
        }
        sockets = [:]
    }

    static func answer(_ status: Int, _ json: JSONValue) -> ReceivedResponse {
        ReceivedResponse(status: status, headers: ["content-type": "application/json"], body: Data(json.jsonText.utf8))
    }
}
