import Testing
import AralModel
import AralSchema

/// `CivilDate(parsing:)` reads bytes; the reference is the string-splitting reader it replaced,
/// less its two laxities (a sign counted as a digit: `+199-01`), which no series file relies on,
/// and with the year 0000 refused (years run 0001–9999; 0000 ran a model, found from outside).
@Suite("Civil date parsing")
struct CivilDateParsingTests {
    static func reference(_ text: String) -> CivilDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), y >= 1, let m = Int(parts[1]), (1...12).contains(m), parts[0].count == 4, parts[1].count == 2
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
        #expect(CivilDate(parsing: "0000-01-01") == nil)
        #expect(CivilDate(parsing: "0001-01-01") == CivilDate(year: 1, month: 1, day: 1))
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

/// `CSVTable.isoDate` reads a date index from the cell's bytes; it must give what the text path
/// gives (the cell's text, blanks trimmed, cut at a time written after a space or `T`), and nil
/// whenever that path would need the caller's own reader (quotes, `D/M/Y`, anything else).
@Suite("Date cells read from bytes")
struct CSVTableDateCellTests {
    static func textPath(_ cell: String) -> CivilDate? {
        var text = cell
        while let f = text.first, f == " " || f == "\t" { text.removeFirst() }
        while let l = text.last, l == " " || l == "\t" { text.removeLast() }
        let bytes = Array(text.utf8)
        if bytes.count > 10, bytes[10] == UInt8(ascii: " ") || bytes[10] == UInt8(ascii: "T") { text = String(text.prefix(10)) }
        return CivilDate(parsing: text)
    }

    @Test("every cell reads as the text path reads it")
    func agreesWithTextPath() throws {
        let cells = ["2019-01-31", " 2019-02-28", "2019-03-01\t", "2019-03-02 00:00:00", "2019-03-03T06:00", "2020-02-29",
                     "2019-02-29", "01/02/2019", "\"2019-01-05\"", "2019-01-06X", "2019-01", "", "2019-13-01", "2019-01-07 ", "x"]
        let text = "Date,flow\n" + cells.enumerated().map { "\($0.element),\($0.offset)" }.joined(separator: "\n") + "\n"
        let table = try CSVTable.parse(text, file: "dates.csv")
        #expect(table.rowCount == cells.count)
        for (row, cell) in cells.enumerated() {
            #expect(table.isoDate(row: row, column: 0) == Self.textPath(cell), "row \(row): '\(cell)'")
        }
        #expect(table.isoDate(row: 3, column: 0) == CivilDate(year: 2019, month: 3, day: 2))
        #expect(table.isoDate(row: 8, column: 0) == nil, "a quoted cell is left to the text path")
    }
}
