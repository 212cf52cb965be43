import AralSchema

/// A climate scenario as monthly multipliers on generated flows: a CSV with a `month` column
/// (1–12) and one column per site, or an `all` column for every site not named.
///
/// ```
/// month,all,naryn
/// 1,0.95,0.9
/// …
/// ```
public struct ClimateMultipliers: Sendable, Equatable {
    /// `factor[site][month]`, month 0 = January.
    public var factor: [[Double]]

    public static func identity(sites: Int) -> ClimateMultipliers {
        ClimateMultipliers(factor: Array(repeating: Array(repeating: 1, count: 12), count: sites))
    }

    public init(factor: [[Double]]) { self.factor = factor }

    public static func read(path: String, sites: [String]) throws(EnsembleError) -> ClimateMultipliers {
        let table: CSVTable
        do { table = try CSVTable.read(path: path) } catch { throw EnsembleError(error.description) }
        guard let monthColumn = table.columnIndex("month") else {
            throw EnsembleError(file: path, line: 1, "expected a 'month' column (1–12) and one column per site or 'all'")
        }
        let all = table.columnIndex("all")
        for name in table.header where name != "month" && name != "all" && !sites.contains(name) {
            throw EnsembleError(file: path, line: 1, path: name, "no site '\(name)'; the sites are: \(sites.joined(separator: ", "))")
        }
        var result = identity(sites: sites.count)
        var seen = Set<Int>()
        for r in table.rows.indices {
            let monthValue: Double
            do { monthValue = try table.number(row: r, column: monthColumn) } catch { throw EnsembleError(error.description) }
            guard let month = Int(exactly: monthValue), (1...12).contains(month) else {
                throw EnsembleError(file: path, line: table.rows[r].line, path: "month", "month must be 1 to 12; got \(monthValue)")
            }
            seen.insert(month)
            for (s, site) in sites.enumerated() {
                guard let c = table.columnIndex(site) ?? all else { continue }
                let v: Double
                do { v = try table.number(row: r, column: c) } catch { throw EnsembleError(error.description) }
                guard v >= 0 else {
                    throw EnsembleError(file: path, line: table.rows[r].line, path: table.header[c], "a multiplier must be ≥ 0; got \(v)")
                }
                result.factor[s][month - 1] = v
            }
        }
        if seen.count != 12 {
            let missing = (1...12).filter { !seen.contains($0) }.map(String.init).joined(separator: ", ")
            throw EnsembleError(file: path, "every month needs a row; missing: \(missing)")
        }
        return result
    }
}
