import Foundation

/// How the process reports on itself: the log line format and who may read `/metrics`.
public struct ObservabilitySettings: Sendable {
    /// `text` is swift-log's stream format; `json` is one JSON object per line (`JSONLogHandler`).
    public enum LogFormat: String, Sendable, CaseIterable { case text, json }

    public var logFormat: LogFormat = .text
    /// The bearer token `/metrics` requires. `nil`: the endpoint is off (answers 404), so a deployment never
    /// publishes its figures by accident.
    public var metricsToken: String?

    public init(logFormat: LogFormat = .text, metricsToken: String? = nil) {
        self.logFormat = logFormat
        self.metricsToken = metricsToken
    }

    /// A token short enough to guess is refused at start.
    public static let minimumMetricsTokenLength = 16
}

extension ConfigurationLoader {
    /// `LOG_FORMAT` (or `--log-format`) and `METRICS_TOKEN`.
    func readObservability(
        logFormat override: String?, into settings: inout ObservabilitySettings, problems: inout [ConfigurationProblem]
    ) {
        if let raw = override ?? environment["LOG_FORMAT"].flatMap({ $0.isEmpty ? nil : $0 }) {
            if let format = ObservabilitySettings.LogFormat(rawValue: raw.lowercased()) {
                settings.logFormat = format
            } else {
                let names = ObservabilitySettings.LogFormat.allCases.map(\.rawValue).joined(separator: ", ")
                problems.append(.init("LOG_FORMAT", "must be one of \(names), got '\(raw)'"))
            }
        }
        if let raw = environment["METRICS_TOKEN"], !raw.isEmpty {
            let minimum = ObservabilitySettings.minimumMetricsTokenLength
            if raw.utf8.count < minimum {
                problems.append(.init("METRICS_TOKEN", "must be at least \(minimum) characters, got \(raw.utf8.count)"))
            } else if raw.contains(where: { $0.isWhitespace }) {
                problems.append(.init("METRICS_TOKEN", "must not contain spaces"))
            } else {
                settings.metricsToken = raw
            }
        }
    }
}
