/// Compares two sets of (key, row hash), one per database, without bringing either into memory: hashes of key
/// prefix segments are compared first and only differing segments are split further, down to the rows.
///
/// A segment's hash is two sums of 60 bits of its rows' 128-bit hashes (120 bits in all): independent of row order, so
/// the server hashes a segment in one pass without sorting it, and any changed, missing or extra row changes it
/// (or the count) but for a chance of about 2⁻⁶⁰.
struct SegmentComparison {
    struct Side {
        let link: PGLink
        /// A SELECT giving `k` (the key as text) and `h` (the row hash).
        let rowsSQL: String
    }

    struct Result: Sendable {
        var sourceRows = 0
        var targetRows = 0
        var missing: [String] = []
        var extra: [String] = []
        var changed: [String] = []
        var differing: Int { missing.count + extra.count + changed.count }
    }

    let source: Side
    let target: Side
    /// Segments with at most this many rows are compared row by row.
    let rowLevelThreshold = 512
    /// Differences collected per comparison; enough to name the first ones.
    let limit = 50

    func run() async throws -> Result {
        var result = Result()
        async let sourceSide = segments(source, prefix: "", length: 2)
        async let targetSide = segments(target, prefix: "", length: 2)
        let (sourceSegments, targetSegments) = try await (sourceSide, targetSide)
        result.sourceRows = sourceSegments.values.reduce(0) { $0 + $1.count }
        result.targetRows = targetSegments.values.reduce(0) { $0 + $1.count }
        try await descend(sourceSegments, targetSegments, length: 2, into: &result)
        return result
    }

    private func descend(
        _ sourceSegments: [String: (count: Int, hash: String)], _ targetSegments: [String: (count: Int, hash: String)],
        length: Int, into result: inout Result
    ) async throws {
        for prefix in Set(sourceSegments.keys).union(targetSegments.keys).sorted() {
            guard result.differing < limit else { return }
            let a = sourceSegments[prefix]
            let b = targetSegments[prefix]
            if a?.hash == b?.hash && a?.count == b?.count { continue }
            if max(a?.count ?? 0, b?.count ?? 0) <= rowLevelThreshold || length >= 6 {
                try await compareRows(prefix: prefix, into: &result)
            } else {
                async let sourceSide = segments(source, prefix: prefix, length: length + 1)
                async let targetSide = segments(target, prefix: prefix, length: length + 1)
                try await descend(try await sourceSide, try await targetSide, length: length + 1, into: &result)
            }
        }
    }

    private func segments(_ side: Side, prefix: String, length: Int) async throws -> [String: (count: Int, hash: String)] {
        let filter = prefix.isEmpty ? "" : "WHERE left(r.k, \(prefix.count)) = $1"
        let rows = try await side.link.rows(
            """
            SELECT left(r.k, \(length)), count(*)::text,
                   sum(('x' || substr(r.h, 1, 15))::bit(60)::bigint)::text || '/' || sum(('x' || substr(r.h, 16, 15))::bit(60)::bigint)::text
              FROM (\(side.rowsSQL)) r \(filter) GROUP BY 1
            """, prefix.isEmpty ? [] : [prefix])
        var out: [String: (count: Int, hash: String)] = [:]
        for row in rows { out[row[0] ?? ""] = (Int(row[1] ?? "0") ?? 0, row[2] ?? "") }
        return out
    }

    private func compareRows(prefix: String, into result: inout Result) async throws {
        func fetch(_ side: Side) async throws -> [String: String] {
            let rows = try await side.link.rows(
                "SELECT r.k, r.h FROM (\(side.rowsSQL)) r WHERE left(r.k, \(prefix.count)) = $1", [prefix])
            var out: [String: String] = [:]
            for row in rows { out[row[0] ?? ""] = row[1] ?? "" }
            return out
        }
        async let sourceRows = fetch(source)
        async let targetRows = fetch(target)
        let (a, b) = try await (sourceRows, targetRows)
        for key in Set(a.keys).union(b.keys).sorted() where result.differing < limit {
            switch (a[key], b[key]) {
            case (.some, .none): result.missing.append(key)
            case (.none, .some): result.extra.append(key)
            case (.some(let x), .some(let y)) where x != y: result.changed.append(key)
            default: break
            }
        }
    }
}
