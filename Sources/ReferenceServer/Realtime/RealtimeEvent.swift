import AgentPlannerCore
import Foundation

/// A server-pushed domain event in v1's websocket envelope (ROUTES.md §6):
/// `{type, payload, metadata: {userId, userName, timestamp, planId, version: "1.0.0"}}`.
public struct RealtimeEvent: Sendable, Equatable {
    public enum Audience: Sendable, Equatable {
        /// Everyone connected (v1's `plan.created`, `plan.deleted`).
        case everyone
        /// The plan's room.
        case plan(UUID)
    }

    public var type: String
    public var payload: JSONValue
    public var audience: Audience
    public var actorID: UUID
    public var actorName: String
    public var planID: UUID?
    public var timestamp: Date

    public init(
        _ type: String, payload: JSONValue, audience: Audience, actorID: UUID, actorName: String, planID: UUID?,
        timestamp: Date = Date()
    ) {
        self.type = type
        self.payload = payload
        self.audience = audience
        self.actorID = actorID
        self.actorName = actorName
        self.planID = planID
        self.timestamp = timestamp
    }

    /// The JSON a client receives.
    public var envelope: JSONValue {
        [
            "type": .string(type), "payload": payload,
            "metadata": [
                "userId": .string(actorID.lowercased), "userName": .string(actorName),
                "timestamp": .string(TimestampFormat.javaScript(timestamp)),
                "planId": planID.map { .string($0.lowercased) } ?? .null, "version": "1.0.0",
            ],
        ]
    }

    /// The form that crosses instances (LISTEN/NOTIFY), and back.
    var wire: JSONValue {
        [
            "type": .string(type), "payload": payload,
            "audience": audience == .everyone ? "everyone" : .string(planID?.lowercased ?? ""),
            "actorId": .string(actorID.lowercased), "actorName": .string(actorName),
            "planId": planID.map { .string($0.lowercased) } ?? .null,
            "timestamp": .string(TimestampFormat.storage(timestamp)),
        ]
    }

    init?(wire: JSONValue) {
        guard let type = wire["type"]?.stringValue, let payload = wire["payload"],
            let actor = wire["actorId"]?.stringValue.flatMap(UUID.init(uuidString:)),
            let name = wire["actorName"]?.stringValue,
            let timestamp = wire["timestamp"]?.stringValue.flatMap(TimestampFormat.parse)
        else { return nil }
        let plan = wire["planId"]?.stringValue.flatMap(UUID.init(uuidString:))
        let audience: Audience
        if wire["audience"]?.stringValue == "everyone" {
            audience = .everyone
        } else if let plan {
            audience = .plan(plan)
        } else {
            return nil
        }
        self.init(type, payload: payload, audience: audience, actorID: actor, actorName: name, planID: plan, timestamp: timestamp)
    }
}

/// Where REST handlers publish realtime events after their change commits.
public protocol RealtimeBus: Sendable {
    func publish(_ event: RealtimeEvent) async
}

/// One instance: events go straight to this server's connections.
struct LocalRealtimeBus: RealtimeBus {
    let hub: RealtimeHub

    func publish(_ event: RealtimeEvent) async {
        await hub.deliver(event)
    }
}
