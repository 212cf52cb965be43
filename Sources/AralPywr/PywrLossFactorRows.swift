import AralModel

/// A `losslink` whose `loss_factor` varies in time (a monthly or daily profile, a data
/// frame). Pywr puts the factor in the LP's matrix (`AggregatedNode` factors `[1, loss]`,
/// i.e. `loss·net − output = 0`) and re-sets the coefficient every step. Aral keeps its
/// matrix fixed instead: one row `f·net − output` for each value `f` the factor can take,
/// bounded to `[0, 0]` at the steps where the factor is `f` and free (−∞, ∞) elsewhere. Every
/// step then has exactly Pywr's constraint, the other rows constrain nothing, and only row
/// bounds change from step to step, which the basis-reuse fast path already handles (a
/// free row's slack is simply basic).
enum PywrLossFactorRows {
    /// Most distinct values a varying loss factor may take (one LP row each).
    static let maximumDistinctValues = 64

    /// The values a parameter can take over the run, when they are fixed before it (nil for
    /// parameters that read the model's state).
    static func possibleValues(of parameter: any Parameter) -> [Double]? {
        switch parameter {
        case let p as MonthlyProfileParameter: return p.values
        case let p as StepSeriesParameter: return p.values
        case let p as PywrDailyProfileParameter: return p.values
        case let p as PywrScenarioSeriesParameter: return p.values.flatMap { $0 }
        default: return nil
        }
    }

    /// The distinct values in first-seen order (exact equality: the gate compares exactly).
    static func distinct(_ values: [Double]) -> [Double] {
        var seen: Set<Double> = [], result: [Double] = []
        for v in values where seen.insert(v).inserted { result.append(v) }
        return result
    }
}

/// A row bound that is `active` when parameter `source` equals `value` exactly and
/// `inactive` (±∞) otherwise: it switches one of a varying loss factor's rows on.
struct PywrLossFactorGateParameter: Parameter {
    var label: String
    var source: Int
    var value: Double
    var inactive: Double
    func value(in context: ParameterContext) -> Double {
        context.values[source] == value ? 0 : inactive
    }
}
