/// Schedules outside the node list (environmental flows, energy prices) expanded to one value
/// per step, with the same checks and messages as the compiler gives node schedules.
extension BasinCompiler {
    /// The value of `schedule` at every step of `steps`. Problems (a CSV that does not cover
    /// the steps, a negative value) are reported at `path`, e.g. `exchange.energyPrices.KG`.
    public func stepValues(_ schedule: ScheduleDocument, steps: [TimeStep], path: String,
                           label: String) throws(ModelValidationError) -> [Double] {
        var issues = IssueCollector()
        var scratch = Network(name: "schedule", steps: steps, units: .cumecsAndMm3)
        let value = ScheduleContext(steps: steps, source: seriesSource)
            .value(schedule, path: path, label: label, nonNegative: true, issues: &issues, net: &scratch)
        try issues.throwIfAny()
        switch value {
        case .constant(let v):
            return Array(repeating: v, count: steps.count)
        case .parameter(let i):
            let parameter = scratch.parameters[i]
            return steps.map { step in
                parameter.value(in: ParameterContext(step: step, scenario: [], volumes: [], virtualVolumes: [],
                                                     previousFlows: [], values: []))
            }
        }
    }
}
