// swift-tools-version: 6.1
import PackageDescription

// The hot-path benchmarks (ordo-one/benchmark), in their own package so that the server's build and CI never
// compile the benchmark tooling. Run from this folder: `swift package benchmark`; compare against a saved baseline
// with `swift package benchmark baseline update main` then `swift package benchmark baseline compare main`.
let package = Package(
    name: "agentplanner-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "agentplanner", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "HotPaths",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AgentPlannerCore", package: "agentplanner"),
                .product(name: "Persistence", package: "agentplanner"),
                .product(name: "ReferenceServer", package: "agentplanner"),
            ],
            path: "HotPaths",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
