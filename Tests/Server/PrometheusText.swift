import Foundation

/// The samples of a Prometheus text exposition, for asserting figures by name and labels.
struct PrometheusText {
    struct Sample: Equatable {
        let name: String
        let labels: [String: String]
        let value: Double
    }

    let samples: [Sample]
    let text: String

    init(_ text: String) {
        self.text = text
        var samples: [Sample] = []
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            let series = line[..<space]
            if let brace = series.firstIndex(of: "{") {
                let labels = Self.labels(series[series.index(after: brace)..<series.index(before: series.endIndex)])
                samples.append(Sample(name: String(series[..<brace]), labels: labels, value: value))
            } else {
                samples.append(Sample(name: String(series), labels: [:], value: value))
            }
        }
        self.samples = samples
    }

    /// `k="v",k2="v2"` with `\"` and `\\` escapes inside values.
    static func labels(_ text: Substring) -> [String: String] {
        var labels: [String: String] = [:]
        var index = text.startIndex
        while index < text.endIndex {
            guard let equals = text[index...].firstIndex(of: "=") else { break }
            let key = String(text[index..<equals])
            var cursor = text.index(equals, offsetBy: 2)  // past `="`
            var value = ""
            while cursor < text.endIndex, text[cursor] != "\"" {
                if text[cursor] == "\\" { cursor = text.index(after: cursor) }
                value.append(text[cursor])
                cursor = text.index(after: cursor)
            }
            labels[key] = value
            index = text.index(cursor, offsetBy: 1, limitedBy: text.endIndex) ?? text.endIndex
            if index < text.endIndex, text[index] == "," { index = text.index(after: index) }
        }
        return labels
    }

    /// The sum of the samples named `name` whose labels include `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let matching = samples.filter { sample in
            sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value }
        }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }
}
