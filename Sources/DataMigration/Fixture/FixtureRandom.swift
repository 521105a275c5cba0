import AgentPlannerCore
import Foundation

/// SplitMix64: a small, fast, seedable generator, so a seed always produces the same database.
struct FixtureRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    mutating func chance(_ percent: Int) -> Bool { int(0..<100) < percent }

    mutating func pick<T>(_ values: [T]) -> T { values[int(0..<values.count)] }

    /// A version-4 UUID, lower case.
    mutating func uuid() -> String {
        var bytes = (0..<2).flatMap { _ in withUnsafeBytes(of: next()) { Array($0) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.encode(bytes)
        let characters = Array(hex)
        return [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }.joined(separator: "-")
    }

    mutating func hex(bytes count: Int) -> String {
        Hex.encode((0..<count).map { _ in UInt8(truncatingIfNeeded: next()) })
    }

    /// A timestamp in 2024–2025 with microseconds, rendered in UTC (`2025-03-04T05:06:07.123456Z`).
    mutating func timestamp(after base: Int64? = nil) -> FixtureTime {
        let start = base ?? 1_704_067_200_000_000  // 2024-01-01
        return FixtureTime(
            micros: start + Int64(int(1..<(base == nil ? 63_072_000 : 2_592_000))) * 1_000_000
                + Int64(int(0..<1_000_000)))
    }

    mutating func words(_ count: Int) -> String {
        (0..<count).map { _ in pick(Self.vocabulary) }.joined(separator: " ")
    }

    mutating func bcryptLike() -> String {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return "$2a$10$" + String((0..<53).map { _ in alphabet[int(0..<alphabet.count)] })
    }

    static let vocabulary = [
        "plan", "ship", "review", "agent", "deploy", "schema", "tree", "root", "task", "phase", "fix", "write",
        "test", "migrate", "token", "login", "budget", "report", "design", "measure",
    ]
}

/// A point in time with microsecond precision, as the generator writes it.
struct FixtureTime: Comparable {
    let micros: Int64

    static func < (a: FixtureTime, b: FixtureTime) -> Bool { a.micros < b.micros }

    /// Rendered without Foundation's calendar (millions of these in a benchmark fixture): days to civil date
    /// after Howard Hinnant's `civil_from_days`.
    var text: String {
        let seconds = micros / 1_000_000
        let fraction = Int(micros % 1_000_000)
        let days = seconds / 86_400
        let secondOfDay = Int(seconds % 86_400)
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60,
            secondOfDay % 60, fraction)
    }

    func adding(seconds: Int64) -> FixtureTime { FixtureTime(micros: micros + seconds * 1_000_000) }
}
