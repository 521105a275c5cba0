import AgentPlannerCore
import Foundation
import Testing

@Suite("UUID text")
struct UUIDTextTests {
    /// Foundation's parser on Linux scans with `sscanf`, which also takes blanks inside a group (" 23e4567-…");
    /// ours takes the canonical form only and agrees with Foundation on every canonical string.
    @Test("the canonical form gives Foundation's value; anything else is refused")
    func sameAsFoundation() {
        var samples = [
            "", "not a uuid", "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
            "123e4567-e89b-12d3-a456-426614174000", "123E4567-E89B-12D3-A456-426614174000",
            "123e4567-e89b-12d3-a456-42661417400", "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567e89b-12d3-a456-426614174000-", "123e4567-e89b-12d3-a456_426614174000",
            "123e4567-e89b-12d3-a456-42661417400g", "{123e4567-e89b-12d3-a456-426614174000}",
            " 23e4567-e89b-12d3-a456-426614174000", "123e4567-e89b-12d3-a456-42661417400é",
        ]
        for _ in 0..<200 {
            var text = UUID().uuidString
            if Bool.random() { text = text.lowercased() }
            samples.append(text)
            // one character replaced at random: most replacements must be refused
            var characters = Array(text)
            characters[Int.random(in: 0..<characters.count)] = "0123456789abcdefABCDEFxg-_ ".randomElement()!
            samples.append(String(characters))
        }
        let canonical = try! Regex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
        for sample in samples {
            if sample.wholeMatch(of: canonical) != nil {
                #expect(UUIDText.parse(sample) != nil && UUIDText.parse(sample) == UUID(uuidString: sample), "\(sample)")
            } else {
                #expect(UUIDText.parse(sample) == nil, "\(sample)")
            }
        }
        #expect(samples.contains { UUID(uuidString: $0) == nil } && samples.contains { UUID(uuidString: $0) != nil })
    }
}
