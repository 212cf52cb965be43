import Foundation
import AralModel
import AralSchema

/// Pywr's `dataframe` parameter from a CSV file (`url` relative to the model file, or a
/// `table` from the model's `tables`), aligned to the model's steps the way Pywr's
/// `align_and_resample_dataframe` does: a finer record is averaged over each step, a coarser
/// one (monthly) is carried forward.
extension PywrBuilder {
    func loadDataFrame(_ node: JSONNode, label: String, common: Set<String>) throws(ModelFileError) -> ScheduledValue {
        try rejectUnknownKeys(node, known: common.union(["url", "table", "column", "index_col", "parse_dates", "scenario",
                                                         "index", "key", "checksum", "timestep_offset", "dayfirst", "sep", "data", "sheet_name"]),
                              what: "a 'dataframe' parameter")
        // A table supplies url/index_col/parse_dates; the parameter may add or override them.
        var source = node
        if let tableRef = node["table"] {
            let tableName = try string(tableRef)
            guard let table = tables[tableName] else {
                throw issue(tableRef, "no table named '\(tableName)'; the tables are: \(tables.keys.sorted().joined(separator: ", "))")
            }
            source = table
        }
        let (table, url, urlNode) = try readTable(source)
        let indexColumn = try indexColumnOf(node["index_col"] ?? source["index_col"], table: table, url: url) ?? 0
        let dayFirst = (node["dayfirst"] ?? source["dayfirst"])?.bool ?? false
        let indexKey = source["url"]?.string.map { "\(resolvedPath($0))|\(source["sheet_name"]?.string ?? source["sheet_name"]?.numberText ?? "")|\(indexColumn)|\(dayFirst)" }
        var dates: [CivilDate] = indexKey.flatMap { indexCache[$0] } ?? []
        if dates.isEmpty {
            dates.reserveCapacity(table.rowCount)
            for r in 0..<table.rowCount {
                if let date = table.isoDate(row: r, column: indexColumn) { dates.append(date); continue }
                let text = Self.trimmed(table.text(row: r, column: indexColumn))
                guard let date = Self.parseDate(text, dayFirst: dayFirst) else {
                    throw ModelFileError(FileIssue(file: url, line: table.line(of: r), path: table.header[indexColumn],
                                                   message: "'\(text)' is not a date (YYYY-MM-DD, or DD/MM/YYYY with dayfirst)"))
                }
                dates.append(date)
            }
            if let indexKey { indexCache[indexKey] = dates }
        }
        if let scenarioNode = node["scenario"] {
            let dimension = try scenarioDimension(scenarioNode)
            let size = network.scenarios[dimension].size
            let columns = (0..<table.header.count).filter { $0 != indexColumn }
            // As many columns as members, as Pywr requires ("Scenario size (2) is different to
            // the number of columns (3)"): extra columns were dropped without a word (found from outside).
            guard columns.count == size else {
                throw issue(scenarioNode, "the file '\(url)' has \(columns.count) data columns but scenario '\(network.scenarios[dimension].name)' has \(size) members; Pywr needs one column per member")
            }
            var perMember: [[Double]] = []
            for c in columns { perMember.append(try alignedSeries(table, column: c, dates: dates, file: url, at: urlNode)) }
            return network.addParameter(PywrScenarioSeriesParameter(label: label, dimension: dimension, values: perMember, constantInTime: false))
        }
        let c: Int
        if let columnNode = node["column"] ?? source["column"] {
            let columnName = Self.slotKey(columnNode)
            guard let found = table.columnIndex(columnName) else {
                throw issue(columnNode, "the file '\(url)' has no column '\(columnName)'; its columns: \(table.quotedColumnNames)")
            }
            c = found
        } else {
            // Pywr takes a single data column as the series.
            let columns = (0..<table.header.count).filter { $0 != indexColumn }
            guard columns.count == 1, let only = columns.first else {
                throw issue(node, node.childPath("column"), "the file '\(url)' has \(columns.count) data columns; say which with 'column'")
            }
            c = only
        }
        let series = try alignedSeries(table, column: c, dates: dates, file: url, at: urlNode)
        return network.addParameter(StepSeriesParameter(label: label, values: series))
    }

    /// Reads the CSV a definition's `url` names (relative to the model file), once per file.
    /// A `.gz` file is a gzipped CSV, as pandas reads it (Pywr treats `.csv` and `.gz` as
    /// CSV). Old Mac line endings (CR) are accepted, as pandas does.
    func readTable(_ source: JSONNode) throws(ModelFileError) -> (CSVTable, String, JSONNode) {
        if source["url"] == nil, let data = source["data"] { return try inlineTable(data) }
        let urlNode = try required(source, "url", what: "a data table")
        let url = try string(urlNode)
        let lower = url.lowercased()
        let hdf = lower.hasSuffix(".h5") || lower.hasSuffix(".hdf") || lower.hasSuffix(".hdf5")
        let excel = lower.hasSuffix(".xlsx")
        guard lower.hasSuffix(".csv") || lower.hasSuffix(".gz") || hdf || excel else {
            throw issue(urlNode, "only CSV files (.csv, or gzipped .gz), pandas HDF5 frames (.h5) and Excel workbooks (.xlsx) are supported; '\(url)' is none of them")
        }
        var sheet = XLSXSheet.SheetSelector.position(0)  // pandas' read_excel default: the first sheet
        if let sheetNode = source["sheet_name"], !sheetNode.isNull {
            guard excel else { throw issue(sheetNode, "'sheet_name' applies to Excel workbooks (.xlsx) only") }
            sheet = sheetNode.number != nil ? .position(try integer(sheetNode)) : .name(try string(sheetNode))
        }
        let path = resolvedPath(url)
        let cacheKey = excel ? "\(path)#\(sheet)" : path
        if let cached = csvCache[cacheKey] { return (cached, url, urlNode) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw issue(urlNode, "the data file '\(url)' was not found (looked for \(path))")
        }
        let text: String
        if hdf {
            // pandas.read_hdf: the frame under `key`, or the file's only one.
            let key = try source["key"].map { (k: JSONNode) throws(ModelFileError) in try string(k) }
            do { text = try PandasHDF.csvText(path: path, key: key) } catch {
                throw issue(urlNode, "cannot read the data file '\(url)': \(error)")
            }
        } else if excel {
            do { text = try XLSXSheet(path: path, sheet: sheet, file: url).csvText } catch {
                throw issue(urlNode, "cannot read the Excel workbook: \(error.message)")
            }
        } else if lower.hasSuffix(".gz") {
            do { text = try Gzip.readText(path: path) } catch {
                throw issue(urlNode, "cannot read the gzipped data file '\(url)' (\(path)): \(error.message)")
            }
        } else {
            text = try TextFile.read(path) { issue(urlNode, "cannot read the data file '\(url)' (\(path)): \($0)") }
        }
        // CSVTable reads \r\n and lone \r line ends itself.
        let table = try CSVTable.parse(text, file: url)
        csvCache[cacheKey] = table
        return (table, url, urlNode)
    }

    /// An inline data frame (`data`, Pywr's `DataFrame.from_dict`), named in errors by its key path.
    func inlineTable(_ data: JSONNode) throws(ModelFileError) -> (CSVTable, String, JSONNode) {
        let name = "inline data at \(data.path)"
        let text: String
        do { text = try PywrInlineFrame.csvText(data) } catch { throw issue(error.node, error.message) }
        return (try CSVTable.parse(text, file: name), name, data)
    }

    func indexColumnOf(_ node: JSONNode?, table: CSVTable, url: String) throws(ModelFileError) -> Int? {
        guard let node, !node.isNull else { return nil }
        if node.number != nil {
            let c = try integer(node)
            guard table.header.indices.contains(c) else {
                throw issue(node, "index_col \(c) is not a column of '\(url)' (it has \(table.header.count), numbered from 0)")
            }
            return c
        }
        let name = try string(node)
        guard let c = table.columnIndex(name) else { throw issue(node, "the file '\(url)' has no column '\(name)'; its columns: \(table.quotedColumnNames)") }
        return c
    }

    /// A constant read from one cell of a table: the row whose index column is `index`,
    /// the column `column` (Pywr's `load_parameter_values` with a `url` or `table`). A list
    /// `index_col` is a multi-index; `index` then lists one key per index column.
    func tableValue(_ node: JSONNode) throws(ModelFileError) -> Double {
        var source = node
        if let tableRef = node["table"] {
            let tableName = try string(tableRef)
            guard let table = tables[tableName] else { throw issue(tableRef, "no table named '\(tableName)'") }
            source = table
        }
        let (table, url, _) = try readTable(source)
        let indexNode = node["index_col"] ?? source["index_col"]
        let indexColumns: [Int]
        if let list = indexNode?.elements {
            var columns: [Int] = []
            for element in list { columns.append(try indexColumnOf(element, table: table, url: url) ?? 0) }
            indexColumns = columns
        } else {
            indexColumns = [try indexColumnOf(indexNode, table: table, url: url) ?? 0]
        }
        let c = try dataColumn(node["column"] ?? source["column"], of: node, table: table, url: url, indexColumns: indexColumns)
        let keyNode = try required(node, "index", what: "a value from a table")
        let keys = try keyNode.elements.map { (list: [JSONNode]) throws(ModelFileError) -> [String] in list.map { Self.slotKey($0) } } ?? [Self.slotKey(keyNode)]
        guard keys.count == indexColumns.count else {
            throw issue(keyNode, "index has \(keys.count) key(s) but index_col names \(indexColumns.count) column(s)")
        }
        guard let r = (0..<table.rowCount).first(where: { row in
            zip(indexColumns, keys).allSatisfy { table.text(row: row, column: $0).trimmingCharacters(in: .whitespaces) == $1 }
        }) else {
            throw issue(keyNode, "the file '\(url)' has no row '\(keys.joined(separator: ", "))' in column(s) \(indexColumns.map { table.header[$0] }.joined(separator: ", "))")
        }
        return try table.number(row: r, column: c)
    }

    /// The column a definition names, or the table's only data column.
    func dataColumn(_ columnNode: JSONNode?, of node: JSONNode, table: CSVTable, url: String, indexColumn: Int) throws(ModelFileError) -> Int {
        try dataColumn(columnNode, of: node, table: table, url: url, indexColumns: [indexColumn])
    }

    func dataColumn(_ columnNode: JSONNode?, of node: JSONNode, table: CSVTable, url: String, indexColumns: [Int]) throws(ModelFileError) -> Int {
        if let columnNode {
            let name = Self.slotKey(columnNode)
            guard let c = table.columnIndex(name) else {
                throw issue(columnNode, "the file '\(url)' has no column '\(name)'; its columns: \(table.quotedColumnNames)")
            }
            return c
        }
        let columns = (0..<table.header.count).filter { !indexColumns.contains($0) }
        guard columns.count == 1, let only = columns.first else {
            throw issue(node, node.childPath("column"), "the file '\(url)' has \(columns.count) data columns; say which with 'column'")
        }
        return only
    }

    /// Every row of a CSV or table as numbers, without the index column (Pywr's
    /// `load_parameter_values` of a whole frame: one row per scenario member, say).
    func tableRows(_ node: JSONNode) throws(ModelFileError) -> [[Double]] {
        var source = node
        if let tableRef = node["table"] {
            let tableName = try string(tableRef)
            guard let table = tables[tableName] else { throw issue(tableRef, "no table named '\(tableName)'") }
            source = table
        }
        let (table, url, _) = try readTable(source)
        let indexColumn = try indexColumnOf(node["index_col"] ?? source["index_col"], table: table, url: url)
        var rows: [[Double]] = []
        for r in table.rows.indices {
            var row: [Double] = []
            for c in table.header.indices where c != indexColumn { row.append(try table.number(row: r, column: c)) }
            rows.append(row)
        }
        return rows
    }

    /// All values of one column of a CSV or table, in file order (profiles from files).
    func tableColumn(_ node: JSONNode) throws(ModelFileError) -> [Double] {
        var source = node
        if let tableRef = node["table"] {
            let tableName = try string(tableRef)
            guard let table = tables[tableName] else { throw issue(tableRef, "no table named '\(tableName)'") }
            source = table
        }
        let (table, url, _) = try readTable(source)
        let indexColumn = try indexColumnOf(node["index_col"] ?? source["index_col"], table: table, url: url) ?? 0
        let c = try dataColumn(node["column"] ?? source["column"], of: node, table: table, url: url, indexColumn: indexColumn)
        var values: [Double] = []
        for r in table.rows.indices { values.append(try table.number(row: r, column: c)) }
        return values
    }

    /// Spaces and tabs off both ends (the cells of an index column), without Foundation's
    /// character-set trimming, which bridged every cell through NSString.
    static func trimmed(_ text: String) -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.first, let last = text.last, isBlank(first) || isBlank(last) else { return text }
        return String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
    }

    /// Dates as pandas reads them in Pywr's files and timesteppers: `YYYY-MM-DD` (optionally
    /// with a time), year first with one-digit fields or slashes (`2015-02-1`, `2015/2/1`), or
    /// `D/M/Y` (`dayfirst`) / `M/D/Y`, with two-digit years in 1970–2069.
    static func parseDate(_ text: String, dayFirst: Bool) -> CivilDate? {
        // `2019-01-01` and `2019-01-01 00:00:00` (pandas writes a time with its index).
        if let iso = CivilDate(parsing: text.utf8.count > 10 ? text.prefix(10) : text[...]) { return iso }
        let datePart = text.split(whereSeparator: { $0 == " " || $0 == "T" }).first.map(String.init) ?? text
        if let iso = CivilDate(parsing: datePart.prefix(10)) { return iso }
        let fields = datePart.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "-" })
        let parts = fields.compactMap { Int($0) }
        guard parts.count == 3, fields.count == 3 else { return nil }
        if fields[0].count == 4 {
            // Year first, as ISO: pandas reads `2015-02-1` and `2015/2/1` as 1 February.
            guard (1...12).contains(parts[1]), parts[2] >= 1, parts[2] <= CivilDate.daysIn(month: parts[1], year: parts[0]) else { return nil }
            return CivilDate(year: parts[0], month: parts[1], day: parts[2])
        }
        guard !datePart.contains("-") else { return nil }
        var year = parts[2]
        if year < 100 { year += year < 70 ? 2000 : 1900 }
        let (day, month) = dayFirst ? (parts[0], parts[1]) : (parts[1], parts[0])
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        return CivilDate(year: year, month: month, day: day)
    }

    /// One value per model step from a dated column.
    func alignedSeries(_ table: CSVTable, column c: Int, dates: [CivilDate], file: String, at node: JSONNode) throws(ModelFileError) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(table.rows.count)
        for r in table.rows.indices { values.append(try table.number(row: r, column: c)) }
        // Rows on consecutive days (a daily record) are found by their offset from the first;
        // any other index through a dictionary (its last row per day, as before). Hashing
        // every day of every column cost a tenth of loading a 20-column, 30-year daily frame.
        let count = min(dates.count, values.count)
        let first = dates.first?.dayNumber ?? 0
        let consecutive = (0..<count).allSatisfy { dates[$0].dayNumber == first + $0 }
        var byDayTable: [Int: Double] = [:]
        if !consecutive {
            for (d, v) in zip(dates, values) { byDayTable[d.dayNumber] = v }
        }
        let byDay = AlignedDays(consecutive: consecutive, first: first, count: count, values: values, table: byDayTable)
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
            guard count > 0 else {
                // Dates further apart than a step (a weekly record on daily steps) are not filled
                // between, as pandas' resampling fills them in Pywr: say so, rather than that data
                // are missing (found from outside).
                let gaps = zip(dates, dates.dropFirst()).map { $1.dayNumber - $0.dayNumber }
                let sparse = (gaps.min() ?? 0) > step.days
                throw issue(node, "the data file '\(file)' has no value for \(step.date) (column \(table.header[c]))"
                            + (sparse ? "; its dates are at least \(gaps.min() ?? 0) days apart, more than a step, and Aral does not fill between them as Pywr's resampling does: give a row for every step" : ""))
            }
            result.append(sum / Double(count))
        }
        return result
    }
}

/// A dated column's value on a day: by offset when its rows are consecutive days, else by a
/// day-number table.
private struct AlignedDays {
    let consecutive: Bool
    let first: Int
    let count: Int
    let values: [Double]
    let table: [Int: Double]

    subscript(day: Int) -> Double? {
        guard consecutive else { return table[day] }
        let i = day - first
        return i >= 0 && i < count ? values[i] : nil
    }
}
