import AgentPlannerCore
import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line (`LOG_FORMAT=json`): `timestamp` (UTC, milliseconds),
/// `level`, `label`, `message`, and every metadata field beside them (the request log adds `request_id`,
/// `route`, `method`, `status`, `duration_ms`). Metadata given as a number or a boolean stays one in the JSON;
/// everything else is a string, lists are arrays, dictionaries are objects. A metadata key that collides with
/// one of the four fixed fields is written as `metadata.<key>` rather than replacing it.
public struct JSONLogHandler: LogHandler {
    /// Receives each finished line, without its newline.
    public typealias Sink = @Sendable (String) -> Void

    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level = .info
    let label: String
    let sink: Sink

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, sink: @escaping Sink = Self.standardError) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        sink(Self.line(level: event.level, label: label, message: "\(event.message)", metadata: merged, at: Date()))
    }

    static let fixedFields: Set<String> = ["timestamp", "level", "label", "message"]

    /// The JSON text of one log line (what `log(event:)` writes, without the newline).
    public static func line(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata, at date: Date) -> String {
        var fields: [String: JSONValue] = [:]
        for (key, value) in metadata {
            fields[fixedFields.contains(key) ? "metadata.\(key)" : key] = json(value)
        }
        fields["timestamp"] = .string(TimestampFormat.javaScript(date))
        fields["level"] = .string(level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(message)
        return JSONWriter.text(.object(fields))
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            switch convertible {
            case let flag as Bool: return .bool(flag)
            case let number as Int: return .number(Double(number))
            case let number as Double where number.isFinite: return .number(number)
            default: return .string(convertible.description)
            }
        case .array(let items): return .array(items.map(json))
        case .dictionary(let fields): return .object(fields.mapValues(json))
        }
    }

    /// Writes each line whole to standard error; the lock keeps concurrent lines from interleaving.
    public static let standardError: Sink = { line in
        standardErrorLock.withLock { _ in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    private static let standardErrorLock = Mutex(())
}
