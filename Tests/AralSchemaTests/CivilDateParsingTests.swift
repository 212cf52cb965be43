import Testing
import AralModel

/// `CivilDate(parsing:)` reads bytes; the reference is the string-splitting reader it replaced,
/// less its two laxities (a sign counted as a digit: `+199-01`), which no series file relies on.
@Suite("Civil date parsing")
struct CivilDateParsingTests {
    static func reference(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m), parts[0].count == 4, parts[1].count == 2
        else { return nil }
        var d = 1
        if parts.count == 3 {
            guard parts[2].count == 2, let parsed = Int(parts[2]) else { return nil }
            d = parsed
        }
        guard d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return nil }
        return CivilDate(year: y, month: m, day: d)
    }

    @Test("the byte reader agrees with the reference on edge cases and on 200,000 random texts")
    func agreesWithReference() {
        let cases = ["2019-01-31", "2019-02-29", "2020-02-29", "1900-02-29", "2000-02-29", "2019-13-01", "2019-00-10", "2019-01",
                     "2019-1-01", "2019-01-1", "19-01-01", "2019-01-01-", "2019--01", "", "-", "2019", "2019-01-00", "2019-12-31",
                     "+199-01", "2019-01-01 ", " 2019-01-01", "２０１９-01-01", "2019-01-32", "0000-01-01", "9999-12-31",
                     // Digits enough to overflow an Int if accumulated (InputFuzzTests trapped on one).
                     "199000000000000000000000-01-01", "2019-010000000000000000000000", "2019-01-010000000000000000000000"]
        for text in cases { #expect(CivilDate(parsing: text) == Self.reference(text), "\(text)") }
        let alphabet = Array("0123456789--")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        for _ in 0..<200_000 {
            let text = String((0..<(7 + next() % 5)).map { _ in alphabet[next() % alphabet.count] })
            #expect(CivilDate(parsing: text) == Self.reference(text), "\(text)")
        }
        #expect(CivilDate(parsing: "2020-02-29"[...]) == CivilDate(year: 2020, month: 2, day: 29))
    }
}
