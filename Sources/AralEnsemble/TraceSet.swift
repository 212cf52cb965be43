public import AralModel
public import Foundation
import AralSchema

/// Many monthly traces of the same sites over the same months, stored flat
/// (`values[(trace · months + t) · sites + site]`, m³/s) so 1,000 traces × 30 years × 10
/// sites take 29 MB and no per-trace objects.
///
/// File format (written by `aral hydrology generate`, read by ensembles): a CSV with the
/// header `trace,date,SITE…`, one row per trace and month, traces numbered from 0 in order,
/// dates `YYYY-MM-DD` on the 1st, every trace covering the same months without gaps.
public struct TraceSet: Sendable {
    /// The largest value a trace may hold: far above any river in any unit a record uses, far
    /// below the LP solver's infinity (1e30) whatever the inflow's scale.
    static let largestFlow = 1e15
    public var sites: [String]
    public var start: CivilDate
    public var months: Int
    public var count: Int
    public var values: [Double]

    public init(sites: [String], start: CivilDate, months: Int, count: Int, values: [Double]) {
        self.sites = sites
        self.start = start
        self.months = months
        self.count = count
        self.values = values
    }

    @inline(__always)
    public func value(trace: Int, month t: Int, site s: Int) -> Double {
        values[(trace * months + t) * sites.count + s]
    }

    /// Trace `k` as a record (for statistics).
    public func record(_ k: Int) -> MonthlyRecord {
        let values = sites.indices.map { s in (0..<months).map { value(trace: k, month: $0, site: s) } }
        return MonthlyRecord(sites: sites, start: start, values: values)
    }

    /// Generates `count` traces from `model` (trace k from stream k of `seed`).
    public static func generate(_ model: ThomasFieringModel, count: Int, seed: UInt64, start: CivilDate, months: Int,
                                multipliers: ClimateMultipliers? = nil) -> TraceSet {
        let S = model.sites.count
        var values = [Double](repeating: 0, count: count * months * S)
        for k in 0..<count {
            let base = k * months * S
            model.fill(index: k, seed: seed, startMonth: start.month - 1, months: months, multipliers: multipliers) { s, t, v in
                values[base + t * S + s] = v
            }
        }
        return TraceSet(sites: model.sites, start: CivilDate(year: start.year, month: start.month, day: 1),
                        months: months, count: count, values: values)
    }

    // MARK: - CSV

    /// Flows are written with this many decimals (m³/s): 0.1 l/s, far below any measurement.
    public static let decimals = 4

    /// Writes the trace CSV whole (`OutputFile`): a write that fails (a full disk) or a killed
    /// process leaves the file kept there as it was, never half a trace set.
    public func write(to path: String) throws(EnsembleError) {
        var failure: EnsembleError?
        do throws(OutputFile.Problem) {
            try OutputFile.write(to: path) { handle in
                do throws(EnsembleError) { try write(to: handle, name: path) } catch { failure = error; throw error }
            }
        } catch {
            throw failure ?? EnsembleError(file: path, "cannot write: \(error.message)")
        }
    }

    /// Writes the trace CSV to an open file (standard output for `aral hydrology generate`
    /// without `--output`) in chunks: the whole text is never held at once.
    public func write(to handle: FileHandle, name: String) throws(EnsembleError) {
        var chunk = "trace,date," + sites.joined(separator: ",") + "\n"
        let scale = pow(10.0, Double(Self.decimals))
        var dates: [String] = []
        var date = start
        for _ in 0..<months {
            dates.append(date.description)
            date = date.startOfNextMonth
        }
        do {
            for k in 0..<count {
                for t in 0..<months {
                    chunk += "\(k),\(dates[t])"
                    for s in sites.indices {
                        let v = (value(trace: k, month: t, site: s) * scale).rounded() / scale
                        chunk += ",\(v)"
                    }
                    chunk += "\n"
                }
                if chunk.utf8.count > 1 << 20 || k == count - 1 {
                    try handle.write(contentsOf: Data(chunk.utf8))
                    chunk = ""
                }
            }
            if count == 0 { try handle.write(contentsOf: Data(chunk.utf8)) }
        } catch {
            throw EnsembleError(file: name, "cannot write: \(error.localizedDescription)")
        }
    }

    /// Reads a trace CSV, checking the header, trace numbering, dates and every cell.
    /// `limit` keeps only the first traces.
    public static func read(path: String, limit: Int? = nil) throws(EnsembleError) -> TraceSet {
        switch TextFile.readData(path) {
        case .success(let data): return try parse(data, file: path, limit: limit)
        case .failure(let problem): throw EnsembleError(file: path, problem.message)
        }
    }

    /// Reads the table with the one CSV reader (`CSVTable`), then checks it as traces.
    public static func parse(_ data: Data, file: String, limit: Int? = nil) throws(EnsembleError) -> TraceSet {
        let table: CSVTable
        do { table = try CSVTable.parse(bytes: [UInt8](data), file: file) } catch {
            if error.issues.first?.message.hasPrefix("the file is empty") == true {
                throw EnsembleError(file: file, "the file is empty; expected the header trace,date,SITE…")
            }
            let issue = error.issues.first
            throw EnsembleError(file: file, line: issue?.line, path: issue?.path, issue?.message ?? error.description)
        }
        let header = table.header
        var lineNumber = table.headerLine
        guard header.count >= 3, header[0] == "trace", header[1] == "date" else {
            throw EnsembleError(file: file, line: lineNumber, "expected the header trace,date,SITE… (one column per site); got \(header.joined(separator: ","))")
        }
        let sites = Array(header.dropFirst(2))
        if let duplicate = sites.first(where: { s in sites.filter { $0 == s }.count > 1 }) {
            throw EnsembleError(file: file, line: lineNumber, path: duplicate, "the column appears twice")
        }
        let S = sites.count
        var values: [Double] = []
        var start: CivilDate?
        var months = 0
        var currentTrace = -1
        var monthInTrace = 0
        var expectedDate = CivilDate(year: 2000, month: 1, day: 1)
        var stoppedEarly = false
        func fail(_ column: String?, _ message: String) -> EnsembleError {
            EnsembleError(file: file, line: lineNumber, path: column, message)
        }
        values.reserveCapacity(table.rowCount * S)
        // Trace 0's date cells, by month: every later trace covers the same months, so a cell
        // with the same text is the same date, already checked, and is not parsed again.
        var monthTexts: [String] = []
        for row in 0..<table.rowCount {
            lineNumber = table.line(of: row)
            let traceText = Self.trimmed(table.text(row: row, column: 0))
            guard let trace = Int(traceText), trace >= 0 else { throw fail("trace", "'\(traceText)' is not a trace number") }
            let dateText = table.text(row: row, column: 1)
            let date: CivilDate
            let month = trace == currentTrace ? monthInTrace : 0
            if trace > 0, month < monthTexts.count, dateText == monthTexts[month] {
                date = trace == currentTrace ? expectedDate : start ?? expectedDate
            } else {
                let text = Self.trimmed(dateText)
                guard let parsed = CivilDate(parsing: text.prefix(10)), parsed.day == 1 else {
                    throw fail("date", "'\(text)' is not the first of a month; write YYYY-MM-01")
                }
                date = parsed
                if trace == 0, month == monthTexts.count { monthTexts.append(dateText) }
            }
            if trace != currentTrace {
                guard trace == currentTrace + 1 else {
                    // The first row has no trace before it ("trace 1 follows trace -1" said so).
                    throw fail("trace", currentTrace < 0
                        ? "the first row is trace \(trace); traces are numbered 0, 1, 2… in order, from 0"
                        : "trace \(trace) follows trace \(currentTrace); traces are numbered 0, 1, 2… in order")
                }
                if currentTrace >= 0 {
                    if currentTrace == 0 { months = monthInTrace }
                    guard monthInTrace == months else {
                        throw fail("trace", "trace \(currentTrace) has \(monthInTrace) months but trace 0 has \(months)")
                    }
                }
                if let limit, trace >= limit { stoppedEarly = true; break }
                if let start, date != start {
                    throw fail("date", "trace \(trace) starts on \(date) but trace 0 starts on \(start)")
                }
                if start == nil { start = date }
                currentTrace = trace
                monthInTrace = 0
                expectedDate = date
            }
            guard date == expectedDate else {
                throw fail("date", "date \(date) in trace \(trace): expected \(expectedDate) (months in order, no gaps)")
            }
            if currentTrace > 0, monthInTrace >= months {
                throw fail("trace", "trace \(trace) is longer than trace 0 (\(months) months)")
            }
            for s in 0..<S {
                let v: Double
                do { v = try table.number(row: row, column: s + 2) } catch {
                    let text = table.text(row: row, column: s + 2)
                    throw fail(sites[s], text.isEmpty ? "empty cell; every month needs a value" : "'\(text)' is not a number")
                }
                guard v >= 0 else { throw fail(sites[s], "negative flow \(v)") }
                // A river's flow, not the solver's infinity: 1e308 was taken, overflowed the
                // statistics of `hydrology check` to 0 and failed the ensemble only once it ran
                // (found from outside).
                guard v < Self.largestFlow else { throw fail(sites[s], "\(v) is beyond any river's flow in any unit (below 1e15; the Amazon carries 2e5 m³/s)") }
                values.append(v)
            }
            monthInTrace += 1
            expectedDate = expectedDate.startOfNextMonth
        }
        guard let start, currentTrace >= 0 else { throw EnsembleError(file: file, "the file has a header but no traces") }
        let count: Int
        if stoppedEarly, let limit {
            count = limit
        } else {
            if currentTrace == 0 { months = monthInTrace }
            guard monthInTrace == months else {
                throw EnsembleError(file: file, line: lineNumber, path: "trace",
                                    "trace \(currentTrace) has \(monthInTrace) months but trace 0 has \(months)")
            }
            count = currentTrace + 1
        }
        if let limit, limit > count {
            throw EnsembleError(file: file, "asked for \(limit) traces but the file has \(count)")
        }
        return TraceSet(sites: sites, start: start, months: months, count: count, values: Array(values.prefix(count * months * S)))
    }

    /// `text` without surrounding whitespace. A cell that starts and ends with a digit (every
    /// cell `write` makes) has none, and skips Foundation's trimming: a million of those
    /// took most of the time of reading 1,000 traces.
    @inline(__always)
    static func trimmed(_ text: String) -> String {
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        if let first = text.utf8.first, let last = text.utf8.last, digits.contains(first), digits.contains(last) { return text }
        return text.trimmingCharacters(in: .whitespaces)
    }
}
