import Foundation

/// The one textual timestamp form of the project: ISO-8601, UTC, microseconds.
///
/// SQLite stores `timestamptz` columns in this form (`2026-02-14T12:34:56.789123Z`), so text order is time
/// order. API answers use the PostgREST form v1 clients saw (`2026-02-14T12:34:56.789123+00:00`).
public enum TimestampFormat {
    /// `2026-02-14T12:34:56.789123Z`
    public static func storage(_ date: Date) -> String {
        format(date, fractionDigits: 6, suffix: "Z")
    }

    /// `2026-02-14T12:34:56.789123+00:00`, as PostgREST rendered `timestamptz` for v1.
    public static func api(_ date: Date) -> String {
        format(date, fractionDigits: 6, suffix: "+00:00")
    }

    /// `2026-02-14T12:34:56.789Z`, as JavaScript's `toISOString()` (v1's `/health`, websocket metadata).
    public static func javaScript(_ date: Date) -> String {
        format(date, fractionDigits: 3, suffix: "Z")
    }

    /// Parses `YYYY-MM-DD[T ]HH:MM:SS[.f{1,9}](Z|±HH:MM|±HHMM|±HH)`; `nil` for anything else.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var index = 19
        var micros = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0, digits <= 9 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        var offsetSeconds = 0
        guard index < bytes.count else { return nil }
        switch bytes[index] {
        case UInt8(ascii: "Z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "+") ? 1 : -1
            let rest = bytes.count - index - 1
            let hours: Int?
            var minutes: Int? = 0
            switch rest {
            case 2: hours = number(index + 1..<index + 3)
            case 4:
                hours = number(index + 1..<index + 3)
                minutes = number(index + 3..<index + 5)
            case 5:
                guard bytes[index + 3] == UInt8(ascii: ":") else { return nil }
                hours = number(index + 1..<index + 3)
                minutes = number(index + 4..<index + 6)
            default: return nil
            }
            guard let hours, let minutes, hours < 24, minutes < 60 else { return nil }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
            index = bytes.count
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    private static func format(_ date: Date, fractionDigits: Int, suffix: String) -> String {
        let totalMicros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        var seconds = Int((totalMicros / 1_000_000).rounded(.down))
        var micros = Int(totalMicros - Double(seconds) * 1_000_000)
        if micros >= 1_000_000 {
            seconds += 1
            micros -= 1_000_000
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilFromDays(days)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractionDigits == 6 {
            text += "." + pad(micros, 6)
        } else {
            text += "." + pad(micros / 1000, 3)
        }
        return text + suffix
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    // Howard Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian calendar, no Calendar needed.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension TimestampFormat {
    /// `2026-02-14T12:34:56.789123Z`: Supabase Auth's user timestamps (the same text as the storage form).
    public static func supabase(_ date: Date) -> String {
        storage(date)
    }
}
