/// A short, readable line diff (`-` expected, `+` actual) with a little context, for golden failures.
public enum LineDiff {
    public static func render(expected: String, actual: String, context: Int = 2, maxLines: Int = 60) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Longest common subsequence table; schemas are a few hundred lines, so quadratic is fine.
        var lcs = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                lcs[i][j] = old[i] == new[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var script: [(Character, String)] = []
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                script.append((" ", old[i]))
                i += 1
                j += 1
            } else if j < new.count, i == old.count || lcs[i][j + 1] >= lcs[i + 1][j] {
                script.append(("+", new[j]))
                j += 1
            } else {
                script.append(("-", old[i]))
                i += 1
            }
        }
        let changed = script.indices.filter { script[$0].0 != " " }
        guard !changed.isEmpty else { return "" }
        var shown = Set<Int>()
        for index in changed {
            for k in max(0, index - context)...min(script.count - 1, index + context) { shown.insert(k) }
        }
        var output: [String] = []
        var previous = -1
        for index in shown.sorted() {
            if previous >= 0, index != previous + 1 { output.append("  ...") }
            output.append("\(script[index].0) \(script[index].1)")
            previous = index
        }
        if output.count > maxLines {
            output = Array(output.prefix(maxLines)) + ["  ... (\(output.count - maxLines) more lines)"]
        }
        return output.joined(separator: "\n")
    }
}
