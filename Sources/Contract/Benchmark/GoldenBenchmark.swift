import AgentPlannerCore
import Foundation

/// Measures the golden path on a large answer: parse, normalise, diff. Reported as figures by
/// `agentplanner bench golden`; never asserted as a timed test.
public enum GoldenBenchmark {
    public struct Figures: Sendable {
        public let bytes: Int
        public let iterations: Int
        /// Milliseconds per phase: (min, median, max).
        public let parse: (Double, Double, Double)
        public let normalize: (Double, Double, Double)
        public let diff: (Double, Double, Double)
        public let differencesFound: Int
    }

    /// A plan-tree-like answer of about `bytes` bytes: objects with UUIDs, timestamps, text and nesting.
    public static func sampleAnswer(bytes: Int) -> String {
        var nodes: [JSONValue] = []
        var size = 0
        var index = 0
        let planID = UUID().uuidString.lowercased()
        while size < bytes {
            let node: JSONValue = .object([
                "id": .string(UUID().uuidString.lowercased()), "plan_id": .string(planID),
                "title": .string("Task \(index): write the migration verifier section"),
                "description": .string(String(repeating: "Details of the work. ", count: 8)),
                "status": .string(["not_started", "in_progress", "completed", "blocked"][index % 4]),
                "order_index": .number(Double(index)), "created_at": .string(TimestampFormat.api(Date())),
                "metadata": .object(["tags": .array(["a", "b"]), "estimate": .number(3.5)]),
            ])
            size += node.jsonText.utf8.count + 1
            nodes.append(node)
            index += 1
        }
        return JSONValue.array(nodes).jsonText
    }

    public static func run(bytes: Int = 1_048_576, iterations: Int = 20) throws -> Figures {
        let text = sampleAnswer(bytes: bytes)
        var parse: [Double] = []
        var normalize: [Double] = []
        var diff: [Double] = []
        var differences = 0
        let clock = ContinuousClock()
        let expected: JSONValue = try {
            var normalizer = GoldenNormalizer(runToken: nil)
            return normalizer.normalize(try JSONValue(jsonText: text), unordered: ["$"])
        }()
        for _ in 0..<iterations {
            var value = JSONValue.null
            parse.append(milliseconds(try clock.measure { value = try JSONValue(jsonText: text) }))
            var normalized = JSONValue.null
            normalize.append(
                milliseconds(
                    clock.measure {
                        var normalizer = GoldenNormalizer(runToken: nil)
                        normalized = normalizer.normalize(value, unordered: ["$"])
                    }))
            // One changed field, so the differ walks everything and finds exactly one difference.
            if case .array(var items) = normalized, case .object(var first) = items[0] {
                first["status"] = "changed"
                items[0] = .object(first)
                normalized = .array(items)
            }
            diff.append(
                milliseconds(clock.measure { differences = JSONDiff.differences(expected: expected, actual: normalized).count }))
        }
        return Figures(
            bytes: text.utf8.count, iterations: iterations, parse: spread(parse), normalize: spread(normalize),
            diff: spread(diff), differencesFound: differences)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    private static func spread(_ samples: [Double]) -> (Double, Double, Double) {
        let sorted = samples.sorted()
        return (sorted.first ?? 0, sorted[sorted.count / 2], sorted.last ?? 0)
    }
}
