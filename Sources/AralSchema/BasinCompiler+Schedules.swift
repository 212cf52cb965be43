public import AralModel
import Foundation

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

/// Turns schedules into values: constants stay constants; profiles and series become
/// parameters with one value per step, checked for coverage and sign.
struct ScheduleContext {
    var steps: [TimeStep]
    var source: (any SeriesSource)?

    init(steps: [TimeStep], source: (any SeriesSource)?) {
        self.steps = steps
        self.source = source
    }

    /// A value a profile or series may not reach: the LP solver's infinity (a minimum or an
    /// inflow there crashed it; no river carries 1e30 m³/s). A constant may (`maxFlow: 1e308`
    /// reads as no limit); the engine refuses one that CLP cannot take at its step.
    static let beyondAnyBasin = 1e30

    static func beyondAnyBasinMessage(_ v: Double) -> String {
        "\(v) is beyond any basin's value and the LP solver's range (|x| < 1e30); write .inf in a constant for no limit"
    }

    /// A value past `InputLimits.maxMagnitude` where the LP must carry or hold it.
    static func beyondBoundMessage(_ v: Double, bound: Double, unit: String) -> String {
        "\(shortNumber(v)) is beyond any basin's value: at most \(String(format: "%g", bound)) \(unit) (InputLimits.maxMagnitude); no river carries or stores more, and the LP loses the basin's own flows beside it"
    }

    /// What is wrong with a finite `v` for its size, if anything: past `atMost` (when given), or
    /// at or past the solver's range.
    static func sizeProblem(_ v: Double, atMost: Double?) -> String? {
        if let atMost, abs(v) > atMost { return beyondBoundMessage(v, bound: atMost, unit: "m³/s") }
        return abs(v) >= beyondAnyBasin ? beyondAnyBasinMessage(v) : nil
    }

    /// `atMost`: the largest value a flow to be carried may have (`InputLimits.maxMagnitude`),
    /// constant or not; nil for a limit, whose constant may be anything (`.inf` is no limit).
    func value(_ schedule: ScheduleDocument, path: String, label: String, nonNegative: Bool, atMost: Double? = nil,
               issues collector: inout IssueCollector, net: inout Network) -> ScheduledValue {
        switch schedule {
        case .constant(let v):
            if !v.isFinite && !(v == .infinity) { collector.add(path, "must be a number; got \(v)") }
            else if nonNegative && v < 0 { collector.add(path, "must be ≥ 0; got \(v)") }
            else if let atMost, v.isFinite, abs(v) > atMost {
                collector.add(path, Self.beyondBoundMessage(v, bound: atMost, unit: "m³/s"))
            }
            return .constant(v)
        case .monthly(let values):
            for (m, v) in values.enumerated() where (nonNegative && v < 0) || !v.isFinite {
                collector.add("\(path)[\(m)]", "must be a number ≥ 0; got \(v)")
            }
            for (m, v) in values.enumerated() where v.isFinite {
                if let problem = Self.sizeProblem(v, atMost: atMost) { collector.add("\(path)[\(m)]", problem) }
            }
            return net.addParameter(MonthlyProfileParameter(label: label, values: values))
        case .csv(let file, let column, let scale):
            guard scale.isFinite else {
                collector.add("\(path).scale", "must be a finite number; got \(scale)")
                return .zero
            }
            guard let source else {
                collector.add(path, "refers to CSV file '\(file)', but this model was not loaded from a file")
                return .zero
            }
            let series: TimeSeries
            do { series = try source.series(file: file, column: column) } catch {
                collector.add(path, "\(error)")
                return .zero
            }
            var values = [Double](repeating: 0, count: steps.count)
            for step in steps {
                guard let v = series.value(for: step) else {
                    let first = series.dates.first.map(\.description) ?? "nothing"
                    let last = series.dates.last.map(\.description) ?? "nothing"
                    collector.add(path, "\(series.origin) has no value for \(step.date) (it covers \(first) to \(last)); the run needs \(steps.first?.date.description ?? "") to \(steps.last?.date.description ?? "")")
                    return .zero
                }
                if nonNegative && v * scale < 0 {
                    collector.add(path, "\(series.origin) has a negative value \(v) at \(step.date)")
                    return .zero
                }
                if let problem = Self.sizeProblem(v * scale, atMost: atMost) {
                    collector.add(path, "\(series.origin) at \(step.date): " + problem)
                    return .zero
                }
                values[step.index] = v * scale
            }
            return net.addParameter(StepSeriesParameter(label: label, values: values))
        }
    }
}
