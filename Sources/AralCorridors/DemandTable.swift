import AralModel
import AralSchema
import Foundation

/// Origin–destination volumes to assign, in tonnes per year.
public struct ODDemand: Sendable, Equatable {
    public var origin: String
    public var destination: String
    public var tonnesPerYear: Double
    public init(origin: String, destination: String, tonnesPerYear: Double) {
        self.origin = origin
        self.destination = destination
        self.tonnesPerYear = tonnesPerYear
    }
}

/// Reads a demand CSV: a header with `origin`, `destination` and one volume column —
/// `tonnesPerYear`, `mtPerYear` or `teuPerYear` (converted with the model's `tonnesPerTEU`) —
/// then one row per pair. `#` starts a comment line. Unknown places, bad numbers and negative
/// volumes are reported as `file:line:column: column-name: message`, all at once.
public enum DemandTable {
    public static func read(path: String, network: CorridorNetwork) throws(CorridorInputError) -> [ODDemand] {
        let text = try CorridorLoader.readText(path)
        return try parse(text, file: path, network: network)
    }

    public static func parse(_ text: String, file: String, network: CorridorNetwork) throws(CorridorInputError) -> [ODDemand] {
        var issues: [CorridorIssue] = []
        // The one CSV reader finds the rows and cells; cells are read trimmed.
        let table: CSVTable
        do { table = try CSVTable.parse(text, file: file) } catch {
            if error.issues.first?.message.hasPrefix("the file is empty") == true {
                throw CorridorInputError([CorridorIssue(file: file, message: "the demand file is empty")])
            }
            throw CorridorInputError(error.issues)
        }
        let header = (line: table.headerLine, cells: table.header)
        let rows = table.rows.map { (line: $0.line, cells: $0.fields.map { $0.trimmingCharacters(in: .whitespaces) }) }
        let volumeColumns: [(String, Double)] = [("tonnesPerYear", 1), ("mtPerYear", 1e6), ("teuPerYear", network.settings.tonnesPerTEU)]
        guard let o = header.cells.firstIndex(of: "origin"), let d = header.cells.firstIndex(of: "destination"),
              let (v, scale) = volumeColumns.lazy.compactMap({ c in header.cells.firstIndex(of: c.0).map { ($0, c.1) } }).first else {
            throw CorridorInputError([CorridorIssue(file: file, line: header.line, message:
                "the header must name 'origin', 'destination' and one of tonnesPerYear, mtPerYear, teuPerYear; got \(header.cells.joined(separator: ","))")])
        }
        // Two quantity columns: which one the user meant is not ours to guess.
        let named = volumeColumns.map(\.0).filter { header.cells.contains($0) }
        guard named.count == 1 else {
            throw CorridorInputError([CorridorIssue(file: file, line: header.line, message:
                "the header names \(named.map { "'\($0)'" }.joined(separator: " and ")); keep one quantity column")])
        }
        var demands: [ODDemand] = []
        for row in rows {
            func cell(_ i: Int) -> String { i < row.cells.count ? row.cells[i] : "" }
            func column(_ i: Int) -> Int { row.cells.prefix(i).reduce(1) { $0 + $1.count + 1 } }
            var ok = true
            for (i, name) in [(o, "origin"), (d, "destination")] where network.placeIndex[cell(i)] == nil {
                let id = cell(i)
                let hint = network.placeIndex.keys.min { editDistance($0, id) < editDistance($1, id) }.flatMap { editDistance($0, id) <= 3 ? $0 : nil }
                issues.append(CorridorIssue(file: file, line: row.line, column: column(i), path: name,
                                            message: "unknown node '\(id)'" + (hint.map { " (did you mean '\($0)'?)" } ?? "")))
                ok = false
            }
            let volumeName = header.cells[v]
            guard let volume = Double(cell(v)), volume.isFinite else {
                issues.append(CorridorIssue(file: file, line: row.line, column: column(v), path: volumeName, message: "expected a number, found '\(cell(v))'"))
                continue
            }
            if volume < 0 {
                issues.append(CorridorIssue(file: file, line: row.line, column: column(v), path: volumeName, message: "must be ≥ 0; got \(shortNumber(volume))"))
                ok = false
            } else if volume * scale > CorridorLimits.demandTonnesPerYear {
                issues.append(CorridorIssue(file: file, line: row.line, column: column(v), path: volumeName,
                                            message: "\(shortNumber(volume)) is more than any corridor carries (at most \(shortNumber(CorridorLimits.demandTonnesPerYear)) t a year)"))
                ok = false
            }
            if ok, cell(o) == cell(d) {
                issues.append(CorridorIssue(file: file, line: row.line, column: column(d), path: "destination", message: "origin and destination are both '\(cell(o))'"))
                ok = false
            }
            if ok { demands.append(ODDemand(origin: cell(o), destination: cell(d), tonnesPerYear: volume * scale)) }
        }
        if !issues.isEmpty { throw CorridorInputError(issues) }
        return demands
    }
}

extension DemandTable {
    /// Reads a list of origin–destination pairs (`origin,destination`, extra columns ignored),
    /// with the same checks as a demand file.
    public static func readPairs(path: String, network: CorridorNetwork) throws(CorridorInputError) -> [(origin: String, destination: String)] {
        let text = try CorridorLoader.readText(path)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let h = lines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }) else {
            throw CorridorInputError([CorridorIssue(file: path, message: "the pairs file is empty")])
        }
        // Give every pair a unit volume and reuse the demand checks (same lines, same columns).
        for i in lines.indices where i >= h && !lines[i].trimmingCharacters(in: .whitespaces).isEmpty && !lines[i].hasPrefix("#") {
            lines[i] = lines[i].trimmingCharacters(in: .init(charactersIn: "\r")) + (i == h ? ",tonnesPerYear" : ",1")
        }
        return try parse(lines.joined(separator: "\n"), file: path, network: network).map { ($0.origin, $0.destination) }
    }
}
