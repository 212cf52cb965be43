/// The long results format (`ResultsCSVWriter.header`) from stored series, for the server's
/// CSV download: the same rows `aral run --csv` writes, from results kept as one array per
/// element and attribute rather than as `BasinResults`.
extension ResultsCSVWriter {
    /// One row per step of each series, grouped by step; `dates[i]` is step `i`'s first day.
    /// A series shorter than the dates contributes the steps it has.
    public static func render(dates: [String], series: [(element: String, attribute: String, values: [Double])]) -> String {
        var out = header + "\n"
        out.reserveCapacity(dates.count * series.count * 40)
        for (i, date) in dates.enumerated() {
            for s in series where i < s.values.count {
                out += "\(i),\(date),\(quote(s.element)),\(quote(s.attribute)),\(s.values[i])\n"
            }
        }
        return out
    }
}
