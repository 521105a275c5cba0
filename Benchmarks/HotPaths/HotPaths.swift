import AgentPlannerCore
import Benchmark
import Foundation
import Persistence
import ReferenceServer

/// The hot paths whose regressions should show in a diff: the tree answer of a 10,000-node plan and the JSON
/// writer and parser every answer goes through. The dispatch cycle needs a database and is measured end to end by
/// `tools/dispatch-bench.sh`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident, .throughput],
        maxDuration: .seconds(5), maxIterations: 1_000)

    let summary = TreeFixture.rows(count: 10_000, details: false)
    let details = TreeFixture.rows(count: 10_000, details: true)
    Benchmark("tree answer, 10,000 nodes") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(NodeTreeWriter.bytes(summary)) }
    }
    Benchmark("tree answer with details, 10,000 nodes") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(NodeTreeWriter.bytes(details)) }
    }

    let document = TreeFixture.document(objects: 5_000)
    let text = JSONWriter.text(document)
    Benchmark("JSON writer, \(text.utf8.count / 1024) KB") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(JSONWriter.bytes(document)) }
    }
    Benchmark("JSON parser, \(text.utf8.count / 1024) KB") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try JSONValue(jsonText: text)) }
    }
}

/// Deterministic inputs shaped like the tree benchmark's plan: phases of milestones of tasks.
enum TreeFixture {
    static func rows(count: Int, details: Bool) -> [PlanTreeRow] {
        let plan = UUID()
        let created = Date(timeIntervalSince1970: 1_780_000_000)
        var ids: [UUID] = []
        ids.reserveCapacity(count)
        var (phase, milestone) = (0, 0)
        return (0..<count).map { index in
            let id = UUID()
            ids.append(id)
            let kind = index == 0 ? "root" : index % 1000 == 1 ? "phase" : index % 100 == 1 ? "milestone" : "task"
            let parent: UUID? = index == 0 ? nil : kind == "phase" ? ids[0] : kind == "milestone" ? ids[phase] : ids[milestone]
            if kind == "phase" { (phase, milestone) = (index, index) }
            if kind == "milestone" { milestone = index }
            var row = PlanTreeRow(
                id: id, parentID: parent, nodeType: kind, title: "\(kind) \(index)", status: "not_started",
                orderIndex: index, createdAt: created.addingTimeInterval(Double(index)))
            if details {
                row.details = .init(
                    planID: plan, description: "Benchmark node \(index) with a description of ordinary length.",
                    dueDate: nil, updatedAt: created, context: "Context for node \(index)", agentInstructions: nil,
                    metadata: ["n": .number(Double(index))])
            }
            return row
        }
    }

    static func document(objects: Int) -> JSONValue {
        .array(
            (0..<objects).map { index in
                [
                    "id": .string(UUID().uuidString.lowercased()), "title": .string("Task \(index) \"quoted\" ✨"),
                    "order_index": .number(Double(index)), "progress": .number(Double(index) / 7),
                    "tags": ["alpha", "beta"], "done": .bool(index % 2 == 0), "parent_id": .null,
                ]
            })
    }
}
