public import AralModel

extension ScheduledValue {
    /// The value this step: a constant, or an already evaluated parameter.
    @inline(__always)
    func resolve(_ context: ParameterContext) -> Double {
        switch self {
        case .constant(let v): return v
        case .parameter(let i): return context.values[i]
        }
    }
}

/// Where a control curve reads the fill level: a storage or a virtual storage (licence).
public enum PywrVolumeSource: Sendable, Hashable {
    case storage(Int)
    case virtual(Int)

    /// Start-of-step volume divided by the maximum volume, as Pywr's `current_pc`
    /// (0 when the maximum is 0, so an empty-capacity store counts as empty).
    func proportion(_ context: ParameterContext, maxVolume: ScheduledValue) -> Double {
        let volume: Double
        switch self {
        case .storage(let s): volume = context.volumes[s]
        case .virtual(let v): volume = context.virtualVolumes[v]
        }
        let maxV = maxVolume.resolve(context)
        return maxV > 0 ? volume / maxV : 0
    }
}

/// Pywr's `dailyprofile`: 366 values indexed by day of year, where non-leap years skip
/// 29 February (Pywr's `dayofyear_index`).
public struct PywrDailyProfileParameter: Parameter {
    public var label: String
    public var values: [Double]
    public func value(in context: ParameterContext) -> Double {
        let date = context.step.date
        var i = date.dayOfYear - 1
        if !CivilDate.isLeap(date.year), i > 58 { i += 1 }
        return values[min(i, values.count - 1)]
    }
}

/// A value per step and scenario member (`dataframe` with a `scenario`, `constantscenario`).
/// `values[member][step]`; a member beyond the table wraps around, as Pywr's scenario slices do not.
public struct PywrScenarioSeriesParameter: Parameter {
    public var label: String
    /// Position of the scenario in `Network.scenarios`.
    public var dimension: Int
    public var values: [[Double]]
    /// True when each member has one value for all steps (`constantscenario`).
    public var constantInTime: Bool
    public func value(in context: ParameterContext) -> Double {
        let member = dimension < context.scenario.count ? context.scenario[dimension] : 0
        let row = values[min(member, values.count - 1)]
        return constantInTime ? row[0] : row[context.step.index]
    }
}

/// Pywr's `aggregated` parameter and the one-input transforms (`negative`, `max`, `min`).
public struct PywrAggregatedParameter: Parameter {
    public enum Function: String, Sendable, CaseIterable {
        case sum, min, max, product, mean
    }
    public var label: String
    public var function: Function
    public var inputs: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        switch function {
        case .sum: return inputs.reduce(0) { $0 + $1.resolve(context) }
        case .product: return inputs.reduce(1) { $0 * $1.resolve(context) }
        case .min: return inputs.map { $0.resolve(context) }.min() ?? 0
        case .max: return inputs.map { $0.resolve(context) }.max() ?? 0
        case .mean: return inputs.isEmpty ? 0 : inputs.reduce(0) { $0 + $1.resolve(context) } / Double(inputs.count)
        }
    }
}

/// `value × factor + offset`, optionally bounded below and above — Pywr's `negative`,
/// `max` (with a threshold), `min`, `offset` and `constant` with `scale`.
public struct PywrAffineParameter: Parameter {
    public var label: String
    public var input: ScheduledValue
    public var factor: Double = 1
    public var offset: Double = 0
    public var lowerBound: Double = -.infinity
    public var upperBound: Double = .infinity
    public func value(in context: ParameterContext) -> Double {
        min(upperBound, max(lowerBound, input.resolve(context) * factor + offset))
    }
}

/// Divides a value by the step length in days: Pywr's storage cost is paid per unit of net
/// inflow (flow), Aral's per unit of end volume, and volume = flow × days.
public struct PerDayParameter: Parameter {
    public var label: String
    public var input: ScheduledValue
    public func value(in context: ParameterContext) -> Double {
        input.resolve(context) / Double(max(1, context.step.days))
    }
}

/// Pywr's `controlcurveinterpolated`: interpolates `values` linearly in the storage's
/// proportional volume between the curves (highest first), 100 % and 0 %.
/// `values` has one entry more than there are curves plus one (full, each curve, empty).
public struct PywrControlCurveInterpolatedParameter: Parameter {
    public var label: String
    public var source: PywrVolumeSource
    public var maxVolume: ScheduledValue
    public var curves: [ScheduledValue]
    public var values: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let current = source.proportion(context, maxVolume: maxVolume)
        var previous = 1.0
        for (j, curve) in curves.enumerated() {
            let cc = curve.resolve(context)
            if current >= cc {
                let span = previous - cc
                if span == 0 { return values[j + 1].resolve(context) }
                let weight = (current - cc) / span
                return values[j].resolve(context) * weight + values[j + 1].resolve(context) * (1 - weight)
            }
            previous = cc
        }
        if previous == 0 { return values[values.count - 2].resolve(context) }
        let weight = current / previous
        return values[values.count - 2].resolve(context) * weight + values[values.count - 1].resolve(context) * (1 - weight)
    }
}

/// Pywr's `controlcurve` (and a `reservoir`'s `above_curve_cost`): the value of the first
/// curve (highest first) the proportional volume is at or above, else the last value.
public struct PywrControlCurveParameter: Parameter {
    public var label: String
    public var source: PywrVolumeSource
    public var maxVolume: ScheduledValue
    public var curves: [ScheduledValue]
    public var values: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let current = source.proportion(context, maxVolume: maxVolume)
        for (j, curve) in curves.enumerated() where current >= curve.resolve(context) {
            return values[j].resolve(context)
        }
        return values[values.count - 1].resolve(context)
    }
}

/// Pywr's `controlcurveindex`: how many curves (highest first) the proportional volume is
/// below: 0 above the first curve, 1 between the first and second, and so on.
public struct PywrControlCurveIndexParameter: Parameter {
    public var label: String
    public var source: PywrVolumeSource
    public var maxVolume: ScheduledValue
    public var curves: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let current = source.proportion(context, maxVolume: maxVolume)
        for (j, curve) in curves.enumerated() where current >= curve.resolve(context) {
            return Double(j)
        }
        return Double(curves.count)
    }
}

/// Pywr's `indexedarray`: picks one of `inputs` by the value of an index parameter.
public struct PywrIndexedArrayParameter: Parameter {
    public var label: String
    public var index: ScheduledValue
    public var inputs: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        // Clamped as a Double first: an index parameter's NaN or 1e29 must not trap in `Int(_:)`.
        let v = index.resolve(context)
        let i = v.isNaN ? 0 : Int(max(0, min(Double(inputs.count - 1), v)))
        return inputs[i].resolve(context)
    }
}

/// Pywr's `uniformdrawdownprofile`: 1 on the reset day, falling linearly to
/// `residual_days / days in the period` a year later (a licence's ideal drawdown).
public struct PywrUniformDrawdownParameter: Parameter {
    public var label: String
    /// Zero-based day of a leap year on which the profile resets.
    public var resetDayOfYear: Int
    public var residualDays: Double

    public func value(in context: ParameterContext) -> Double {
        let date = context.step.date
        var current = date.dayOfYear - 1
        if !CivilDate.isLeap(date.year), current > 58 { current += 1 }
        var daysInto = current - resetDayOfYear
        var year = date.year
        if daysInto < 0 { year -= 1 }
        if resetDayOfYear > 59 { year += 1 }
        let total = Double(CivilDate.isLeap(year) ? 366 : 365)
        if daysInto < 0 {
            daysInto += 366
            if !CivilDate.isLeap(date.year), current > 59 { daysInto -= 1 }
        }
        let slope = (residualDays / total - 1) / total
        return 1 + slope * Double(daysInto)
    }
}

/// Pywr's `storage` parameter: a storage's start-of-step volume (or its proportion).
public struct PywrStorageVolumeParameter: Parameter {
    public var label: String
    public var source: PywrVolumeSource
    public var maxVolume: ScheduledValue
    public var proportional: Bool
    public func value(in context: ParameterContext) -> Double {
        if proportional { return source.proportion(context, maxVolume: maxVolume) }
        switch source {
        case .storage(let s): return context.volumes[s]
        case .virtual(let v): return context.virtualVolumes[v]
        }
    }
}
