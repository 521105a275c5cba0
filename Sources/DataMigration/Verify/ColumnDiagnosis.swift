/// Names what differs for the keys a comparison flagged, so a failure reads "table key=…: column".
struct ColumnDiagnosis {
    /// Keys looked at per check: enough to name the fault, cheap on a large difference.
    static let keysExamined = 10

    let table: String
    let keyName: String
    let columns: [String]

    /// The canonical values of `valuesSQL` (a SELECT of `k` and `columns`) for `keys`, by key.
    static func fetch(_ link: PGLink, _ valuesSQL: String, columns: [String], keys: [String]) async throws
        -> [String: [String?]]
    {
        guard !keys.isEmpty else { return [:] }
        let list = columns.map { "v.\"\($0)\"::text" }.joined(separator: ", ")
        let rows = try await link.rows(
            "SELECT v.k, \(list) FROM (\(valuesSQL)) v WHERE v.k = ANY($1::text[])", [textArray(keys)])
        var out: [String: [String?]] = [:]
        for row in rows { out[row[0] ?? ""] = Array(row.dropFirst()) }
        return out
    }

    /// A text[] literal of `values`, each quoted.
    static func textArray(_ values: [String]) -> String {
        "{"
            + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    /// One line per key: the differing columns, with both values where they are not secrets.
    func describe(_ keys: [String], source: [String: [String?]], target: [String: [String?]]) -> [String] {
        keys.map { key in
            let prefix = "\(table) \(keyName)=\(key)"
            guard let a = source[key] else { return "\(prefix): missing in the target" }
            guard let b = target[key] else { return "\(prefix): not in the source" }
            let differing = columns.indices.filter { a[$0] != b[$0] }.map { index -> String in
                let name = columns[index]
                guard !Self.secretColumns.contains(name) else { return "column \(name)" }
                return "column \(name) (source \(Self.shown(a[index])), target \(Self.shown(b[index])))"
            }
            return "\(prefix): " + (differing.isEmpty ? "row differs" : differing.joined(separator: "; "))
        }
    }

    static let secretColumns: Set<String> = ["password_hash", "token_hash", "secret"]

    static func shown(_ value: String?) -> String {
        guard let value else { return "NULL" }
        return value.count > 60 ? "\(value.prefix(57))…" : value
    }
}
