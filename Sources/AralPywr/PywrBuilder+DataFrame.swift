import Foundation
import AralModel
import AralFormats

/// Pywr's `dataframe` parameter from a CSV file (`url` relative to the model file, or a
/// `table` from the model's `tables`), aligned to the model's steps the way Pywr's
/// `align_and_resample_dataframe` does: a finer record is averaged over each step, a coarser
/// one (monthly) is carried forward.
extension PywrBuilder {
    func loadDataFrame(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> Value {
        try rejectUnknownKeys(node, known: common.union(["url", "table", "column", "index_col", "parse_dates", "scenario",
                                                         "index", "key", "checksum", "timestep_offset", "dayfirst", "sep"]),
                              what: "a 'dataframe' parameter")
        if let data = node["data"] { throw issue(data, "inline 'data' in a dataframe parameter is not supported; use a CSV 'url'") }
        // A table supplies url/index_col/parse_dates; the parameter may add or override them.
        var source = node
        if let tableRef = node["table"] {
            let tableName = try string(tableRef)
            guard let table = tables[tableName] else {
                throw issue(tableRef, "no table named '\(tableName)'; the tables are: \(tables.keys.sorted().joined(separator: ", "))")
            }
            source = table
        }
        let urlNode = try required(source, "url", what: "a dataframe parameter")
        let url = try string(urlNode)
        guard url.lowercased().hasSuffix(".csv") else {
            throw issue(urlNode, "only CSV files are supported for dataframe parameters; '\(url)' is not a .csv file")
        }
        let path = url.hasPrefix("/") ? url : (baseDirectory as NSString).appendingPathComponent(url)
        let table: CSVTable
        if let cached = csvCache[path] { table = cached } else {
            guard FileManager.default.fileExists(atPath: path) else {
                throw issue(urlNode, "the data file '\(url)' was not found (looked for \(path))")
            }
            table = try CSVTable.read(path: path, displayName: url)
            csvCache[path] = table
        }
        let indexColumn = try (node["index_col"] ?? source["index_col"]).map { (n: JSONNode) throws(ModelFileError) -> Int in
            if let i = n.number { return Int(i) }
            let name = try string(n)
            guard let c = table.columnIndex(name) else { throw issue(n, "the file '\(url)' has no column '\(name)'") }
            return c
        } ?? 0
        var dates: [CivilDate] = []
        for row in table.rows {
            let text = row.fields[indexColumn].trimmingCharacters(in: .whitespaces)
            guard let date = CivilDate(parsing: text.prefix(10)) else {
                throw ModelFileError(FileIssue(file: url, line: row.line, path: table.header[indexColumn],
                                               message: "'\(text)' is not a date (YYYY-MM-DD)"))
            }
            dates.append(date)
        }
        if let scenarioNode = node["scenario"] {
            let dimension = try scenarioDimension(scenarioNode)
            let size = network.scenarios[dimension].size
            let columns = (0..<table.header.count).filter { $0 != indexColumn }
            guard columns.count >= size else {
                throw issue(scenarioNode, "the file '\(url)' has \(columns.count) data columns but scenario '\(network.scenarios[dimension].name)' has \(size) members")
            }
            var perMember: [[Double]] = []
            for c in columns.prefix(size) { perMember.append(try alignedSeries(table, column: c, dates: dates, file: url, at: urlNode)) }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        }
        let columnNode = try required(node, "column", what: "a dataframe parameter without a scenario")
        let columnName = Self.slotKey(columnNode)
        guard let c = table.columnIndex(columnName) else {
            throw issue(columnNode, "the file '\(url)' has no column '\(columnName)'; its columns: \(table.header.joined(separator: ", "))")
        }
        let series = try alignedSeries(table, column: c, dates: dates, file: url, at: urlNode)
        return network.addParameter(StepSeriesParameter(label: label, values: series))
    }

    /// One value per model step from a dated column.
    func alignedSeries(_ table: CSVTable, column c: Int, dates: [CivilDate], file: String, at node: JSONNode) throws(ModelFileError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(table.rows.count)
        for r in table.rows.indices { values.append(try table.number(row: r, column: c)) }
        var byDay: [Int: Double] = [:]
        for (d, v) in zip(dates, values) { byDay[d.dayNumber] = v }
        let monthly = dates.count > 1 && dates.allSatisfy { $0.day == 1 } && dates[1] == dates[0].startOfNextMonth
        var result: [Double] = []
        result.reserveCapacity(network.steps.count)
        for step in network.steps {
            if monthly {
                let key = CivilDate(year: step.date.year, month: step.date.month, day: 1).dayNumber
                guard let v = byDay[key] else { throw issue(node, "the data file '\(file)' has no value for \(step.date) (column \(table.header[c]))") }
                result.append(v)
                continue
            }
            // Daily (or finer-than-step) record: mean over the step's days.
            var sum = 0.0, count = 0
            for day in step.date.dayNumber..<(step.date.dayNumber + step.days) {
                if let v = byDay[day] { sum += v; count += 1 }
            }
            guard count > 0 else { throw issue(node, "the data file '\(file)' has no value for \(step.date) (column \(table.header[c]))") }
            result.append(sum / Double(count))
        }
        return result
    }
}
