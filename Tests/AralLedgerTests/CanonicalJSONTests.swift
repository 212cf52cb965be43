import AralLedger
import Testing

@Suite("Canonical JSON")
struct CanonicalJSONTests {
    @Test func sortsKeysAndDropsWhitespace() throws {
        let v = try JSONParser.parse(#"{ "b": 1, "a": [true, null, "x"], "A": {"z": 0, "y": -0.0} }"#, source: "t")
        #expect(CanonicalJSON.encodeString(v) == #"{"A":{"y":0,"z":0},"a":[true,null,"x"],"b":1}"#)
    }

    @Test(arguments: [
        ("1.50", "1.5"), ("1e3", "1000"), ("-0", "0"), ("0.000", "0"), ("12.5E-2", "0.125"), ("100", "100"),
        ("-3418.0", "-3418"), ("2.5e+1", "25"), ("0.1", "0.1"),
    ])
    func numbers(literal: String, canonical: String) throws {
        #expect(try JSONParser.parse(literal, source: "t") == .number(canonical))
    }

    @Test func refusesOutOfRangeNumbers() {
        #expect(throws: LedgerError.self) { try JSONParser.parse("1e400", source: "t") }
        #expect(throws: LedgerError.self) { try JSONParser.parse("0.0000000000001", source: "t") }
    }

    @Test func escapesOnlyWhatMustBeEscaped() throws {
        let v = try JSONParser.parse(#""a\/b \"q\" \u00e9 \u0001 \n Тоқтоғул""#, source: "t")
        #expect(CanonicalJSON.encodeString(v) == "\"a/b \\\"q\\\" é \\u0001 \\n Тоқтоғул\"")
    }

    @Test(arguments: [
        #"{"a":1,"a":2}"#, "[1,]", "{\"a\" 1}", "01", "\"\\ud800\"", "[1] x", "tru", "\"\u{01}\"", "",
    ])
    func refusesMalformedJSON(text: String) {
        #expect(throws: LedgerError.self) { try JSONParser.parse(text, source: "bad.json") }
    }

    @Test func reencodingIsStable() throws {
        let text = #"{"kind":"delivery","body":{"water":{"gauge":"K","volume_mm3":12.50}},"v":1}"#
        let once = CanonicalJSON.encode(try JSONParser.parse(text, source: "t"))
        let twice = CanonicalJSON.encode(try JSONParser.parse(once, source: "t"))
        #expect(once == twice)
    }
}
