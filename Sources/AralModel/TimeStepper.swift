/// How long one step of a simulation is.
public enum StepLength: Sendable, Hashable {
    case daily
    case monthly
    /// A fixed number of days, as Pywr's `timestep: 7`.
    case days(Int)
}

/// One simulation step: where it starts and how long it lasts.
public struct TimeStep: Sendable, Hashable {
    /// 0-based position in the run.
    public var index: Int
    /// The step's first day.
    public var date: CivilDate
    /// Length in days (28–31 for monthly steps).
    public var days: Int

    public init(index: Int, date: CivilDate, days: Int) {
        self.index = index
        self.date = date
        self.days = days
    }

    public var seconds: Double { Double(days) * 86_400 }
    public var hours: Double { Double(days) * 24 }
    /// Million m³ carried in this step by a flow of 1 m³/s.
    public var mm3PerCumec: Double { seconds / 1_000_000 }
    public var month: Int { date.month }
}

/// The run's calendar: from `start` up to and including the step that contains `end`.
public struct TimeStepper: Sendable, Hashable {
    public var start: CivilDate
    public var end: CivilDate
    public var length: StepLength

    public init(start: CivilDate, end: CivilDate, length: StepLength) {
        self.start = start
        self.end = end
        self.length = length
    }

    /// All steps of the run. Monthly steps begin on the 1st; a start date mid-month is moved
    /// to the 1st of its month so every step is a whole calendar month.
    public func steps() -> [TimeStep] {
        var result: [TimeStep] = []
        switch length {
        case .daily:
            let first = start.dayNumber, last = end.dayNumber
            guard last >= first else { return [] }
            result.reserveCapacity(last - first + 1)
            for (i, n) in (first...last).enumerated() {
                result.append(TimeStep(index: i, date: CivilDate(dayNumber: n), days: 1))
            }
        case .days(let k):
            guard k > 0 else { return [] }
            var n = start.dayNumber, i = 0
            while n <= end.dayNumber {
                result.append(TimeStep(index: i, date: CivilDate(dayNumber: n), days: k))
                let (next, overflow) = n.addingReportingOverflow(k)  // a step of Int.max days ends the run
                if overflow { break }
                n = next
                i += 1
            }
        case .monthly:
            var d = CivilDate(year: start.year, month: start.month, day: 1)
            var i = 0
            while d <= end {
                result.append(TimeStep(index: i, date: d, days: d.daysInMonth))
                d = d.startOfNextMonth
                i += 1
            }
        }
        return result
    }
}
