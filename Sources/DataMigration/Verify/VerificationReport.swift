import Foundation

/// One check of the verifier, with what it counted and the first rows (by primary key) that differ.
public struct CheckResult: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case pass, fail
        /// Left out because the user named it with `--skip`; shown in the report, never counted as a pass.
        case skipped
        /// Could not run (no canaries, no keys…) and was not skipped on request: the verification fails.
        case notRun = "not run"
        /// Reported for the record (SCHEMA.md §6 "report …" items); cannot fail.
        case note
    }

    public let section: String
    public let name: String
    public let status: Status
    public let summary: String
    public let counts: [String: Int]
    public let firstDifferences: [String]

    public init(
        section: String, name: String, status: Status, summary: String, counts: [String: Int] = [:],
        firstDifferences: [String] = []
    ) {
        self.section = section
        self.name = name
        self.status = status
        self.summary = summary
        self.counts = counts
        self.firstDifferences = firstDifferences
    }
}

public struct VerificationReport: Codable, Sendable {
    public let source: String
    public let target: String
    public let checkedAt: String
    public let checks: [CheckResult]

    /// No check failed and every check ran or was skipped on request.
    public var passed: Bool { !checks.contains { $0.status == .fail || $0.status == .notRun } }
    /// Failed checks and checks that could not run.
    public var failures: [CheckResult] { checks.filter { $0.status == .fail || $0.status == .notRun } }
    /// Checks left out with `--skip`.
    public var skipped: [CheckResult] { checks.filter { $0.status == .skipped } }

    public func check(named name: String) -> [CheckResult] { checks.filter { $0.name.hasPrefix(name) } }

    public var terminalSummary: String {
        var lines = ["verify \(source) -> \(target)"]
        for check in checks {
            let mark =
                switch check.status {
                case .pass: "PASS"
                case .fail: "FAIL"
                case .skipped: "SKIP"
                case .notRun: "NOT RUN"
                case .note: "NOTE"
                }
            lines.append("  \(mark)  [\(check.section)] \(check.name): \(check.summary)")
            if !check.firstDifferences.isEmpty {
                lines.append("        first: " + check.firstDifferences.prefix(5).joined(separator: ", "))
            }
        }
        let failed = checks.filter { $0.status == .fail }.count
        let notRun = checks.filter { $0.status == .notRun }.count
        let passedCount = checks.filter { $0.status == .pass }.count
        let skippedNote = skipped.isEmpty ? "" : ", skipped on request: " + skipped.map(\.name).joined(separator: "; ")
        lines.append(
            passed
                ? "verification PASSED (\(passedCount) checks passed\(skippedNote))"
                : "verification FAILED: \(failed) check(s) failed, \(notRun) not run, \(passedCount) passed\(skippedNote)")
        return lines.joined(separator: "\n")
    }

    public var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }

    public var markdown: String {
        var lines = [
            "# Migration verification", "", "- Source: `\(source)`", "- Target: `\(target)`", "- Checked: \(checkedAt)",
            "- Result: **\(passed ? "PASSED" : "FAILED")** (\(failures.count) failed or not run of \(checks.count) checks)",
            "- Skipped on request (`--skip`): " + (skipped.isEmpty ? "none" : skipped.map { "\($0.name)" }.joined(separator: "; ")), "",
            "| Status | Section | Check | Summary | First differing keys |", "|---|---|---|---|---|",
        ]
        for check in checks {
            let keys = check.firstDifferences.prefix(5).map { "`\($0)`" }.joined(separator: " ")
            lines.append(
                "| \(check.status.rawValue) | \(check.section) | \(check.name) | \(check.summary.replacingOccurrences(of: "|", with: "/")) | \(keys) |"
            )
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
