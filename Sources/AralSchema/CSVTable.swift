import Foundation
public import AralModel

/// The one CSV reader for every table Aral reads (series, Pywr data frames, traces, demand
/// files, climate multipliers): a header row, comma-separated fields, optional double quotes,
/// `#` comment lines, blank lines skipped. Every bad cell is reported with its file, row
/// (1-based, counting the header) and column name.
///
/// It works on bytes: one pass finds the cells (byte ranges, no string per cell), and
/// `number(row:column:)` reads a cell's number straight from its bytes, so a 36,525-row daily
/// series is read without Foundation string splitting. The byte path is exact: a number it
/// cannot read exactly (more than 15 significant digits, an exponent beyond ±22, anything
/// unusual) goes to `Double(String)`, the plain path, and so gets the plain path's answer.
public struct CSVTable: Sendable {
    public var file: String
    /// Column names with surrounding whitespace trimmed, as Aral's own files are read.
    public var header: [String]
    /// Column names exactly as written: pandas keeps `" Date"`'s space, so a Pywr model may
    /// name the column with it.
    public var rawHeader: [String]
    /// The 1-based file line of the header.
    public var headerLine: Int
    let bytes: [UInt8]
    /// Byte range of every data cell, row-major (`header.count` per row), quotes included.
    let starts: [Int32]
    let ends: [Int32]
    let lines: [Int32]

    public var rowCount: Int { lines.count }

    public static func read(path: String, displayName: String? = nil) throws(ModelFileError) -> CSVTable {
        let name = displayName ?? path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelFileError(FileIssue(file: name, message: "file not found (looked for \(path))"))
        }
        switch TextFile.readData(path) {
        case .success(let data): return try parse(bytes: [UInt8](data), file: name)
        case .failure(let problem): throw ModelFileError(FileIssue(file: name, message: problem.message))
        }
    }

    public static func parse(_ text: String, file: String) throws(ModelFileError) -> CSVTable {
        try parse(bytes: Array(text.utf8), file: file)
    }

    /// Parses CSV bytes (UTF-8). Lines end in `\n`, `\r\n` or a lone `\r`.
    public static func parse(bytes: [UInt8], file: String) throws(ModelFileError) -> CSVTable {
        var header: [String]?
        var headerLine = 0
        var rawHeader: [String] = []
        var starts: [Int32] = [], ends: [Int32] = [], lines: [Int32] = []
        guard bytes.count < Int(Int32.max) else { throw ModelFileError(FileIssue(file: file, message: "the file is larger than 2 GB")) }
        let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r"), comma = UInt8(ascii: ","), quote = UInt8(ascii: "\"")
        var lineNumber = 0
        // A UTF-8 byte-order mark (Excel's "CSV UTF-8") is not part of the first line: left
        // in, it hid a first `#` comment line and renamed the first column.
        var position = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var rowStarts: [Int32] = [], rowEnds: [Int32] = []
        while position < bytes.count {
            // One line: [position, end).
            var end = position
            while end < bytes.count, bytes[end] != lf, bytes[end] != cr { end += 1 }
            lineNumber += 1
            let next = end < bytes.count && bytes[end] == cr && end + 1 < bytes.count && bytes[end + 1] == lf ? end + 2 : end + 1
            defer { position = next }
            if isBlankOrComment(bytes, position, end) { continue }
            // Cells.
            rowStarts.removeAll(keepingCapacity: true)
            rowEnds.removeAll(keepingCapacity: true)
            var cellStart = position
            var inQuotes = false
            var i = position
            while i < end {
                let c = bytes[i]
                if c == quote { inQuotes.toggle() }
                else if c == comma && !inQuotes {
                    rowStarts.append(Int32(cellStart)); rowEnds.append(Int32(i))
                    cellStart = i + 1
                }
                i += 1
            }
            if inQuotes { throw ModelFileError(FileIssue(file: file, line: lineNumber, message: "a quoted field is not closed")) }
            rowStarts.append(Int32(cellStart)); rowEnds.append(Int32(end))
            guard let h = header else {
                rawHeader = zip(rowStarts, rowEnds).map { text(bytes, Int($0), Int($1)) }
                header = rawHeader.map { $0.trimmingCharacters(in: .whitespaces) }
                headerLine = lineNumber
                continue
            }
            guard rowStarts.count == h.count else {
                throw ModelFileError(FileIssue(file: file, line: lineNumber,
                    message: "row has \(rowStarts.count) fields but the header has \(h.count)"))
            }
            starts.append(contentsOf: rowStarts)
            ends.append(contentsOf: rowEnds)
            lines.append(Int32(lineNumber))
        }
        guard let header else { throw ModelFileError(FileIssue(file: file, message: "the file is empty; expected a header row")) }
        return CSVTable(file: file, header: header, rawHeader: rawHeader, headerLine: headerLine, bytes: bytes, starts: starts, ends: ends, lines: lines)
    }

    /// Whether `[start, end)` holds only whitespace, or a comment (`#` after any whitespace).
    static func isBlankOrComment(_ b: [UInt8], _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end, b[i] == UInt8(ascii: " ") || b[i] == UInt8(ascii: "\t") { i += 1 }
        if i == end { return true }
        if b[i] == UInt8(ascii: "#") { return true }
        if b[i] < 0x80 { return false }
        // Non-ASCII: decide as the text path did (Unicode whitespace).
        let trimmed = String(decoding: b[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// The text of a cell: quotes removed, `""` inside quotes read as one `"`.
    static func text(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
        let quote = UInt8(ascii: "\"")
        guard b[start..<end].contains(quote) else { return String(decoding: b[start..<end], as: UTF8.self) }
        var out: [UInt8] = []
        var inQuotes = false
        var i = start
        while i < end {
            let c = b[i]
            if inQuotes {
                if c == quote {
                    if i + 1 < end, b[i + 1] == quote { out.append(quote); i += 1 } else { inQuotes = false }
                } else { out.append(c) }
            } else if c == quote {
                inQuotes = true
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The column named `name` exactly as written, else after trimming both.
    public func columnIndex(_ name: String) -> Int? {
        rawHeader.firstIndex(of: name) ?? header.firstIndex(of: name.trimmingCharacters(in: .whitespaces))
    }

    /// Every column `columnIndex(name)` could mean: more than one is a header that names a
    /// column twice, which a reader must refuse rather than take the first (found from outside).
    public func columns(named name: String) -> [Int] {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        return header.indices.filter { rawHeader[$0] == name || header[$0] == trimmed }
    }

    /// The column names as written, quoted, for messages (a leading space stays visible).
    public var quotedColumnNames: String { rawHeader.map { "'\($0)'" }.joined(separator: ", ") }

    /// The 1-based file line of data row `row`.
    public func line(of row: Int) -> Int { Int(lines[row]) }

    /// The text of a cell, as written (quotes removed).
    public func text(row: Int, column: Int) -> String {
        let k = row * header.count + column
        return Self.text(bytes, Int(starts[k]), Int(ends[k]))
    }

    /// The cell as an ISO date, `YYYY-MM-DD` with blanks around and optionally a time after a
    /// space or `T` (pandas writes `2019-01-01 00:00:00` with its index), read from the bytes:
    /// a date index is one cell per row, and making a String of each was a tenth of a Pywr model's
    /// load. Nil for anything else; the caller then reads the text its own way.
    public func isoDate(row: Int, column: Int) -> CivilDate? {
        let k = row * header.count + column
        var start = Int(starts[k]), end = Int(ends[k])
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        if end - start > 10, bytes[start + 10] == UInt8(ascii: " ") || bytes[start + 10] == UInt8(ascii: "T") { end = start + 10 }
        return CivilDate(utf8: bytes[start..<end])
    }

    /// The data rows, each with its line and its fields' text (made on access).
    public var rows: Rows { Rows(table: self) }

    public struct Row {
        public let line: Int
        public let fields: [String]
    }

    public struct Rows: RandomAccessCollection {
        let table: CSVTable
        public var startIndex: Int { 0 }
        public var endIndex: Int { table.rowCount }
        public subscript(row: Int) -> Row {
            Row(line: table.line(of: row), fields: (0..<table.header.count).map { table.text(row: row, column: $0) })
        }
    }

    /// Parses a numeric cell, reporting file, line and column on failure.
    public func number(row: Int, column: Int) throws(ModelFileError) -> Double {
        let k = row * header.count + column
        if let value = Self.fastNumber(bytes, Int(starts[k]), Int(ends[k])) { return value }
        let text = text(row: row, column: column).trimmingCharacters(in: .whitespaces)
        // Decimal notation only: `Double("0x10")` is 16, where pandas (and a reader) sees text.
        guard text.utf8.allSatisfy({ Self.decimalCharacters.contains($0) }), let value = Double(text), value.isFinite else {
            throw ModelFileError(FileIssue(file: file, line: line(of: row), column: nil, path: header[column],
                message: text.isEmpty ? "empty cell; every step needs a value" : "'\(text)' is not a number"))
        }
        return value
    }

    static let decimalCharacters = Set("0123456789+-.eE".utf8)

    /// Powers of ten a double holds exactly.
    static let exactPowers: [Double] = (0...22).map { e in (0..<e).reduce(1.0) { p, _ in p * 10 } }

    /// A plain decimal (`-12.5`, `3e4`, spaces around) read exactly from its bytes, or nil
    /// when it is anything else: then the caller uses `Double(String)`. Exact by Clinger's
    /// fast path: a mantissa below 2^53 and a power of ten up to 10^22 are both exact
    /// doubles, so one multiplication or division rounds once, correctly.
    static func fastNumber(_ b: [UInt8], _ start: Int, _ end: Int) -> Double? {
        var i = start, e = end
        while i < e, b[i] == UInt8(ascii: " ") { i += 1 }
        while e > i, b[e - 1] == UInt8(ascii: " ") { e -= 1 }
        guard i < e else { return nil }
        var negative = false
        if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exponent = 0
        var intDigits = 0, fracDigits = 0
        while i < e, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
            let d = UInt64(b[i] - UInt8(ascii: "0"))
            if mantissa != 0 || d != 0 { significant += 1; mantissa = mantissa &* 10 &+ d }
            intDigits += 1
            i += 1
        }
        if i < e, b[i] == UInt8(ascii: ".") {
            i += 1
            while i < e, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
                let d = UInt64(b[i] - UInt8(ascii: "0"))
                if mantissa != 0 || d != 0 { significant += 1; mantissa = mantissa &* 10 &+ d }
                exponent -= 1
                fracDigits += 1
                i += 1
            }
            guard fracDigits > 0 else { return nil }
        }
        guard intDigits > 0, significant <= 15 else { return nil }
        if i < e, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < e, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { expNegative = b[i] == UInt8(ascii: "-"); i += 1 }
            var written = 0, expDigits = 0
            while i < e, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9"), expDigits < 4 {
                written = written * 10 + Int(b[i] - UInt8(ascii: "0"))
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            exponent += expNegative ? -written : written
        }
        guard i == e else { return nil }
        var value = Double(mantissa)
        if mantissa != 0 {
            guard abs(exponent) <= 22 else { return nil }
            value = exponent >= 0 ? value * exactPowers[exponent] : value / exactPowers[-exponent]
        }
        return negative ? -value : value
    }
}
