import DataMigration
import Foundation
import Synchronization

/// Progress of `migrate run` and `migrate verify`: on a terminal one status line redrawn in place (phase,
/// table, rows, rate, ETA); otherwise plain lines, a status line at most every 10 seconds.
final class ProgressDisplay: Sendable {
    private struct State {
        var started: ContinuousClock.Instant?
        var lastDrawn: ContinuousClock.Instant?
        var status = ""
    }

    private let terminal = isatty(STDOUT_FILENO) == 1
    private let state = Mutex(State())
    private let clock = ContinuousClock()

    /// A finished step: printed as its own line (the status line is redrawn under it on a terminal).
    func line(_ text: String) {
        state.withLock { state in
            if terminal && !state.status.isEmpty {
                print("\r\u{1B}[2K" + text + "\n" + state.status, terminator: "")
            } else {
                print(text)
            }
            fflush(nil)
        }
    }

    func rows(_ progress: RowProgress) {
        let now = clock.now
        state.withLock { state in
            let started = state.started ?? now
            state.started = started
            let interval: Duration = terminal ? .milliseconds(200) : .seconds(10)
            if let last = state.lastDrawn, now - last < interval, progress.done < progress.total { return }
            state.lastDrawn = now
            // Rate and ETA once a second has passed: the first batches alone say nothing about either.
            let seconds = Self.seconds(now - started)
            let rate = seconds >= 1 ? Double(progress.done) / seconds : 0
            let eta = rate > 0 && progress.total > progress.done ? Self.duration(Double(progress.total - progress.done) / rate) : "-"
            let text =
                "  \(progress.phase) \(progress.table): \(progress.done) of ~\(progress.total) rows, "
                + (rate > 0 ? "\(Int(rate)) rows/s" : "- rows/s") + ", ETA \(eta)"
            if terminal {
                state.status = text
                print("\r\u{1B}[2K" + text, terminator: "")
            } else {
                print(text)
            }
            fflush(nil)
        }
    }

    /// Ends the status line so what follows starts on a clean line.
    func finish() {
        state.withLock { state in
            if terminal && !state.status.isEmpty { print("\r\u{1B}[2K", terminator: "") }
            state.status = ""
            fflush(nil)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? "\(Int(seconds.rounded())) s" : "\(Int(seconds / 60)) min \(Int(seconds) % 60) s"
    }
}
