import AgentPlannerCore

/// The per-consumer section of every report: for each client in the run, its calls by v2's decision and how
/// many contracts passed. "mcp@b363d68: 38 calls, 36 work, 2 documented client defects; 38 passed".
public struct ConsumerReport: Sendable {
    public struct Row: Sendable, Equatable {
        public let consumer: Consumer
        /// Calls of the run, by verdict name (`ConsumerVerdict.reportOrder`).
        public var byVerdict: [String: Int] = [:]
        public var calls = 0
        /// Contracts of flows (the UI's websocket), counted beside the calls.
        public var flows = 0
        public var passed = 0
        public var failed = 0
        public var notRun = 0
        /// How many calls the call list names for this consumer (nil when the list is not at hand).
        public var listed: Int?

        /// `mcp@b363d68: 38 calls, 36 work, 2 documented client defects; 38 passed, 0 failed`.
        public var sentence: String {
            var parts: [String] = []
            for name in ConsumerVerdict.reportOrder {
                guard let count = byVerdict[name], count > 0 else { continue }
                let noun = name == "works" ? (count == 1 ? "works" : "work") : name + (count == 1 || name == "not served" ? "" : "s")
                parts.append("\(count) \(noun)")
            }
            var text = "\(consumer.label): \(calls) call\(calls == 1 ? "" : "s")"
            if let listed, listed != calls { text += " (of \(listed) listed)" }
            if flows > 0 { text += " and \(flows) flow\(flows == 1 ? "" : "s")" }
            text += ", " + parts.joined(separator: ", ")
            text += "; \(passed) passed, \(failed) failed" + (notRun > 0 ? ", \(notRun) not run" : "")
            return text
        }
    }

    public let rows: [Row]

    /// With the call list the binary carries.
    public init(_ report: RunReport) {
        self.init(report, list: try? ConsumerCallList.embedded())
    }

    public init(_ report: RunReport, list: ConsumerCallList?) {
        rows = Consumer.allCases.compactMap { consumer in
            let results = report.results.filter { $0.contract.consumer?.consumer == consumer }
            guard !results.isEmpty else { return nil }
            var row = Row(consumer: consumer)
            row.listed = list.map { $0.entries(of: consumer).count }
            for result in results {
                guard let source = result.contract.consumer else { continue }
                if source.isFlow { row.flows += 1 } else { row.calls += 1 }
                row.byVerdict[source.verdict.name, default: 0] += 1
                switch result.outcome {
                case .passed: row.passed += 1
                case .failed: row.failed += 1
                case .notRun: row.notRun += 1
                }
            }
            return row
        }
    }

    /// The terminal lines: a heading, one sentence per consumer, then the table.
    public var lines: [String] {
        guard !rows.isEmpty else { return [] }
        var lines = ["Consumers:"]
        lines += rows.map { "  " + $0.sentence }
        lines.append("")
        let header = ["consumer", "calls", "flows"] + ConsumerVerdict.reportOrder + ["passed", "failed", "not run"]
        let table = rows.map { row in
            [row.consumer.label, String(row.calls), String(row.flows)] + ConsumerVerdict.reportOrder.map { String(row.byVerdict[$0] ?? 0) }
                + [String(row.passed), String(row.failed), String(row.notRun)]
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
        }
        lines.append("  " + render(header))
        lines += table.map { "  " + render($0) }
        return lines
    }

    /// The Markdown section.
    public var markdown: String {
        guard !rows.isEmpty else { return "" }
        var text = "\n## Consumers\n\n"
        text += rows.map { "- " + $0.sentence }.joined(separator: "\n") + "\n\n"
        text += "| consumer | calls | flows | " + ConsumerVerdict.reportOrder.joined(separator: " | ") + " | passed | failed | not run |\n"
        text += "|---|" + String(repeating: "---:|", count: ConsumerVerdict.reportOrder.count + 5) + "\n"
        for row in rows {
            let counts = ConsumerVerdict.reportOrder.map { String(row.byVerdict[$0] ?? 0) }
            text += "| \(row.consumer.label) | \(row.calls) | \(row.flows) | " + counts.joined(separator: " | ")
            text += " | \(row.passed) | \(row.failed) | \(row.notRun) |\n"
        }
        return text
    }

    /// The JSON section: one object per consumer.
    public var json: JSONValue {
        .array(
            rows.map { row in
                var verdicts: [String: JSONValue] = [:]
                for name in ConsumerVerdict.reportOrder { verdicts[name] = .number(Double(row.byVerdict[name] ?? 0)) }
                return .object([
                    "consumer": .string(row.consumer.label), "calls": .number(Double(row.calls)), "flows": .number(Double(row.flows)),
                    "verdicts": .object(verdicts),
                    "passed": .number(Double(row.passed)), "failed": .number(Double(row.failed)), "not_run": .number(Double(row.notRun)),
                    "summary": .string(row.sentence),
                ])
            })
    }
}
