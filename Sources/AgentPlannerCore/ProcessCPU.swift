import Foundation

/// CPU time a process has used, from Linux's `/proc/<pid>/stat` (user + system, in clock ticks): how the load
/// runs split the cost of a delivery between the engine, the receivers and PostgreSQL's backends.
public enum ProcessCPU {
    /// The kernel's clock ticks per second for `/proc` times (`sysconf(_SC_CLK_TCK)`).
    public static let ticksPerSecond: Double = {
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        return ticks > 0 ? Double(ticks) : 100
    }()

    /// User + system seconds of `pid` (its own threads; not its waited-for children); nil when it is gone or
    /// `/proc` is not there (not Linux).
    public static func seconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parseStat(text)
    }

    /// This process's user + system seconds.
    public static func ownSeconds() -> Double? {
        seconds(pid: ProcessInfo.processInfo.processIdentifier)
    }

    /// Fields 14 (utime) and 15 (stime) of a `/proc/<pid>/stat` line, in seconds. The command name (field 2)
    /// may hold spaces and parentheses, so fields are counted after its last `)`.
    public static func parseStat(_ text: String) -> Double? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // After the name: state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / ticksPerSecond
    }
}
