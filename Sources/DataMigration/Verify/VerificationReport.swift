import Foundation

/// One check of the verifier, with what it counted and the first rows (by primary key) that differ.
public struct CheckResult: Codable, Sendable {
    public enum Status: String, Codable, Sendable {
        case pass, fail
        /// Could not run (for example no canaries given); never counted as a pass.
        case skipped
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

    public var passed: Bool { !checks.contains { $0.status == .fail } }
    public var failures: [CheckResult] { checks.filter { $0.status == .fail } }

    public func check(named name: String) -> [CheckResult] { checks.filter { $0.name.hasPrefix(name) } }

    public var terminalSummary: String {
        var lines = ["verify \(source) -> \(target)"]
        for check in checks {
            let mark = switch check.status {
            case .pass: "PASS"
            case .fail: "FAIL"
            case .skipped: "SKIP"
            case .note: "NOTE"
            }
            lines.append("  \(mark)  [\(check.section)] \(check.name): \(check.summary)")
            if !check.firstDifferences.isEmpty {
                lines.append("        first: " + check.firstDifferences.prefix(5).joined(separator: ", "))
            }
        }
        let failed = failures.count
        let passedCount = checks.filter { $0.status == .pass }.count
        lines.append(
            failed == 0 ? "verification PASSED (\(passedCount) checks passed)" : "verification FAILED: \(failed) check(s) failed, \(passedCount) passed")
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
            "- Result: **\(passed ? "PASSED" : "FAILED")** (\(failures.count) failed of \(checks.count) checks)", "",
            "| Status | Section | Check | Summary | First differing keys |", "|---|---|---|---|---|",
        ]
        for check in checks {
            let keys = check.firstDifferences.prefix(5).map { "`\($0)`" }.joined(separator: " ")
            lines.append(
                "| \(check.status.rawValue) | \(check.section) | \(check.name) | \(check.summary.replacingOccurrences(of: "|", with: "/")) | \(keys) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
