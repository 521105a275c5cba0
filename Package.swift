// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "agentplanner",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "agentplanner", targets: ["agentplanner"]),
        .library(name: "ReferenceServer", targets: ["ReferenceServer"]),
        .library(name: "Contract", targets: ["Contract"]),
        .library(name: "Persistence", targets: ["Persistence"]),
        // For the benchmarks package in Benchmarks/.
        .library(name: "AgentPlannerCore", targets: ["AgentPlannerCore"]),
        .library(name: "EventDispatch", targets: ["EventDispatch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    ],
    targets: [
        // Values every layer shares: JSON values and the project's timestamp formats.
        .target(name: "AgentPlannerCore", swiftSettings: swiftSettings),
        // Credentials every layer checks the same way: bcrypt password hashes and v1's API-token format.
        .target(
            name: "Credentials",
            dependencies: [
                "AgentPlannerCore",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The process's one outbound HTTP client (AsyncHTTPClient with a lifecycle): adapters, GitHub, the harness.
        .target(
            name: "OutboundHTTP",
            dependencies: [
                "AgentPlannerCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Data access layer: schema migrations, dialect mapping, repositories.
        .target(
            name: "Persistence",
            dependencies: [
                "AgentPlannerCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Event dispatch: outbox fan-out, leased workers, retries, cron, and the messaging adapters.
        .target(
            name: "EventDispatch",
            dependencies: [
                "AgentPlannerCore",
                "Credentials",
                "OutboundHTTP",
                "Persistence",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Loopback servers speaking the webhook, Slack, Discord and OpenClaw wire protocols, with fault injection.
        .target(
            name: "ProtocolFakes",
            dependencies: [
                "AgentPlannerCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The dispatch load run shared by `agentplanner load` and Tests/Load.
        .target(
            name: "DispatchLoad",
            dependencies: [
                "AgentPlannerCore", "Persistence", "EventDispatch", "ProtocolFakes", "OutboundHTTP",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The v2 reference implementation (HTTP API on Hummingbird 2).
        .target(
            name: "ReferenceServer",
            dependencies: [
                "AgentPlannerCore",
                "Credentials",
                "OutboundHTTP",
                "Persistence",
                "EventDispatch",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The executable contract suite: runs against any deployment; no XCTest.
        .target(
            name: "Contract",
            dependencies: [
                "AgentPlannerCore", "OutboundHTTP", "ProtocolFakes",
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Harness around the reference server: the in-process server, its dispatch pointed at the sink, the one
        // in-process wiring of the contract suite, and the tree benchmark. Kept out of the server target.
        .target(
            name: "ServerHarness",
            dependencies: [
                "AgentPlannerCore", "Persistence", "ReferenceServer", "Contract", "ProtocolFakes",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL's C client library: `COPY … TO STDOUT` (which PostgresNIO lacks) for the migration's bulk paths.
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Moving a Supabase-era v1 database into v2 and proving nothing was lost (issue 8, DECISIONS.md D6).
        .target(
            name: "DataMigration",
            dependencies: [
                "AgentPlannerCore",
                "Credentials",
                "Persistence",
                "CLibPQ",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // `agentplanner gate`: contracts, migration proof, dispatch smoke and a load probe in one go / no-go.
        .target(
            name: "CutoverGate",
            dependencies: [
                "AgentPlannerCore", "Contract", "DataMigration", "Persistence", "ProtocolFakes",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Thin command line: parses arguments, calls the libraries.
        .executableTarget(
            name: "agentplanner",
            dependencies: [
                "AgentPlannerCore",
                "ReferenceServer",
                "ServerHarness",
                "CutoverGate",
                "Persistence",
                "Contract",
                "DataMigration",
                "EventDispatch",
                "DispatchLoad",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared test helpers: per-test databases on Postgres and SQLite.
        .target(
            name: "TestSupport",
            dependencies: [
                "Persistence",
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Support",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PersistenceTests",
            dependencies: ["AgentPlannerCore", "Persistence", "TestSupport"],
            path: "Tests/Persistence",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "AgentPlannerCore", "Credentials", "ReferenceServer", "ServerHarness", "Persistence", "TestSupport",
                "EventDispatch", "ProtocolFakes",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/Server",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractTests",
            dependencies: [
                "AgentPlannerCore", "Contract", "ReferenceServer", "ServerHarness", "Persistence", "TestSupport",
                "ProtocolFakes",
            ],
            path: "Tests/Contract",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GateTests",
            dependencies: [
                "CutoverGate", "Contract", "DataMigration", "Persistence", "ProtocolFakes", "ServerHarness", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Gate",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigrationTests",
            dependencies: [
                "DataMigration", "Persistence", "EventDispatch", "TestSupport", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/Migration",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EventDispatchTests",
            dependencies: [
                "AgentPlannerCore", "Persistence", "EventDispatch", "ProtocolFakes", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/EventDispatch",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LoadTests",
            dependencies: ["Persistence", "TestSupport", "EventDispatch", "DispatchLoad", "ProtocolFakes"],
            path: "Tests/Load",
            swiftSettings: swiftSettings
        ),
    ]
)
