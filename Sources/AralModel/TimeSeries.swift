/// A dated series of values (an observed or synthetic inflow record), as read from a CSV
/// column. Dates are the start of each period: monthly records use the 1st of the month.
public struct TimeSeries: Sendable, Hashable {
    public enum Resolution: Sendable, Hashable { case daily, monthly }

    public var dates: [CivilDate]
    public var values: [Double]
    public var resolution: Resolution
    /// Where the series came from, for messages (`models/hydrology/syr.csv column naryn`).
    public var origin: String

    public init(dates: [CivilDate], values: [Double], resolution: Resolution, origin: String) {
        self.dates = dates
        self.values = values
        self.resolution = resolution
        self.origin = origin
    }

    /// The value for `step`: a monthly record gives its month's value (also to daily steps);
    /// a daily record is averaged over the step's days. Nil when the record does not cover it.
    public func value(for step: TimeStep) -> Double? {
        switch resolution {
        case .monthly:
            guard let i = index(of: CivilDate(year: step.date.year, month: step.date.month, day: 1)) else { return nil }
            return values[i]
        case .daily:
            guard let first = index(of: step.date) else { return nil }
            let last = first + step.days - 1
            guard last < dates.count, dates[last] == step.date.adding(days: step.days - 1) else { return nil }
            var sum = 0.0
            for i in first...last { sum += values[i] }
            return sum / Double(step.days)
        }
    }

    private func index(of date: CivilDate) -> Int? {
        var lo = 0, hi = dates.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if dates[mid] == date { return mid }
            if dates[mid] < date { lo = mid + 1 } else { hi = mid - 1 }
        }
        return nil
    }
}

/// Supplies the series a model file refers to (`{csv: file, column: name}`). The model core
/// does no I/O; `AralFormats` implements this by reading CSV files next to the model.
public protocol SeriesSource {
    func series(file: String, column: String) throws -> TimeSeries
}
