import AralModel
import Foundation

/// A small, strict CSV reader for time series and tables: a header row, comma-separated
/// fields, optional double quotes, `#` comment lines. Every bad cell is reported with its
/// file, row (1-based, counting the header) and column name.
public struct CSVTable: Sendable {
    public var file: String
    public var header: [String]
    /// Data rows with their 1-based line numbers in the file.
    public var rows: [(line: Int, fields: [String])]

    public init(file: String, header: [String], rows: [(line: Int, fields: [String])]) {
        self.file = file
        self.header = header
        self.rows = rows
    }

    public static func read(path: String, displayName: String? = nil) throws(ModelFileError) -> CSVTable {
        let name = displayName ?? path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelFileError(FileIssue(file: name, message: "file not found (looked for \(path))"))
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ModelFileError(FileIssue(file: name, message: "cannot read: \(error.localizedDescription)"))
        }
        return try parse(text, file: name)
    }

    public static func parse(_ text: String, file: String) throws(ModelFileError) -> CSVTable {
        var header: [String]?
        var rows: [(line: Int, fields: [String])] = []
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" }) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let fields = try splitFields(line, file: file, line: lineNumber)
            if header == nil {
                header = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                continue
            }
            guard let h = header, fields.count == h.count else {
                throw ModelFileError(FileIssue(file: file, line: lineNumber,
                    message: "row has \(fields.count) fields but the header has \(header?.count ?? 0)"))
            }
            rows.append((lineNumber, fields))
        }
        guard let header else { throw ModelFileError(FileIssue(file: file, message: "the file is empty; expected a header row")) }
        return CSVTable(file: file, header: header, rows: rows)
    }

    static func splitFields(_ line: Substring, file: String, line lineNumber: Int) throws(ModelFileError) -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
                    } else { inQuotes = false }
                } else { current.append(c) }
            } else if c == "\"" {
                inQuotes = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if inQuotes { throw ModelFileError(FileIssue(file: file, line: lineNumber, message: "a quoted field is not closed")) }
        fields.append(current)
        return fields
    }

    public func columnIndex(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Parses a numeric cell, reporting file, line and column on failure.
    public func number(row: Int, column: Int) throws(ModelFileError) -> Double {
        let (line, fields) = rows[row]
        let text = fields[column].trimmingCharacters(in: .whitespaces)
        guard let value = Double(text), value.isFinite else {
            throw ModelFileError(FileIssue(file: file, line: line, column: nil, path: header[column],
                message: text.isEmpty ? "empty cell; every step needs a value" : "'\(text)' is not a number"))
        }
        return value
    }
}
