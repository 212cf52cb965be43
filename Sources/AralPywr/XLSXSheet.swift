import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import ZIPFoundation
import AralModel

/// One worksheet of an Excel workbook (`.xlsx`) as pandas' `read_excel` sees a simple sheet:
/// a grid of cells, shared strings resolved, numbers as written, cells with a date format
/// as dates (Excel serial days from 1899-12-30, or 1904-01-01 in a 1904 workbook). It
/// reads what Pywr's data sheets hold (a header row, an index column, numbers and dates);
/// formulas are read through their cached values, as pandas does. What it cannot read is
/// an error naming the file, the sheet and the cell.
struct XLSXSheet {
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Rows of cell texts (numbers as written in the file, dates as `YYYY-MM-DD` or
    /// `YYYY-MM-DD HH:MM:SS`, empty cells empty), padded to the widest row.
    var rows: [[String]]

    /// Reads sheet `sheet` (its name, or its 0-based position as `Int`) of the workbook at `path`;
    /// `file` names it in errors.
    init(path: String, sheet: SheetSelector, file: String) throws(Failure) {
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw Failure(message: "\(file): not an Excel .xlsx workbook (cannot open it as a ZIP archive: \(error))")
        }
        func document(_ entryPath: String, required: Bool = true) throws(Failure) -> XMLTree? {
            guard let entry = archive[entryPath] else {
                if required { throw Failure(message: "\(file): the workbook has no \(entryPath)") }
                return nil
            }
            var data = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { data.append($0) } } catch {
                throw Failure(message: "\(file): cannot decompress \(entryPath): \(error)")
            }
            do { return try XMLTree.parse(data) } catch {
                throw Failure(message: "\(file): \(entryPath) is not well-formed XML: \(error.message)")
            }
        }
        guard let workbook = try document("xl/workbook.xml"), let rels = try document("xl/_rels/workbook.xml.rels") else {
            throw Failure(message: "\(file): the workbook has no xl/workbook.xml")
        }
        let sheets = workbook.all("sheet")
        let names = sheets.map { $0.attributes["name"] ?? "" }
        let chosen: XMLTree
        switch sheet {
        case .name(let name):
            guard let i = names.firstIndex(of: name) else {
                throw Failure(message: "\(file): no sheet named '\(name)'; the sheets are: \(names.joined(separator: ", "))")
            }
            chosen = sheets[i]
        case .position(let i):
            guard sheets.indices.contains(i) else { throw Failure(message: "\(file): no sheet \(i); the workbook has \(sheets.count)") }
            chosen = sheets[i]
        }
        let sheetName = chosen.attributes["name"] ?? ""
        guard let id = chosen.attributes["r:id"],
              let target = rels.all("Relationship").first(where: { $0.attributes["Id"] == id })?.attributes["Target"] else {
            throw Failure(message: "\(file): sheet '\(sheetName)' has no worksheet part in xl/_rels/workbook.xml.rels")
        }
        let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        let date1904 = workbook.all("workbookPr").first?.attributes["date1904"].map { $0 == "1" || $0 == "true" } ?? false
        let shared = try document("xl/sharedStrings.xml", required: false).map { $0.all("si").map { $0.allText("t") } } ?? []
        let dateStyles = try document("xl/styles.xml", required: false).map(Self.dateStyles) ?? []
        guard let worksheet = try document(sheetPath) else { throw Failure(message: "\(file): the workbook has no \(sheetPath)") }

        var grid: [Int: [Int: String]] = [:]
        var width = 0, height = 0
        for cell in worksheet.all("c") {
            let ref = cell.attributes["r"] ?? ""
            func failure(_ message: String) -> Failure { Failure(message: "\(file): sheet '\(sheetName)', cell \(ref): \(message)") }
            guard let (row, column) = Self.cellPosition(ref) else { throw failure("the cell reference is not of the form A1") }
            let raw = cell.first("v")?.text
            let text: String
            switch cell.attributes["t"] ?? "n" {
            case "s":
                guard let raw, let i = Int(raw), shared.indices.contains(i) else { throw failure("the shared string \(raw ?? "(none)") does not exist") }
                text = shared[i]
            case "inlineStr": text = cell.first("is")?.allText("t") ?? ""
            case "str": text = raw ?? ""
            case "b": text = raw == "1" ? "True" : "False"
            case "e": throw failure("the cell holds the Excel error \(raw ?? "")")
            default:
                guard let raw else { continue }
                guard let number = Double(raw) else { throw failure("'\(raw)' is not a number") }
                let style = cell.attributes["s"].flatMap { Int($0) } ?? 0
                text = dateStyles.contains(style) ? try Self.dateText(serial: number, date1904: date1904).get(orThrow: failure("\(raw) is not a date Excel can show")) : raw
            }
            grid[row, default: [:]][column] = text
            width = max(width, column + 1)
            height = max(height, row + 1)
        }
        rows = (0..<height).map { r in (0..<width).map { c in grid[r]?[c] ?? "" } }
    }

    enum SheetSelector {
        case name(String)
        case position(Int)
    }

    /// 0-based (row, column) of a reference such as `B12`.
    static func cellPosition(_ ref: String) -> (Int, Int)? {
        var column = 0, digits = Substring(ref)
        for ch in ref {
            guard let ascii = ch.asciiValue, ch.isLetter else { break }
            column = column * 26 + Int(ascii & 0xDF) - 64
            digits = digits.dropFirst()
        }
        guard column >= 1, let row = Int(digits), row >= 1 else { return nil }
        return (row - 1, column - 1)
    }

    /// Positions (in `cellXfs`) of the cell styles whose number format shows a date: Excel's
    /// built-in date formats (14–22, 45–47) or a custom format with day/month/year codes.
    static func dateStyles(_ styles: XMLTree) -> Set<Int> {
        var custom: [Int: String] = [:]
        for format in styles.all("numFmt") {
            if let id = format.attributes["numFmtId"].flatMap({ Int($0) }) { custom[id] = format.attributes["formatCode"] ?? "" }
        }
        let builtIn = Set(14...22).union(45...47)
        var result: Set<Int> = []
        for (i, xf) in (styles.first("cellXfs")?.children.filter { $0.name == "xf" } ?? []).enumerated() {
            guard let id = xf.attributes["numFmtId"].flatMap({ Int($0) }) else { continue }
            if builtIn.contains(id) || custom[id].map(isDateFormat) == true { result.insert(i) }
        }
        return result
    }

    /// A custom format shows a date when, outside quoted text and `[…]` sections, it has a
    /// day, month or year code.
    static func isDateFormat(_ code: String) -> Bool {
        var quoted = false, bracket = false
        for ch in code.lowercased() {
            if ch == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if ch == "[" { bracket = true } else if ch == "]" { bracket = false }
            else if !bracket, ch == "d" || ch == "y" || ch == "m" { return true }
        }
        return false
    }

    /// An Excel serial day as pandas shows it: `YYYY-MM-DD`, with ` HH:MM:SS` when it has a time.
    static func dateText(serial: Double, date1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0, serial < 3_000_000 else { return nil }
        var days = serial.rounded(.down)
        // Excel's 1900 system counts a 29 February 1900 that never was (serial 60): serials
        // before it are one day later than the 1899-12-30 epoch says, as openpyxl reads them.
        if !date1904, days < 60 { days += 1 }
        let epoch = date1904 ? CivilDate(year: 1904, month: 1, day: 1) : CivilDate(year: 1899, month: 12, day: 30)
        let date = CivilDate(dayNumber: epoch.dayNumber + Int(days))
        let seconds = Int(((serial - serial.rounded(.down)) * 86_400).rounded())
        let dateText = String(format: "%04d-%02d-%02d", date.year, date.month, date.day)
        guard seconds > 0 else { return dateText }
        return dateText + String(format: " %02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
    }

    /// The sheet as CSV text, for the same path CSV files take.
    var csvText: String {
        rows.map { $0.map(PywrInlineFrame.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }
}

extension Optional {
    fileprivate func get(orThrow failure: @autoclosure () -> XLSXSheet.Failure) throws(XLSXSheet.Failure) -> Wrapped {
        guard let self else { throw failure() }
        return self
    }
}
