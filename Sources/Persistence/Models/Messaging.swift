import AgentPlannerCore
import Foundation

/// The services a messaging integration delivers to (`messaging_integrations.adapter`).
public enum MessagingAdapterKind: String, Sendable, CaseIterable, Codable {
    case webhook, slack, discord, openclaw
}

/// The life cycle of a `message_deliveries` row.
public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    case pending
    case inFlight = "in_flight"
    case delivered
    case failed
    case dead
}

/// A row of `messaging_integrations`. `secret` is ciphertext; decrypting it is the dispatch engine's job.
public struct MessagingIntegration: Sendable, Equatable {
    public var id: UUID
    public var userID: UUID
    public var adapter: MessagingAdapterKind
    public var name: String
    /// Non-secret settings (url, channel, team).
    public var config: JSONValue
    public var secret: String?
    /// Subscribed event names; empty means the adapter's defaults.
    public var events: [String]
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: UUID = UUID(), userID: UUID, adapter: MessagingAdapterKind, name: String, config: JSONValue = .emptyObject,
        secret: String? = nil, events: [String] = [], isActive: Bool = true, createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.userID = userID
        self.adapter = adapter
        self.name = name
        self.config = config
        self.secret = secret
        self.events = events
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// A delivery to write at fan-out: one event to one integration.
public struct NewDelivery: Sendable, Equatable {
    public var eventID: UUID
    public var integrationID: UUID
    public var adapter: MessagingAdapterKind
    public var eventType: String
    public var payload: JSONValue
    public var createdAt: Date

    public init(
        eventID: UUID, integrationID: UUID, adapter: MessagingAdapterKind, eventType: String, payload: JSONValue,
        createdAt: Date = Date()
    ) {
        self.eventID = eventID
        self.integrationID = integrationID
        self.adapter = adapter
        self.eventType = eventType
        self.payload = payload
        self.createdAt = createdAt
    }

    /// `<event id>:<integration id>`, lowercase: receivers drop duplicates by it.
    public var idempotencyKey: String { MessageDelivery.idempotencyKey(event: eventID, integration: integrationID) }
}

/// A row of `message_deliveries`.
public struct MessageDelivery: Sendable, Equatable {
    public var id: UUID
    public var eventID: UUID?
    public var integrationID: UUID
    public var adapter: MessagingAdapterKind
    public var eventType: String
    public var payload: JSONValue
    public var status: DeliveryStatus
    /// Attempts started (a claim counts one).
    public var attempts: Int
    public var nextAttemptAt: Date
    public var leaseExpiresAt: Date?
    public var leaseOwner: String?
    public var lastError: String?
    public var responseStatus: Int?
    public var idempotencyKey: String
    public var createdAt: Date
    public var deliveredAt: Date?
    public var updatedAt: Date

    /// `lastError` of a delivery claimed after another worker's lease on it expired (a lease takeover): that
    /// attempt never recorded an outcome. The next outcome replaces it.
    public static let leaseExpiredNote = "the previous attempt's lease expired before it recorded an outcome"

    public static func idempotencyKey(event: UUID, integration: UUID) -> String {
        event.uuidString.lowercased() + ":" + integration.uuidString.lowercased()
    }
}

/// How a send ended, as the worker records it.
/// One outcome to record for the lease holder of one attempt (`MessageDeliveryRepository.record(_:at:)`).
public struct OutcomeRecord: Sendable, Equatable {
    public var id: UUID
    public var owner: String
    public var attempt: Int
    public var outcome: DeliveryOutcome

    public init(id: UUID, owner: String, attempt: Int, outcome: DeliveryOutcome) {
        self.id = id
        self.owner = owner
        self.attempt = attempt
        self.outcome = outcome
    }
}

public enum DeliveryOutcome: Sendable, Equatable {
    case delivered(responseStatus: Int?)
    /// Try again at `nextAttemptAt`.
    case retry(error: String, responseStatus: Int?, nextAttemptAt: Date)
    /// No more attempts: the row becomes `dead`.
    case dead(error: String, responseStatus: Int?)
}
