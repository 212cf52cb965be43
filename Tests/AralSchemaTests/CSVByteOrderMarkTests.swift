import Testing
import AralSchema

/// A CSV saved by Excel as "CSV UTF-8" starts with a byte-order mark. Left in, it hid the
/// first `#` comment line ("row has 9 fields but the header has 3" on the shipped hydrology
/// file saved that way) and renamed the first column.
@Suite("CSV byte-order mark")
struct CSVByteOrderMarkTests {
    static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    @Test("a BOM before a comment line: the comment is skipped and the header is the next line")
    func beforeComment() throws {
        let text = "# source: a gauge\n# units: m3/s\ndate,naryn,chirchik\n1990-01-01,1,2\n"
        let table = try CSVTable.parse(bytes: Self.bom + Array(text.utf8), file: "h.csv")
        #expect(table.header == ["date", "naryn", "chirchik"])
        #expect(table.headerLine == 3)
        #expect(table.rowCount == 1)
        #expect(try table.number(row: 0, column: 2) == 2)
    }

    @Test("a BOM before the header: the first column keeps its name")
    func beforeHeader() throws {
        let table = try CSVTable.parse(bytes: Self.bom + Array("date,flow\n1990-01-01,5\n".utf8), file: "h.csv")
        #expect(table.header.first == "date")
        #expect(table.columnIndex("date") == 0)
    }

    /// Not a byte-order mark, but found in the same round: `0x10` was read as 16 (Swift's
    /// `Double` reads hexadecimal), where pandas reads text.
    @Test("a hexadecimal cell is not a number")
    func hexadecimal() throws {
        let table = try CSVTable.parse("date,flow\n1990-01-01,0x10\n1990-01-02,1e3\n", file: "h.csv")
        #expect(throws: ModelFileError.self) { try table.number(row: 0, column: 1) }
        #expect(try table.number(row: 1, column: 1) == 1000)
    }
}

