import AgentPlannerCore
import Contract
import Testing

@Suite("Golden normaliser and differ")
struct NormalizerTests {
    @Test("the same UUID gets the same placeholder everywhere, also inside strings")
    func repeatedUUIDs() {
        var normalizer = GoldenNormalizer(runToken: nil)
        let id = "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"
        let other = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
        let value = normalizer.normalize([
            "a": .string(id), "b": .string(other), "c": .array([.string(id)]), "url": .string("/plans/\(id)/nodes"),
        ])
        #expect(value == ["a": "<uuid:1>", "b": "<uuid:2>", "c": ["<uuid:1>"], "url": "/plans/<uuid:1>/nodes"])
    }

    @Test(
        "values that only look like UUIDs stay as they are",
        arguments: [
            "11111111-1111-1111-1111-111111111111",  // variant nibble 1: not RFC
            "6F1C2A3E-8B4D-4C5E-9F60-718293A4B5C6",  // uppercase: v1 never sent it
            "6f1c2a3e-8b4d-0c5e-9f60-718293a4b5c6",  // version 0
            "6f1c2a3e8b4d4c5e9f60718293a4b5c6",  // no dashes
            "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c",  // 35 characters
        ])
    func lookAlikes(text: String) {
        var normalizer = GoldenNormalizer(runToken: nil)
        #expect(normalizer.normalize(.string(text)) == .string(text))
    }

    @Test("nil and max UUIDs count, as v1's validator accepted them")
    func nilAndMax() {
        var normalizer = GoldenNormalizer(runToken: nil)
        #expect(normalizer.normalize(["n": "00000000-0000-0000-0000-000000000000"]) == ["n": "<uuid:1>"])
    }

    @Test("timestamps, JWTs, API tokens and the run token are replaced only when valid")
    func otherShapes() {
        var normalizer = GoldenNormalizer(runToken: "ct0123456789")
        let jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
        let token = String(repeating: "ab", count: 32)
        let value = normalizer.normalize([
            "t": "2026-02-14T12:34:56.789+00:00", "bad_t": "2026-02-30T99:00:00Z", "jwt": .string(jwt),
            "not_jwt": "a.b.c", "tok": .string(token), "short": .string(String(token.dropLast())),
            "email": "owner+ct0123456789@example.test", "again": .string(token),
        ])
        #expect(value["t"] == "<timestamp>")
        #expect(value["bad_t"] == "2026-02-30T99:00:00Z")
        #expect(value["jwt"] == "<jwt:1>")
        #expect(value["not_jwt"] == "a.b.c")
        #expect(value["tok"] == "<token:1>" && value["again"] == "<token:1>")
        #expect(value["short"] == .string(String(token.dropLast())))
        #expect(value["email"] == "owner+<run>@example.test")
    }

    @Test("unordered arrays are sorted before placeholders are numbered")
    func unorderedArrays() {
        let a = "6f1c2a3e-8b4d-4c5e-9f60-718293a4b5c6"
        let b = "0a1b2c3d-4e5f-4a6b-8c7d-8e9fa0b1c2d3"
        var first = GoldenNormalizer(runToken: nil)
        var second = GoldenNormalizer(runToken: nil)
        let one = first.normalize(["xs": [["id": .string(a), "n": 2], ["id": .string(b), "n": 1]]], unordered: ["$.xs"])
        let two = second.normalize(["xs": [["id": .string(b), "n": 1], ["id": .string(a), "n": 2]]], unordered: ["$.xs"])
        #expect(one == two)
    }

    @Test("the differ names each differing path")
    func differ() {
        let differences = JSONDiff.differences(
            expected: ["a": 1, "b": ["x", "y"], "c": ["d": true]],
            actual: ["a": 2, "b": ["x"], "c": ["d": true, "e": nil]])
        #expect(
            differences.map(\.description) == [
                "$.a: expected 1, got 2",
                "$.b[1]: expected \"y\", got (absent)",
                "$.c.e: expected (absent), got null",
            ])
    }
}
