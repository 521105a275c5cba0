import AgentPlannerCore
import Foundation

/// The websocket state of one server instance: connections, plan and node rooms, typing (ROUTES.md §6).
///
/// v1 kept one connection per user (a second replaced the first, and closing either dropped both); v2 keys
/// rooms by connection, so a user with two tabs receives events in both.
public actor RealtimeHub {
    public typealias Send = @Sendable (JSONValue) async -> Void

    struct Member {
        let userID: UUID
        let send: Send
        var plan: UUID?
        var node: UUID?
    }

    private var members: [UUID: Member] = [:]
    private var typing: [UUID: [UUID: Date]] = [:]

    public init() {}

    /// Open websocket connections (the `agentplanner_realtime_connections` gauge).
    public var connectionCount: Int { members.count }

    func connect(_ connection: UUID, userID: UUID, send: @escaping Send) {
        members[connection] = Member(userID: userID, send: send)
    }

    func disconnect(_ connection: UUID) async {
        guard members[connection] != nil else { return }
        await leaveNode(connection)
        await leavePlan(connection)
        members[connection] = nil
    }

    private func now() -> JSONValue { .string(TimestampFormat.javaScript(Date())) }

    private func send(to connections: [UUID], _ message: JSONValue) async {
        for connection in connections {
            if let member = members[connection] { await member.send(message) }
        }
    }

    private func inPlan(_ plan: UUID, except: UUID? = nil) -> [UUID] {
        members.filter { $0.value.plan == plan && $0.key != except }.map(\.key)
    }

    private func onNode(_ node: UUID, except: UUID? = nil) -> [UUID] {
        members.filter { $0.value.node == node && $0.key != except }.map(\.key)
    }

    /// Distinct users in a plan's room, in a stable order.
    func users(inPlan plan: UUID) -> [UUID] {
        Array(Set(members.values.filter { $0.plan == plan }.map(\.userID))).sorted { $0.uuidString < $1.uuidString }
    }

    func users(onNode node: UUID) -> [UUID] {
        Array(Set(members.values.filter { $0.node == node }.map(\.userID))).sorted { $0.uuidString < $1.uuidString }
    }

    /// Users typing on a node in the last 5 seconds (v1's automatic `typing_stop`).
    func typingUsers(onNode node: UUID) -> [UUID] {
        let fresh = (typing[node] ?? [:]).filter { Date().timeIntervalSince($0.value) < 5 }
        return fresh.keys.sorted { $0.uuidString < $1.uuidString }
    }

    func joinPlan(_ connection: UUID, plan: UUID) async {
        guard let member = members[connection] else { return }
        if member.plan != nil { await leavePlan(connection) }
        members[connection]?.plan = plan
        await send(
            to: inPlan(plan, except: connection),
            ["type": "user_joined_plan", "userId": .string(member.userID.lowercased), "timestamp": now()])
        await send(
            to: [connection],
            [
                "type": "active_users", "planId": .string(plan.lowercased),
                "users": .array(users(inPlan: plan).map { .string($0.lowercased) }),
            ])
    }

    func leavePlan(_ connection: UUID) async {
        guard let member = members[connection], let plan = member.plan else { return }
        members[connection]?.plan = nil
        await send(
            to: inPlan(plan), ["type": "user_left_plan", "userId": .string(member.userID.lowercased), "timestamp": now()])
    }

    func joinNode(_ connection: UUID, node: UUID) async {
        guard let member = members[connection] else { return }
        if member.node != nil { await leaveNode(connection) }
        members[connection]?.node = node
        await send(
            to: onNode(node, except: connection),
            [
                "type": "user_joined_node", "nodeId": .string(node.lowercased),
                "userId": .string(member.userID.lowercased), "timestamp": now(),
            ])
        await send(
            to: [connection],
            [
                "type": "node_viewers", "nodeId": .string(node.lowercased),
                "users": .array(users(onNode: node).map { .string($0.lowercased) }),
            ])
    }

    func leaveNode(_ connection: UUID) async {
        guard let member = members[connection], let node = member.node else { return }
        members[connection]?.node = nil
        typing[node]?[member.userID] = nil
        await send(
            to: onNode(node),
            [
                "type": "user_left_node", "nodeId": .string(node.lowercased),
                "userId": .string(member.userID.lowercased), "timestamp": now(),
            ])
    }

    func typing(_ connection: UUID, node: UUID, started: Bool) async {
        guard let member = members[connection] else { return }
        typing[node, default: [:]][member.userID] = started ? Date() : nil
        await send(
            to: onNode(node),
            [
                "type": .string(started ? "typing_start" : "typing_stop"), "nodeId": .string(node.lowercased),
                "userId": .string(member.userID.lowercased), "timestamp": now(),
            ])
    }

    func presence(_ connection: UUID, status: JSONValue) async {
        guard let member = members[connection], let plan = member.plan else { return }
        await send(
            to: inPlan(plan),
            ["type": "presence_update", "userId": .string(member.userID.lowercased), "status": status, "timestamp": now()])
    }

    func broadcast(_ connection: UUID, message: JSONValue) async {
        guard let member = members[connection], let plan = member.plan else { return }
        await send(
            to: inPlan(plan, except: connection),
            ["type": "message", "userId": .string(member.userID.lowercased), "message": message, "timestamp": now()])
    }

    /// A domain event to this instance's audience (the acting user included, as in v1).
    func deliver(_ event: RealtimeEvent) async {
        let targets: [UUID]
        switch event.audience {
        case .everyone: targets = Array(members.keys)
        case .plan(let plan): targets = inPlan(plan)
        }
        await send(to: targets, event.envelope)
    }
}
