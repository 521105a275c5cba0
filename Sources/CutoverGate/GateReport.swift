import AgentPlannerCore
import Foundation

/// One stage of the gate and what it found.
public struct StageResult: Sendable {
    public enum Status: String, Sendable {
        case passed
        case failed
        /// Left out of the config: not checked, and the report says so.
        case skipped
        /// Not run because an earlier stage failed, which makes this one meaningless.
        case notRun = "not run"
    }

    public let name: String
    public let status: Status
    /// One line: what was checked and the outcome.
    public let summary: String
    /// Why the stage failed, one reason a line, as the verdict quotes them.
    public let reasons: [String]
    /// Everything else worth reading (figures, each failure).
    public let details: [String]
    public let seconds: Double

    public init(name: String, status: Status, summary: String, reasons: [String] = [], details: [String] = [], seconds: Double = 0) {
        self.name = name
        self.status = status
        self.summary = summary
        self.reasons = reasons
        self.details = details
        self.seconds = seconds
    }
}

/// The gate's answer: GO only when every configured stage passed.
public struct GateReport: Sendable {
    public let target: String
    public let startedAt: String
    public let stages: [StageResult]

    public var go: Bool { !stages.contains { $0.status == .failed || $0.status == .notRun } }
    public var verdict: String { go ? "GO" : "NO-GO" }
    /// "stage: reason" for every failure; for a GO, what was not checked.
    public var reasons: [String] {
        if go {
            return stages.filter { $0.status == .skipped }.map { "not checked: \($0.name) (\($0.summary))" }
        }
        return stages.flatMap { stage in stage.reasons.map { "\(stage.name): \($0)" } }
    }

    public var markdown: String {
        var lines = ["# \(verdict)", ""]
        lines += reasons.map { "- \($0)" }
        if reasons.isEmpty { lines.append("Every stage passed.") }
        lines += ["", "Deployment \(target), checked \(startedAt).", "", "| stage | status | summary | seconds |", "|---|---|---|---|"]
        for stage in stages {
            lines.append("| \(stage.name) | \(stage.status.rawValue) | \(stage.summary.replacingOccurrences(of: "|", with: "\\|")) | \(String(format: "%.1f", stage.seconds)) |")
        }
        for stage in stages where !stage.details.isEmpty {
            lines += ["", "## \(stage.name)", ""]
            lines += stage.details.map { "- \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var json: String {
        let stageValues: [JSONValue] = stages.map { stage in
            .object([
                "name": .string(stage.name), "status": .string(stage.status.rawValue), "summary": .string(stage.summary),
                "reasons": .array(stage.reasons.map { .string($0) }), "details": .array(stage.details.map { .string($0) }),
                "seconds": .number((stage.seconds * 10).rounded() / 10),
            ])
        }
        let value: JSONValue = .object([
            "verdict": .string(verdict), "go": .bool(go), "reasons": .array(reasons.map { .string($0) }),
            "target": .string(target), "started_at": .string(startedAt), "stages": .array(stageValues),
        ])
        return value.jsonText + "\n"
    }

    /// One test suite, one test case per stage; a skipped stage is `<skipped/>`, a failed or unrun one a failure.
    public var junit: String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let failures = stages.filter { $0.status == .failed || $0.status == .notRun }.count
        let skipped = stages.filter { $0.status == .skipped }.count
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            #"<testsuites name="agentplanner gate" tests="\#(stages.count)" failures="\#(failures)">"#,
            #"  <testsuite name="gate \#(verdict)" tests="\#(stages.count)" failures="\#(failures)" skipped="\#(skipped)">"#,
        ]
        for stage in stages {
            let time = String(format: "%.3f", stage.seconds)
            lines.append(#"    <testcase classname="gate" name="\#(escape(stage.name))" time="\#(time)">"#)
            switch stage.status {
            case .passed: break
            case .skipped: lines.append(#"      <skipped message="\#(escape(stage.summary))"/>"#)
            case .failed, .notRun:
                let body = (stage.reasons + stage.details).map(escape).joined(separator: "\n")
                lines.append(#"      <failure message="\#(escape(stage.summary))">\#(body)</failure>"#)
            }
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }
}
