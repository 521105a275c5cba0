import Foundation

/// Starts the local PostgreSQL through `tools/postgres.sh` when the tests use the default URL and nothing
/// answers there, so `swift test` alone works on a fresh machine. An explicitly set
/// `AGENTPLANNER_TEST_POSTGRES_URL` is never started, only reported.
enum LocalPostgres {
    /// The script is run at most once per process; parallel test processes queue on one `flock`, and the
    /// script itself does nothing when the cluster is already up.
    private static let started = StartOnce()

    static var mayStart: Bool {
        ProcessInfo.processInfo.environment[TestDatabases.postgresURLVariable] == nil
    }

    static func start() async throws {
        try await started.run {
            let script = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("tools/postgres.sh")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            process.arguments = ["/tmp/agentplanner-test-postgres.lock", "bash", script.path]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw TestDatabaseError("tools/postgres.sh failed (exit \(process.terminationStatus)); see its output above")
            }
        }
    }
}

/// Runs a throwing job once; later callers wait for it and see its outcome.
private actor StartOnce {
    private var outcome: Task<Void, any Error>?

    func run(_ job: @escaping @Sendable () throws -> Void) async throws {
        if let outcome { return try await outcome.value }
        let task = Task { try job() }
        outcome = task
        try await task.value
    }
}
