import AralModel

/// Pywr's yearly timestep (`"timestep": "Y"`, also `A`, `Y-JUN`, `A-JUN`). Pywr's
/// `Timestepper` builds `pandas.period_range(start, end, freq)`: one step per year-long period,
/// from the period that contains `start` to the one that contains `end`, each as long as its
/// period (365 or 366 days, `to_timestamp(how="e") − to_timestamp(how="s")` rounded to whole
/// days). A period `Y-MON` ends on the last day of MON, so `Y` (= `Y-DEC`) steps start on
/// 1 January and `Y-JUN` steps on 1 July.
enum PywrYearlySteps {
    static let months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    /// The anchor month (1–12, the last month of each period) of a yearly frequency, or nil.
    static func anchorMonth(_ frequency: String) -> Int? {
        let t = frequency.uppercased()
        if t == "Y" || t == "A" { return 12 }
        for prefix in ["Y-", "A-"] where t.hasPrefix(prefix) {
            if let i = months.firstIndex(of: String(t.dropFirst(2))) { return i + 1 }
        }
        return nil
    }

    static func steps(start: CivilDate, end: CivilDate, anchorMonth: Int) -> [TimeStep] {
        // The first day of the period that contains `date`.
        // A period runs from the month after the anchor to the anchor month a year later.
        func periodStart(_ date: CivilDate) -> CivilDate {
            if anchorMonth == 12 { return CivilDate(year: date.year, month: 1, day: 1) }
            let year = date.month > anchorMonth ? date.year : date.year - 1
            return CivilDate(year: year, month: anchorMonth + 1, day: 1)
        }
        var d = periodStart(start)
        let last = periodStart(end)
        var result: [TimeStep] = []
        while d <= last {
            let next = CivilDate(year: d.year + 1, month: d.month, day: 1)
            result.append(TimeStep(index: result.count, date: d, days: next.dayNumber - d.dayNumber))
            d = next
        }
        return result
    }
}
