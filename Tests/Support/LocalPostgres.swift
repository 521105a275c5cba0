import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
            // posix_spawn and waitpid rather than Foundation's Process, whose waitUntilExit hung here when called
            // from a concurrency thread (the child exited, nobody reaped it).
            let arguments = ["/usr/bin/flock", "/tmp/agentplanner-test-postgres.lock", "bash", script.path]
            var pid = pid_t()
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            // The script prints the URL on standard output; its progress on standard error stays visible.
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            let argv = arguments.map { strdup($0) } + [nil]
            defer { for argument in argv { free(argument) } }
            let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
            guard spawned == 0 else { throw TestDatabaseError("cannot run tools/postgres.sh: \(String(cString: strerror(spawned)))") }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let exited = status & 0x7f == 0
            let code = (status >> 8) & 0xff
            guard exited, code == 0 else {
                throw TestDatabaseError("tools/postgres.sh failed (status \(status)); see its output above")
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
