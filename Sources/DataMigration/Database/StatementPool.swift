import Logging
import Persistence

/// Runs groups of statements on several connections to one database at once: each group in order on one
/// connection, the groups spread over the connections. For work the server does alone (bulk INSERT … SELECT,
/// index builds, constraint validation, ANALYZE), where a second backend uses a second core.
struct StatementPool: Sendable {
    /// Statements run in order on one connection; `label` names the group to the hooks.
    struct Group: Sendable {
        var label: String
        var statements: [String]
    }

    let location: PostgresLocation
    let connections: Int
    let logger: Logger
    /// Run on each connection before its first group.
    var setup: [String] = ["SET maintenance_work_mem = '256MB'", "SET synchronous_commit = off"]

    func run(_ groups: [[String]]) async throws {
        try await run(groups.map { Group(label: "", statements: $0) })
    }

    /// Runs the groups; `before` is called before a group starts (it may throw to stop the run), `after` when it
    /// is done. A failing statement closes its connection, which rolls back a transaction the group opened.
    func run(
        _ groups: [Group], before: @escaping @Sendable (String) async throws -> Void = { _ in },
        after: @escaping @Sendable (String) async -> Void = { _ in }
    ) async throws {
        let work = groups.filter { !$0.statements.isEmpty }
        guard !work.isEmpty else { return }
        let queue = GroupQueue(work)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<max(1, min(connections, work.count)) {
                tasks.addTask {
                    try await PGLink.with(location, role: "target", logger: logger) { link in
                        for statement in setup { try await link.execute(statement) }
                        while let group = await queue.next() {
                            try await before(group.label)
                            for statement in group.statements { try await link.execute(statement) }
                            await after(group.label)
                        }
                    }
                }
            }
            try await tasks.waitForAll()
        }
    }
}

/// Statement groups still to run, handed out one at a time.
private actor GroupQueue {
    private var groups: [StatementPool.Group]

    init(_ groups: [StatementPool.Group]) { self.groups = groups }

    func next() -> StatementPool.Group? { groups.isEmpty ? nil : groups.removeFirst() }
}
