import AgentPlannerCore
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import Persistence

/// `/ws/collaborate` (ROUTES.md §6): a JWT in `?token=` or `Authorization: Bearer`, then v1's client messages.
/// v2 refuses `join_plan` for plans the user may not read (v1 let anyone join any room).
struct CollaborationSocket {
    let hub: RealtimeHub
    let authenticator: Authenticator
    let store: any DatabaseStore

    /// One upgraded connection: the token from `?token=` or `Authorization: Bearer`, then v1's client messages.
    func serve(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        context: WebSocketRouterContext<BasicWebSocketRequestContext>
    ) async throws {
        let token =
            context.request.uri.queryParameters["token"].map(String.init)
            ?? context.request.headers[.authorization].flatMap { header in
                header.hasPrefix("Bearer ") ? String(header.dropFirst(7)) : nil
            }
        try await session(token: token, inbound: inbound, outbound: outbound, logger: context.logger)
    }

    private func session(
        token: String?, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, logger: Logger
    ) async throws {
        guard let token, !token.isEmpty else {
            try await refuse(outbound, .policyViolation, "Authentication failed")
            return
        }
        guard let user = try? await authenticator.jwtUser(token) else {
            try await refuse(outbound, .unknown(4001), "Token expired or invalid")
            return
        }
        let connection = UUID()
        let send: RealtimeHub.Send = { message in try? await outbound.write(.text(message.jsonText)) }
        await hub.connect(connection, userID: user.id, send: send)
        await send(["type": "connection", "status": "connected", "userId": .string(user.id.lowercased)])
        do {
            for try await message in inbound.messages(maxSize: 64 * 1024) {
                guard case .text(let text) = message else { continue }
                await handle(text, connection: connection, user: user, send: send, logger: logger)
            }
        } catch {
            logger.debug("websocket closed", metadata: ["error": "\(error)"])
        }
        await hub.disconnect(connection)
    }

    /// Closes a socket that failed authentication. The close is sent a moment after the upgrade: written at
    /// once, it can reach a client in the same packet as the 101 answer, where some clients lose it.
    private func refuse(_ outbound: WebSocketOutboundWriter, _ code: WebSocketErrorCode, _ reason: String) async throws {
        try await Task.sleep(for: .milliseconds(50))
        try await outbound.close(code, reason: reason)
    }

    private func handle(
        _ text: String, connection: UUID, user: AuthenticatedUser, send: RealtimeHub.Send, logger: Logger
    ) async {
        let failed: JSONValue = ["type": "error", "message": "Failed to process message"]
        guard let message = try? JSONValue(jsonText: text), let type = message["type"]?.stringValue else {
            await send(failed)
            return
        }
        func id(_ key: String) -> UUID? { message[key]?.stringValue.flatMap(UUID.init(uuidString:)) }
        switch type {
        case "join_plan":
            guard let plan = id("planId") else { return await send(failed) }
            let allowed =
                (try? await store.withSession { session in
                    try await PlanAccessPolicy().access(plan, userID: user.id, in: session) != nil
                }) ?? false
            guard allowed else {
                return await send(["type": "error", "message": "You do not have access to this plan"])
            }
            await hub.joinPlan(connection, plan: plan)
        case "leave_plan": await hub.leavePlan(connection)
        case "join_node":
            guard let node = id("nodeId") else { return await send(failed) }
            await hub.joinNode(connection, node: node)
        case "leave_node": await hub.leaveNode(connection)
        case "typing_start", "typing_stop":
            guard let node = id("nodeId") else { return await send(failed) }
            await hub.typing(connection, node: node, started: type == "typing_start")
        case "update_presence": await hub.presence(connection, status: message["status"] ?? .null)
        case "broadcast": await hub.broadcast(connection, message: message["message"] ?? .null)
        case "ping": await send(["type": "pong"])
        default: logger.debug("ignored websocket message", metadata: ["type": "\(type)"])
        }
    }
}
