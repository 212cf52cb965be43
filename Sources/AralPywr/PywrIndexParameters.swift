public import AralModel

/// Pywr parameters that combine other parameters step by step: `division`, the index
/// parameters `multiplethresholdindex` / `multiplethresholdparameterindex` and
/// `aggregatedindex`. Index parameters' values are their (whole-number) indices, as Pywr's
/// `IndexParameter.value` returns `float(index)`.

/// Pywr's `division`: numerator ÷ denominator, IEEE arithmetic (÷ 0 gives ±∞ or NaN, which
/// the engine then reports at the step that uses it).
public struct PywrDivisionParameter: Parameter {
    public var label: String
    public var numerator: ScheduledValue
    public var denominator: ScheduledValue
    public func value(in context: ParameterContext) -> Double {
        numerator.resolve(context) / denominator.resolve(context)
    }
}

/// Pywr's `multiplethresholdindex` (x = a node's previous-step flow, 0 at the first step) and
/// `multiplethresholdparameterindex` (x = a parameter's value this step): the position of
/// the first threshold x is at or above, or the number of thresholds when it is below all.
public struct PywrMultipleThresholdIndexParameter: Parameter {
    public var label: String
    public var compared: ScheduledValue
    public var thresholds: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let x = compared.resolve(context)
        for (j, threshold) in thresholds.enumerated() where x >= threshold.resolve(context) {
            return Double(j)
        }
        return Double(thresholds.count)
    }
}

/// Pywr's `aggregatedindex`: the indices of index parameters combined with `sum`, `min`,
/// `max`, `product`, `any` (1 if one is non-zero) or `all` (1 if all are) — the functions
/// its `calc_values` implements on integers (`mean`/`median` stop Pywr with "Unsupported
/// aggregation function"). Indices are whole numbers; each input is truncated as Pywr's
/// `int` index array holds it.
public struct PywrAggregatedIndexParameter: Parameter {
    public enum Function: String, Sendable, CaseIterable {
        case sum, min, max, product, any, all
    }
    public var label: String
    public var function: Function
    public var inputs: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let indices = inputs.map { $0.resolve(context).rounded(.towardZero) }
        switch function {
        case .sum: return indices.reduce(0, +)
        case .product: return indices.reduce(1, *)
        case .min: return indices.min() ?? 0
        case .max: return indices.max() ?? 0
        case .any: return indices.contains { $0 != 0 } ? 1 : 0
        case .all: return indices.allSatisfy { $0 != 0 } ? 1 : 0
        }
    }
}
