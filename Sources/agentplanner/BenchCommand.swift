import ArgumentParser
import Contract
import Foundation

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure hot paths and print figures (build with -c release for real numbers).",
        subcommands: [Golden.self]
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
}
