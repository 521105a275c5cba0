import AgentPlannerCore
import Foundation

/// Counts of a run by outcome, class and area.
public struct RunSummary: Sendable {
    public struct Counts: Sendable, Equatable {
        public var passed = 0
        public var failed = 0
        public var notRun = 0
        public var total: Int { passed + failed + notRun }
    }

    public let overall: Counts
    public let byClass: [(String, Counts)]
    public let byArea: [(String, Counts)]

    public init(_ report: RunReport) {
        func count(_ results: [ContractResult]) -> Counts {
            var counts = Counts()
            for result in results {
                switch result.outcome {
                case .passed: counts.passed += 1
                case .failed: counts.failed += 1
                case .notRun: counts.notRun += 1
                }
            }
            return counts
        }
        overall = count(report.results)
        byClass = ["compatible", "v1Defect", "v2Change"].map { name in
            (name, count(report.results.filter { $0.contract.classification.name == name }))
        }
        byArea = Dictionary(grouping: report.results, by: \.contract.area).keys.sorted().map { area in
            (area, count(report.results.filter { $0.contract.area == area }))
        }
    }
}

/// The terminal summary printed at the end of a run.
public enum SummaryTable {
    public static func render(_ report: RunReport) -> String {
        let summary = RunSummary(report)
        var lines: [String] = []
        let failed = report.results.filter { !$0.failures.isEmpty }
        if !failed.isEmpty {
            lines.append("Failures:")
            for result in failed {
                lines.append("  ✗ \(result.contract.id) (\(result.contract.classification.name))")
                for failure in result.failures { lines.append("      \(failure)") }
            }
            lines.append("")
        }
        let notRun = report.results.filter { if case .notRun = $0.outcome { true } else { false } }
        if !notRun.isEmpty {
            lines.append("Not run:")
            for result in notRun {
                if case .notRun(let reason) = result.outcome { lines.append("  - \(result.contract.id): \(reason)") }
            }
            lines.append("")
        }
        let rows = [("", summary.overall)] + summary.byClass + [("", RunSummary.Counts())] + summary.byArea
        let width = max(12, rows.map(\.0.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String {
            text.count >= count ? text : text + String(repeating: " ", count: count - text.count)
        }
        func number(_ value: Int) -> String {
            let text = String(value)
            return String(repeating: " ", count: max(0, 7 - text.count)) + text
        }
        lines.append(pad("", width) + "  passed  failed  not run  total")
        lines.append(pad("all", width) + row(summary.overall))
        lines.append("by class")
        for (name, counts) in summary.byClass { lines.append(pad("  " + name, width) + row(counts)) }
        lines.append("by area")
        for (name, counts) in summary.byArea { lines.append(pad("  " + name, width) + row(counts)) }
        func row(_ counts: RunSummary.Counts) -> String {
            number(counts.passed) + " " + number(counts.failed) + "  " + number(counts.notRun) + number(counts.total)
        }
        let consumers = ConsumerReport(report).lines
        if !consumers.isEmpty { lines += [""] + consumers }
        if !report.obsoleteGoldens.isEmpty {
            lines.append("")
            lines.append("Obsolete goldens (no contract uses them):")
            for path in report.obsoleteGoldens { lines.append("  golden/\(path)") }
        }
        let seconds =
            Double(report.duration.components.seconds)
            + Double(report.duration.components.attoseconds) / 1e18
        lines.append("")
        lines.append(
            "\(summary.overall.passed) passed, \(summary.overall.failed) failed, \(summary.overall.notRun) not run "
                + "against \(report.target) in \(String(format: "%.2f", seconds)) s")
        return lines.joined(separator: "\n")
    }
}

/// JUnit XML, one test case per contract, grouped in a suite per area.
public enum JUnitReport {
    public static func render(_ report: RunReport) -> String {
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        let summary = RunSummary(report)
        xml += #"<testsuites name="agentplanner-contracts" tests="\#(summary.overall.total)" "#
        xml += #"failures="\#(summary.overall.failed)" skipped="\#(summary.overall.notRun)">"# + "\n"
        for (area, counts) in summary.byArea {
            xml += #"  <testsuite name="\#(escape(area))" tests="\#(counts.total)" failures="\#(counts.failed)" "#
            xml += #"skipped="\#(counts.notRun)">"# + "\n"
            for result in report.results where result.contract.area == area {
                let seconds =
                    Double(result.duration.components.seconds)
                    + Double(result.duration.components.attoseconds) / 1e18
                xml += #"    <testcase classname="\#(escape(area)).\#(result.contract.classification.name)" "#
                xml += #"name="\#(escape(result.contract.id))" time="\#(String(format: "%.3f", seconds))""#
                switch result.outcome {
                case .passed:
                    xml += "/>\n"
                case .failed(let failures):
                    xml += ">\n"
                    let text = failures.map(\.description).joined(separator: "\n")
                    xml += #"      <failure message="\#(escape(failures.first?.description ?? ""))">"#
                    xml += escape(text) + "</failure>\n    </testcase>\n"
                case .notRun(let reason):
                    xml += ">\n" + #"      <skipped message="\#(escape(reason))"/>"# + "\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// A Markdown report for pull requests and cut-over records.
public enum MarkdownReport {
    public static func render(_ report: RunReport) -> String {
        let summary = RunSummary(report)
        var text = "# Contract run against \(report.target)\n\n"
        text += "| | passed | failed | not run | total |\n|---|---:|---:|---:|---:|\n"
        func row(_ name: String, _ counts: RunSummary.Counts) -> String {
            "| \(name) | \(counts.passed) | \(counts.failed) | \(counts.notRun) | \(counts.total) |\n"
        }
        text += row("**all**", summary.overall)
        for (name, counts) in summary.byClass { text += row("class `\(name)`", counts) }
        for (name, counts) in summary.byArea { text += row("area `\(name)`", counts) }
        text += ConsumerReport(report).markdown
        text += "\n## Contracts\n\n| contract | class | v1 source | result |\n|---|---|---|---|\n"
        for result in report.results {
            let outcome: String
            switch result.outcome {
            case .passed: outcome = "passed"
            case .failed(let failures):
                outcome =
                    "**failed**: "
                    + failures.map { $0.description.replacingOccurrences(of: "|", with: "\\|") }
                    .joined(separator: "<br>")
            case .notRun(let reason): outcome = "not run: \(reason)"
            }
            let contract = result.contract
            text += "| `\(contract.id)` | \(contract.classification.name) | `\(contract.source.route)` "
            text += "(\(contract.source.file)) | \(outcome) |\n"
        }
        return text
    }
}

/// The run as JSON, for tools.
public enum JSONReport {
    public static func render(_ report: RunReport) -> String {
        let results: [JSONValue] = report.results.map { result in
            var object: [String: JSONValue] = [
                "id": .string(result.contract.id), "area": .string(result.contract.area),
                "class": .string(result.contract.classification.name),
                "v1_source": .object([
                    "route": .string(result.contract.source.route), "file": .string(result.contract.source.file),
                    "commit": .string(V1Source.commit),
                ]),
            ]
            switch result.contract.classification {
            case .compatible: break
            case .v1Defect(let defect): object["defect"] = .string(defect)
            case .v2Change(let reason): object["reason"] = .string(reason)
            }
            if let consumer = result.contract.consumer {
                object["consumer"] = .object([
                    "client": .string(consumer.consumer.label), "call": .string(consumer.callID), "route": .string(consumer.route),
                    "source": .string(consumer.client), "verdict": .string(consumer.verdict.name),
                    "decision": consumer.verdict.decision.map(JSONValue.string) ?? .null,
                ])
            }
            switch result.outcome {
            case .passed: object["outcome"] = "passed"
            case .failed(let failures):
                object["outcome"] = "failed"
                object["failures"] = .array(failures.map { .string($0.description) })
            case .notRun(let reason):
                object["outcome"] = "not_run"
                object["reason"] = .string(reason)
            }
            return .object(object)
        }
        let summary = RunSummary(report)
        let value = JSONValue.object([
            "target": .string(report.target),
            "passed": .number(Double(summary.overall.passed)), "failed": .number(Double(summary.overall.failed)),
            "not_run": .number(Double(summary.overall.notRun)), "results": .array(results),
            "obsolete_goldens": .array(report.obsoleteGoldens.map(JSONValue.string)),
            "consumers": ConsumerReport(report).json,
        ])
        return GoldenStore.prettyText(value) + "\n"
    }
}
