import Foundation

/// One value of a generated row, rendered into the JSON that `jsonb_populate_recordset` reads.
enum FixtureValue {
    case text(String)
    case int(Int)
    case bool(Bool)
    case null
    /// JSON already rendered: jsonb values and arrays.
    case json(String)
    case time(FixtureTime)

    var rendered: String {
        switch self {
        case .text(let value): FixtureValue.quote(value)
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .json(let value): value
        case .time(let value): "\"\(value.text)\""
        }
    }

    static func textArray(_ values: [String]) -> FixtureValue {
        .json("[" + values.map(quote).joined(separator: ",") + "]")
    }

    static func quote(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\u%04x", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// Buffers generated rows per table and writes them in catalog order (parents first), each table's buffer
/// in one statement, so rows that point at each other (a cycle) arrive together.
final class RowBuffer {
    private let link: PGLink
    private var rows: [String: [(columns: [String], json: String)]] = [:]
    private var buffered = 0
    private(set) var written: [String: Int] = [:]
    let flushThreshold: Int

    init(link: PGLink, flushThreshold: Int = 2000) {
        self.link = link
        self.flushThreshold = flushThreshold
    }

    func add(_ table: String, _ values: KeyValuePairs<String, FixtureValue>) {
        let columns = values.map(\.key)
        let json = "{" + values.map { "\(FixtureValue.quote($0.key)):\($0.value.rendered)" }.joined(separator: ",") + "}"
        rows[table, default: []].append((columns, json))
        buffered += 1
    }

    /// Flushes when enough rows are waiting; call between units that must stay together.
    func flushIfFull() async throws {
        if buffered >= flushThreshold { try await flush() }
    }

    func flush() async throws {
        for table in V1Catalog.tables.map(\.qualifiedName) {
            guard let pending = rows[table], !pending.isEmpty else { continue }
            // Rows of one table may name different columns; group by column list.
            var groups: [[String]: [String]] = [:]
            var order: [[String]] = []
            for row in pending {
                if groups[row.columns] == nil { order.append(row.columns) }
                groups[row.columns, default: []].append(row.json)
            }
            for columns in order {
                let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                try await link.execute(
                    "INSERT INTO \(table) (\(list)) SELECT \(list) FROM jsonb_populate_recordset(NULL::\(table), $1::jsonb)",
                    ["[" + groups[columns]!.joined(separator: ",") + "]"])
            }
            written[table, default: 0] += pending.count
        }
        rows = [:]
        buffered = 0
    }
}
