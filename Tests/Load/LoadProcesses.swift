import Foundation
import Persistence
import TestSupport

/// Child processes the zero-loss tests start: `agentplanner worker`s and a private PostgreSQL cluster.
enum LoadProcesses {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The `agentplanner` this package built (`swift build --build-tests` builds it), or `AGENTPLANNER_BIN`.
    static func binary(filePath: String = #filePath) throws -> String {
        if let given = ProcessInfo.processInfo.environment["AGENTPLANNER_BIN"] { return given }
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.appendingPathComponent(".build/debug/agentplanner").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw Failure(description: "\(path) is missing: run `swift build` (or set AGENTPLANNER_BIN) first")
        }
        return path
    }

    /// Starts an `agentplanner worker` with the dispatch settings of a load run, sending to `sink`'s ports.
    static func worker(
        database: PostgresLocation, secretsKey: String, slackBase: String, discordBase: String, leaseSeconds: Int = 8
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = ["worker"]
        var environment = ProcessInfo.processInfo.environment
        for (name, value) in [
            ("DATABASE_URL", database.url), ("AGENTPLANNER_SECRETS_KEY", secretsKey), ("SLACK_API_BASE_URL", slackBase),
            ("DISCORD_API_BASE_URL", discordBase), ("MIGRATE_ON_START", "false"), ("LOG_LEVEL", "critical"),
            ("DISPATCH_WORKERS", "1"), ("DISPATCH_POLL_MS", "50"), ("DISPATCH_LEASE_SECONDS", String(leaseSeconds)),
            ("DISPATCH_SEND_TIMEOUT_MS", "2000"), ("DISPATCH_RETRY_BASE_MS", "20"), ("DISPATCH_RETRY_CAP_MS", "200"),
            ("DISPATCH_CONCURRENCY_WEBHOOK", "16"), ("DISPATCH_CONCURRENCY_SLACK", "16"),
            ("DISPATCH_CONCURRENCY_DISCORD", "16"), ("DISPATCH_CRON_ENABLED", "false"),
        ] {
            environment[name] = value
        }
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Stops a child that is still running (SIGTERM, then SIGKILL after 10 s) and reaps it.
    static func stop(_ process: Process) {
        guard process.isRunning else {
            process.waitUntilExit()
            return
        }
        process.terminate()
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Runs a command to its end; throws with its output when it fails. Spawned and reaped directly, with
    /// only stdin/stdout/stderr inherited: `pg_ctl start` leaves a server behind, which kept Foundation's
    /// `Process` end-of-child socket open (its `waitUntilExit` never returned) and, with every descriptor
    /// inherited, would hold this process's sockets open after it closed them (no FIN to its peers).
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("load-cmd-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        guard addCloseFrom(&actions, 3) == 0 else { throw Failure(description: "posix_spawn_file_actions_addclosefrom_np failed") }
        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw Failure(description: "\(arguments.joined(separator: " ")) could not start: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        // WIFEXITED and WEXITSTATUS by hand: the C macros are not imported.
        let exited = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw Failure(
                description: "\(arguments.joined(separator: " ")) failed (status \(status)): \(text.suffix(2000))")
        }
        return text
    }
}

/// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which the Glibc module does not import.
private let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
        fatalError("this glibc has no posix_spawn_file_actions_addclosefrom_np (2.34 or later is needed)")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
}()

/// A PostgreSQL 15 cluster of the test's own (a data folder under /tmp, a private port), so a test may
/// restart it without touching the cluster the other suites share.
struct PrivateCluster {
    static let binaries = "/usr/lib/postgresql/15/bin"
    let folder: String
    let port: Int
    /// Commands run as the `postgres` user when this process is root (PostgreSQL refuses to run as root).
    let prefix: [String]

    var location: PostgresLocation {
        PostgresLocation(
            host: "127.0.0.1", port: port, username: "agentplanner", password: "agentplanner", database: "postgres", tls: .disable)
    }

    static func start() throws -> PrivateCluster {
        let folder = "/tmp/ap-private-pg-\(UUID().uuidString.prefix(8).lowercased())"
        let port = Int.random(in: 40_000...49_000)
        let prefix = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        try LoadProcesses.run(prefix + ["mkdir", "-p", folder])
        try LoadProcesses.run(prefix + ["sh", "-c", "echo agentplanner > \(folder)/pw"])
        try LoadProcesses.run(
            prefix + ["\(binaries)/initdb", "--no-sync", "-D", "\(folder)/data", "-U", "agentplanner", "--pwfile=\(folder)/pw", "-A", "md5"])
        let cluster = PrivateCluster(folder: folder, port: port, prefix: prefix)
        try cluster.control("start")
        return cluster
    }

    /// `pg_ctl start|restart|stop`, waiting for it to finish (`-m fast`: sessions are cut, as in a crash of
    /// the connections; committed work stays).
    func control(_ action: String) throws {
        try LoadProcesses.run(
            prefix + [
                "\(Self.binaries)/pg_ctl", "-D", "\(folder)/data", "-l", "\(folder)/log", "-w", "-m", "fast",
                "-o", "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1", action,
            ])
    }

    func remove() {
        try? control("stop")
        _ = try? LoadProcesses.run(prefix + ["rm", "-rf", folder])
    }
}
