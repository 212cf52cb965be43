import AralModel

extension BasinCompiler {
    /// The time steps of the run; problems go to `timestepper.*`. Compiled first and alone:
    /// every schedule is checked against these steps.
    func compileTime(_ t: TimestepperDocument, issues: inout IssueCollector) -> [TimeStep] {
        let start = CivilDate(parsing: t.start)
        let end = CivilDate(parsing: t.end)
        if start == nil { issues.add("timestepper.start", "'\(t.start)' is not a date; write YYYY-MM-DD") }
        if end == nil { issues.add("timestepper.end", "'\(t.end)' is not a date; write YYYY-MM-DD") }
        let length = t.stepLength ?? .monthly
        if t.stepLength == nil {
            issues.add("timestepper.step", "'\(t.step)' is not a step; use daily, monthly or a number of days")
        }
        guard let start, let end else { return [] }
        if end < start {
            issues.add("timestepper.end", "end \(end) is before start \(start)")
            return []
        }
        // Count before building: the steps of an absurd range would not fit in memory.
        let estimate = TimestepperDocument.stepCount(from: start, to: end, length: length)
        if estimate > limits.maxSteps {
            issues.add("timestepper", "\(t.start) to \(t.end) \(t.step) is \(estimate) steps; the limit is \(limits.maxSteps)")
            return []
        }
        return TimeStepper(start: start, end: end, length: length).steps()
    }

    /// Objective weights from `settings`, defaults filled in, checked.
    func compileSettings(_ c: inout CompileContext) {
        let settings = c.document.settings
        c.storageValue = settings?.storageValue ?? Self.defaultStorageValue
        c.spillCost = settings?.spillCost ?? Self.defaultSpillCost
        c.lowestPriorityBenefit = settings?.lowestPriorityBenefit ?? Self.defaultLowestPriorityBenefit
        c.priorityRatio = settings?.priorityRatio ?? Self.defaultPriorityRatio
        if c.priorityRatio <= 1 { c.add("settings.priorityRatio", "must be greater than 1 so higher priorities are served first") }
        if c.storageValue < 0 { c.add("settings.storageValue", "must be ≥ 0") }
        if c.spillCost < 0 { c.add("settings.spillCost", "must be ≥ 0") }
        // Every benefit is this times a power of priorityRatio: at 0 or below, serving a demand
        // earned nothing (or cost), so the LP kept water in storage or spilled it instead of
        // delivering, and the priorities ranked nothing (found from outside).
        if c.lowestPriorityBenefit <= 0 {
            c.add("settings.lowestPriorityBenefit", "must be > 0 (the benefit of delivering 1 m³/s to the lowest priority); got \(shortNumber(c.lowestPriorityBenefit))")
        }
    }
}
