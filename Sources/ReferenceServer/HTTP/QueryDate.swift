import AgentPlannerCore
import Foundation

/// Dates in query strings.
enum QueryDate {
    /// Any date JavaScript's `new Date()` reads that clients send: ISO timestamps, or a bare `YYYY-MM-DD`.
    static func parse(_ text: String) -> Date? {
        if let date = TimestampFormat.parse(text) { return date }
        if text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil { return TimestampFormat.parse(text + "T00:00:00Z") }
        return nil
    }
}
