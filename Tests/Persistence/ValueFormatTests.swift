import AgentPlannerCore
import Foundation
import Persistence
import Testing

@Suite("Value formats")
struct ValueFormatTests {
    @Test("timestamps keep microseconds through text")
    func timestampRoundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_771_072_496.123456)
        #expect(TimestampFormat.storage(date) == "2026-02-14T12:34:56.123456Z")
        #expect(TimestampFormat.api(date) == "2026-02-14T12:34:56.123456+00:00")
        #expect(TimestampFormat.javaScript(date) == "2026-02-14T12:34:56.123Z")
        #expect(TimestampFormat.parse("2026-02-14T12:34:56.123456Z") == date)
        #expect(TimestampFormat.parse("2026-02-14T14:34:56.123456+02:00") == date)
        #expect(TimestampFormat.parse("2026-02-14 12:34:56.123456+00") == date)
    }

    @Test(
        "malformed timestamps are refused",
        arguments: [
            "2026-02-14", "2026-02-14T12:34:56", "2026-13-14T12:34:56Z", "2026-02-14T12:34:56.Z", "yesterday",
            "2026-02-14T12:34:56Z junk",
        ])
    func malformedTimestamps(text: String) {
        #expect(TimestampFormat.parse(text) == nil)
    }

    @Test("DATABASE_URL selects the dialect")
    func databaseURLs() throws {
        #expect(try DatabaseLocation(url: nil) == .sqlite(path: DatabaseLocation.defaultSQLitePath))
        #expect(try DatabaseLocation(url: "sqlite:/tmp/x.sqlite") == .sqlite(path: "/tmp/x.sqlite"))
        let postgres = try DatabaseLocation(url: "postgres://u:p%40ss@db.local:6543/app?sslmode=require")
        guard case .postgres(let location) = postgres else {
            Issue.record("expected postgres, got \(postgres)")
            return
        }
        #expect(location.host == "db.local" && location.port == 6543 && location.database == "app")
        #expect(location.password == "p@ss" && location.tls == .require)
        #expect(!postgres.description.contains("p@ss"), "descriptions never carry the password")
    }

    @Test(
        "malformed DATABASE_URLs say what is wrong",
        arguments: [
            ("mysql://x", "unsupported scheme"), ("postgres://host/db", "no user"), ("postgres://u@host", "no database"),
            ("sqlite:", "no path"), ("postgres://u@h/db?sslmode=bogus", "sslmode"),
        ])
    func malformedDatabaseURLs(url: String, reason: String) {
        #expect {
            _ = try DatabaseLocation(url: url)
        } throws: { error in
            "\(error)".contains(reason)
        }
    }

    @Test("JSON values survive text and keep whole numbers whole")
    func jsonText() throws {
        let value = JSONValue.object(["b": .array([.number(1), .number(1.5), .null]), "a": .string("é/\"x\"")])
        #expect(value.jsonText == #"{"a":"é/\"x\"","b":[1,1.5,null]}"#)
        #expect(try JSONValue(jsonText: value.jsonText) == value)
    }
}
