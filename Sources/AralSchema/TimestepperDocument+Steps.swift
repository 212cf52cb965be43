public import AralModel

extension TimestepperDocument {
    /// The step the document names (`daily`, `monthly` and their short forms, or a number of
    /// days), or nil when it names none.
    public var stepLength: StepLength? {
        switch step {
        case "monthly", "month", "M": return .monthly
        case "daily", "day", "D", "1": return .daily
        default:
            guard let k = Int(step), k > 0 else { return nil }
            return .days(k)
        }
    }

    /// How many steps the timestepper makes from `start` to `end`, counted from the dates
    /// without making them (the steps of an absurd range would not fit in memory).
    public static func stepCount(from start: CivilDate, to end: CivilDate, length: StepLength) -> Int {
        let days = end.dayNumber - start.dayNumber + 1
        switch length {
        case .daily: return days
        case .days(let k): return days / k + (days % k == 0 ? 0 : 1)  // no overflow for k near Int.max
        case .monthly: return (end.year - start.year) * 12 + (end.month - start.month) + 1
        }
    }

    /// The step count of a valid timestepper; nil when a date or the step does not parse or the
    /// end is before the start (the compiler reports those with their key paths).
    public var stepCount: Int? {
        guard let start = CivilDate(parsing: start), let end = CivilDate(parsing: end), start <= end,
              let length = stepLength else { return nil }
        return Self.stepCount(from: start, to: end, length: length)
    }
}
