/// The reachable client calls of CONSUMERS.md (§2.2 UI, §3.2 MCP, §4 agents), as `golden/consumers/calls.tsv`
/// lists them: one tab-separated line per call, `id, method, path, client source`; `#` starts a comment.
public struct ConsumerCallList: Sendable {
    public struct Entry: Sendable, Hashable {
        public let id: String
        public let method: String
        public let path: String
        public let client: String

        public var consumer: Consumer? { Consumer(callID: id) }
        public var route: String { "\(method) \(path)" }
    }

    /// The list's path inside the golden folder.
    public static let goldenPath = "consumers/calls.tsv"

    public let entries: [Entry]

    /// Parses the list; a malformed line is an error naming its number.
    public init(text: String) throws {
        var entries: [Entry] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard cells.count == 4, Consumer(callID: cells[0]) != nil, cells[2].hasPrefix("/") else {
                throw ConsumerCallListError(line: index + 1, text: String(line))
            }
            entries.append(Entry(id: cells[0], method: cells[1], path: cells[2], client: cells[3]))
        }
        self.entries = entries
    }

    /// The list the binary carries.
    public static func embedded() throws -> ConsumerCallList {
        guard let text = EmbeddedGoldens.files[goldenPath] else {
            throw ConsumerCallListError(line: 0, text: "golden/\(goldenPath) is not embedded")
        }
        return try ConsumerCallList(text: text)
    }

    public func entries(of consumer: Consumer) -> [Entry] { entries.filter { $0.consumer == consumer } }

    /// Where the suite and the list disagree: a listed call no contract proves, one two contracts claim, a
    /// contract naming a call the list does not have or naming another route than the list's.
    public func problems(_ contracts: [Contract], of consumers: Set<Consumer> = Set(Consumer.allCases)) -> [String] {
        var problems: [String] = []
        var claimed: [String: [String]] = [:]
        for contract in contracts {
            // Flows (`§6 …`) are no row of the call tables.
            guard let source = contract.consumer, consumers.contains(source.consumer), !source.isFlow else { continue }
            claimed[source.callID, default: []].append(contract.id)
            guard let entry = entries.first(where: { $0.id == source.callID }) else {
                problems.append("\(contract.id): names \(source.callID), which the call list does not have")
                continue
            }
            if entry.route != source.route {
                problems.append("\(contract.id): \(source.callID) is \(entry.route) in the list, the contract says \(source.route)")
            }
            if contract.area != source.consumer.rawValue {
                problems.append("\(contract.id): a \(source.consumer.rawValue) call in area \(contract.area)")
            }
        }
        for entry in entries where entry.consumer.map(consumers.contains) == true {
            let owners = claimed[entry.id] ?? []
            if owners.isEmpty { problems.append("\(entry.id) \(entry.route): no contract proves it") }
            if owners.count > 1 { problems.append("\(entry.id): claimed by \(owners.joined(separator: ", "))") }
        }
        return problems
    }
}

public struct ConsumerCallListError: Error, CustomStringConvertible {
    public let line: Int
    public let text: String
    public var description: String { "consumer call list line \(line): cannot read \"\(text)\"" }
}
