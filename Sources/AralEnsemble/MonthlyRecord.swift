public import AralModel
public import AralSchema

/// Monthly flows of several sites over the same months: an observed history, or one trace.
/// `values[site][t]` is the mean flow (m³/s) of month `t` counted from `start`.
public struct MonthlyRecord: Sendable, Equatable {
    public var sites: [String]
    /// First day of the first month.
    public var start: CivilDate
    public var values: [[Double]]

    /// Fitting month-by-month statistics needs a few values per calendar month.
    public static let minimumYears = 3

    public init(sites: [String], start: CivilDate, values: [[Double]]) {
        self.sites = sites
        self.start = start
        self.values = values
    }

    public var monthCount: Int { values.first?.count ?? 0 }

    /// Calendar month (0 = January) of month `t` of the record.
    public func calendarMonth(_ t: Int) -> Int { (start.month - 1 + t) % 12 }

    /// Reads a dated CSV (first column dates, one column per site; monthly or daily, no gaps;
    /// a daily record is averaged into months). `sites` picks columns (default: all).
    public static func read(path: String, sites: [String]? = nil) throws(EnsembleError) -> MonthlyRecord {
        let table: CSVTable
        do { table = try CSVTable.read(path: path) } catch {
            throw EnsembleError(error.description)
        }
        return try parse(table, sites: sites)
    }

    public static func parse(_ table: CSVTable, sites requested: [String]? = nil) throws(EnsembleError) -> MonthlyRecord {
        let available = Array(table.header.dropFirst())
        guard !available.isEmpty else {
            throw EnsembleError(file: table.file, line: 1, "expected a date column followed by one column per site")
        }
        let names = requested ?? available
        if let requested {
            // `--sites ""` once read as "no data rows"; `--sites naryn,naryn` wrote two different traces for one site.
            guard !requested.isEmpty else {
                throw EnsembleError(file: table.file, path: "sites", "no site named; the columns are: \(available.joined(separator: ", "))")
            }
            if let twice = requested.first(where: { name in requested.filter { $0 == name }.count > 1 }) {
                throw EnsembleError(file: table.file, path: "sites", "site '\(twice)' is named twice")
            }
        }
        var columns: [Int] = []
        for name in names {
            guard let c = table.columnIndex(name), c > 0 else {
                throw EnsembleError(file: table.file, line: 1, path: name,
                                    "no column '\(name)'; the columns are: \(available.joined(separator: ", "))")
            }
            columns.append(c)
        }
        var values: [[Double]] = []
        var start: CivilDate?
        for c in columns {
            let series: TimeSeries
            do { series = try CSVSeriesSource.series(from: table, column: c) } catch {
                throw EnsembleError(error.description)
            }
            let (first, monthly) = monthlyMeans(series)
            start = first
            values.append(monthly)
        }
        guard let start, let count = values.first?.count else {
            throw EnsembleError(file: table.file, "the file has a header but no data rows")
        }
        guard count >= minimumYears * 12 else {
            throw EnsembleError(file: table.file,
                "the history is too short: \(count) complete months; at least \(minimumYears) years (\(minimumYears * 12) months) are needed to estimate each month's statistics")
        }
        for (s, row) in values.enumerated() {
            if let t = row.firstIndex(where: { $0 < 0 }) {
                throw EnsembleError(file: table.file, path: names[s], "negative flow \(row[t]) in month \(t + 1) of the record; flows must be ≥ 0")
            }
        }
        return MonthlyRecord(sites: names, start: start, values: values)
    }

    /// Monthly means of a series; a daily series keeps only complete months.
    static func monthlyMeans(_ series: TimeSeries) -> (CivilDate, [Double]) {
        guard let first = series.dates.first else { return (CivilDate(year: 2000, month: 1, day: 1), []) }
        if series.resolution == .monthly { return (first, series.values) }
        var months: [Double] = []
        var monthStart: CivilDate?
        var i = 0
        while i < series.dates.count {
            let d = series.dates[i]
            let days = CivilDate.daysIn(month: d.month, year: d.year)
            if d.day == 1, i + days <= series.dates.count {
                if monthStart == nil { monthStart = d }
                var sum = 0.0
                for k in i..<(i + days) { sum += series.values[k] }
                months.append(sum / Double(days))
                i += days
            } else {
                i += 1
            }
        }
        return (monthStart ?? first, months)
    }
}
