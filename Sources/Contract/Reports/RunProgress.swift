import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A run's progress as people watch it. On a terminal, one status line rewritten in place (contract n of N,
/// its area, failures so far, a rate-limit wait) with failures printed above it as they happen; anywhere
/// else (CI logs, pipes), one plain line per contract.
public final class RunProgress: Sendable {
    private let total: Int
    private let interactive: Bool
    private let write: @Sendable (String) -> Void
    private let state = Mutex(State())

    private struct State {
        var index = 0
        var area = ""
        var id = ""
        var failures = 0
        var waiting: String?
    }

    /// `interactive` nil: decided by whether standard output is a terminal.
    public init(total: Int, interactive: Bool? = nil, write: @escaping @Sendable (String) -> Void = RunProgress.standardOutput) {
        self.total = total
        self.interactive = interactive ?? (isatty(STDOUT_FILENO) == 1)
        self.write = write
    }

    /// Writes at once, after whatever `print` still holds in its buffer, so the order of lines holds in a pipe.
    public static let standardOutput: @Sendable (String) -> Void = { text in
        fflush(nil)
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    public func starting(_ index: Int, _ contract: Contract) {
        let line = state.withLock { state in
            state.index = index + 1
            state.area = contract.area
            state.id = contract.id
            state.waiting = nil
            return statusLine(state)
        }
        if interactive { write("\r\u{1B}[2K" + line) }
    }

    public func finished(_ result: ContractResult) {
        let (position, status) = state.withLock { state in
            if !result.passed { state.failures += 1 }
            return ("[\(state.index)/\(total)]", statusLine(state))
        }
        let milliseconds = result.duration.components.seconds * 1000
            + result.duration.components.attoseconds / 1_000_000_000_000_000
        let mark: String
        switch result.outcome {
        case .passed: mark = "✓"
        case .failed: mark = "✗"
        case .notRun: mark = "-"
        }
        let line = "  \(mark) \(position) \(result.contract.id) (\(milliseconds) ms)"
        if !interactive {
            write(line + "\n")
        } else if !result.passed {
            write("\r\u{1B}[2K" + line + "\n" + status)
        }
    }

    /// The first 429 from each limiter gets a line of its own saying the run will be slow, not failing.
    public func rateLimited(_ event: RateLimitEvent) {
        let seconds = Double(event.wait.components.seconds) + Double(event.wait.components.attoseconds) / 1e18
        let wait = String(format: "%.0f s", seconds.rounded(.up))
        let status = state.withLock { state in
            state.waiting = "waiting \(wait) for the \(event.limiter) rate limit"
            return statusLine(state)
        }
        let prefix = interactive ? "\r\u{1B}[2K" : ""
        if event.firstForLimiter {
            write(
                prefix + "The deployment's \(event.limiter) rate limit answered 429 to \(event.method) \(event.path): "
                    + "waiting \(wait) as Retry-After says, then retrying. This run will be slow, not failing; "
                    + "retries are counted in the summary.\n" + (interactive ? status : ""))
        } else if interactive {
            write(prefix + status)
        }
    }

    /// Clears the status line before the summary.
    public func finish() {
        if interactive { write("\r\u{1B}[2K") }
    }

    private func statusLine(_ state: State) -> String {
        var line = "[\(state.index)/\(total)] \(state.area) · \(state.failures) failed · \(state.id)"
        if let waiting = state.waiting { line += " · \(waiting)" }
        return line
    }
}
