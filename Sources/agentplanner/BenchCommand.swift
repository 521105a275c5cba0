import ArgumentParser
import Contract
import Foundation
import Persistence
import ReferenceServer
import ServerHarness

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure hot paths and print figures (build with -c release for real numbers).",
        subcommands: [Golden.self, Tree.self]
    )

    struct Golden: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse, normalise and diff a large JSON answer, as the contract runner does.")

        @Option(help: "Size of the answer in bytes.")
        var bytes = 1_048_576

        @Option(help: "How many times to repeat each phase.")
        var iterations = 20

        func validate() throws {
            guard bytes >= 1024 else { throw ValidationError("--bytes must be at least 1024") }
            guard (1...1000).contains(iterations) else { throw ValidationError("--iterations must be 1 to 1000") }
        }

        func run() async throws {
            let figures = try GoldenBenchmark.run(bytes: bytes, iterations: iterations)
            print("golden path on a \(figures.bytes)-byte answer, \(figures.iterations) iterations (ms: min / median / max)")
            for (name, value) in [("parse", figures.parse), ("normalise", figures.normalize), ("diff", figures.diff)] {
                let padded = name.padding(toLength: 10, withPad: " ", startingAt: 0)
                print("  " + padded + String(format: "%9.2f %9.2f %9.2f", value.0, value.1, value.2))
            }
            print("  differences found: \(figures.differencesFound) (expected 1)")
        }
    }

    struct Tree: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Time the full tree of a large plan (GET /plans/:id/nodes?include_details=true).")

        @Option(help: "Nodes in the plan, root included.")
        var nodes = 10_000

        @Option(help: "How many times to read the tree.")
        var iterations = 30

        @Option(name: .customLong("database-url"), help: "Database for the in-process server (default: temporary SQLite).")
        var databaseURL: String?

        func validate() throws {
            guard (2...200_000).contains(nodes) else { throw ValidationError("--nodes must be 2 to 200000") }
            guard (1...1000).contains(iterations) else { throw ValidationError("--iterations must be 1 to 1000") }
        }

        func run() async throws {
            try await reportingFailures {
                let logger = CommandLogging.bootstrap(level: .warning)
                let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agentplanner-bench-\(UUID().uuidString)")
                defer { try? FileManager.default.removeItem(at: folder) }
                let location =
                    try databaseURL.map { try DatabaseLocation(url: $0) }
                    ?? .sqlite(path: folder.appendingPathComponent("bench.sqlite").path)
                let configuration = ServerConfiguration(database: location, dataDirectory: folder.path)
                let figures = try await TreeBenchmark.run(
                    configuration: configuration, nodes: nodes, iterations: iterations, logger: logger)
                print(
                    "tree of \(figures.nodes) nodes on \(location.dialect), \(figures.bodyBytes) bytes, seeded in "
                        + String(format: "%.1f s", figures.seedSeconds))
                print(
                    String(
                        format: "  GET /plans/:id/nodes?include_details=true, ms over %d reads: p50 %.1f  p99 %.1f  min %.1f  max %.1f",
                        figures.samples.count, figures.percentile(0.5), figures.percentile(0.99), figures.samples.first ?? 0,
                        figures.samples.last ?? 0))
                let aggregate = location.dialect == .postgres ? "json_agg" : "json_group_array"
                print(
                    String(
                        format: "  the database's own %@ of the same rows (%d bytes), ms: p50 %.1f  p99 %.1f  min %.1f",
                        aggregate, figures.peerBytes, figures.peerPercentile(0.5), figures.peerPercentile(0.99),
                        figures.peerSamples.first ?? 0))
                print(
                    String(
                        format: "  ratio (%@ p50 / tree read p50): %.2f x", aggregate,
                        figures.peerPercentile(0.5) / max(figures.percentile(0.5), 0.001)))
                var usage = rusage()
                getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
                // ru_maxrss is in kilobytes on Linux: the whole process, seeding and the in-process server included.
                print(String(format: "  peak RSS of this process: %.1f MB", Double(usage.ru_maxrss) / 1024))
            }
        }
    }
}
