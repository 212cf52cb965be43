import Foundation
public import AralModel

/// Reads the series a model refers to from CSV files next to the model file (paths are
/// relative to the model's folder). The first column holds dates (`YYYY-MM-DD` or `YYYY-MM`),
/// one row per day or per month, without gaps; other columns hold values.
///
/// The same format serves synthetic and observed records, so an observed series replaces a
/// synthetic one by pointing the model at another file.
public final class CSVSeriesSource: SeriesSource {
    public let baseDirectory: String
    private var tables: [String: CSVTable] = [:]

    public init(baseDirectory: String) {
        self.baseDirectory = baseDirectory
    }

    public func resolve(_ file: String) -> String {
        file.hasPrefix("/") ? file : (baseDirectory as NSString).appendingPathComponent(file)
    }

    public func table(_ file: String) throws(ModelFileError) -> CSVTable {
        if let t = tables[file] { return t }
        let t = try CSVTable.read(path: resolve(file), displayName: file)
        tables[file] = t
        return t
    }

    public func series(file: String, column: String) throws -> TimeSeries {
        let table = try table(file)
        guard let c = table.columnIndex(column), c > 0 else {
            let columns = table.header.dropFirst().joined(separator: ", ")
            // A European spreadsheet's CSV: one "column" holding the whole semicolon-separated header.
            let hint = table.header.count == 1 && table.header[0].contains(";")
                ? "; the file seems to separate its fields with ';' — Aral reads comma-separated values" : ""
            throw ModelFileError(FileIssue(file: file, line: table.headerLine, path: column,
                message: "no column '\(column)'; the columns are: \(columns.isEmpty ? "(none besides the date)" : columns)\(hint)"))
        }
        let same = table.columns(named: column)
        guard same.count == 1 else {
            throw ModelFileError(FileIssue(file: file, line: table.headerLine, path: column,
                message: "the header names column '\(column)' \(same.count) times (columns \(same.map { String($0 + 1) }.joined(separator: ", "))): which one is meant? Rename or remove the others"))
        }
        return try Self.series(from: table, column: c)
    }

    /// Builds a series from one column of a dated table, checking dates, gaps and cells.
    public static func series(from table: CSVTable, column c: Int) throws(ModelFileError) -> TimeSeries {
        var dates: [CivilDate] = []
        var values: [Double] = []
        dates.reserveCapacity(table.rowCount)
        values.reserveCapacity(table.rowCount)
        for r in 0..<table.rowCount {
            let text = table.text(row: r, column: 0).trimmingCharacters(in: .whitespaces)
            guard let date = CivilDate(parsing: text.prefix(10)) else {
                throw ModelFileError(FileIssue(file: table.file, line: table.line(of: r), path: table.header[0],
                    message: "'\(text)' is not a date; write YYYY-MM-DD or YYYY-MM"))
            }
            dates.append(date)
            values.append(try table.number(row: r, column: c))
        }
        guard let first = dates.first else {
            throw ModelFileError(FileIssue(file: table.file, message: "the file has a header but no data rows"))
        }
        let monthly = dates.allSatisfy { $0.day == 1 } && (dates.count == 1 || dates[1] == first.startOfNextMonth)
        for i in 1..<max(1, dates.count) {
            let expected = monthly ? dates[i - 1].startOfNextMonth : dates[i - 1].adding(days: 1)
            if dates[i] != expected {
                let what = dates[i] < expected ? "is out of order or repeated" : "leaves a gap"
                throw ModelFileError(FileIssue(file: table.file, line: table.line(of: i), path: table.header[0],
                    message: "date \(dates[i]) \(what): after \(dates[i - 1]) the next \(monthly ? "month" : "day") is \(expected)"))
            }
        }
        return TimeSeries(dates: dates, values: values, resolution: monthly ? .monthly : .daily,
                          origin: "\(table.file) column \(table.header[c])")
    }
}
