public import AralModel
import Foundation

/// Pywr parameters that look back one or more steps (previous flows, deficits, rolling
/// means, ratchets) or pick by scenario member. Aral's parameters hold no state between
/// steps; these read the previous step through `ParameterContext.previousFlows` and
/// `previousValues` (their own previous value, or a helper parameter's), which Pywr keeps in
/// each parameter's `after` method instead.

/// The flow of a network node at the previous step: Pywr's `flow` parameter
/// (`initial_value` at the first step) and the lags a rolling mean is built from.
public struct PywrPreviousFlowParameter: Parameter {
    public var label: String
    public var node: Int
    /// The value at the first step, before the node has any flow.
    public var initialValue: Double
    public func value(in context: ParameterContext) -> Double {
        context.step.index == 0 ? initialValue : context.previousFlows[node]
    }
}

/// The previous-step value of another parameter (`initialValue` at the first step): lag k+1
/// of a flow is the previous value of lag k.
public struct PywrLagParameter: Parameter {
    public var label: String
    public var source: Int
    public var initialValue: Double
    public func value(in context: ParameterContext) -> Double {
        context.step.index == 0 ? initialValue : context.previousValues[source]
    }
}

/// Pywr's `deficit`: the node's maximum flow minus its flow, both of the previous step
/// (0 at the first step). Pywr computes it in `after`, so the solver sees yesterday's deficit.
public struct PywrDeficitParameter: Parameter {
    public var label: String
    public var node: Int
    /// The node's maximum flow: a constant or a parameter (read at the previous step).
    public var maxFlow: ScheduledValue
    public func value(in context: ParameterContext) -> Double {
        guard context.step.index > 0 else { return 0 }
        let maxFlow: Double
        switch self.maxFlow {
        case .constant(let v): maxFlow = v
        case .parameter(let i): maxFlow = context.previousValues[i]
        }
        return maxFlow - context.previousFlows[node]
    }
}

/// The mean of the last `min(step, window)` values of lag parameters 1…window (lag k is the
/// flow k steps back): Pywr's `rollingmeanflownode` parameter (`initialValue` at the first
/// step) and, one step later, its `rollingmeanflownode` recorder.
public struct PywrRollingMeanParameter: Parameter {
    public var label: String
    /// Parameter indices of lag 1, lag 2, … lag `window`.
    public var lags: [Int]
    public var initialValue: Double
    public func value(in context: ParameterContext) -> Double {
        let n = min(context.step.index, lags.count)
        guard n > 0 else { return initialValue }
        var sum = 0.0
        for k in 0..<n { sum += context.values[lags[k]] }
        return sum / Double(n)
    }
}

/// Pywr's threshold parameters' index: 1 when `compared ⟨predicate⟩ threshold`, else 0.
/// With `ratchet`, once 1 it stays 1 (the previous index is the triggered state).
public struct PywrThresholdIndexParameter: Parameter {
    public enum Predicate: String, Sendable, CaseIterable {
        case lt, gt, eq, le, ge
    }
    public var label: String
    /// This parameter's own index in `Network.parameters` (its previous value is the ratchet).
    public var selfIndex: Int
    public var compared: ScheduledValue
    public var threshold: ScheduledValue
    public var predicate: Predicate
    public var ratchet: Bool
    /// The index at the first step, when the compared value has no previous step (Pywr's
    /// recorder and node thresholds); the ratchet does not count it as triggered.
    public var firstStepIndex: Double?

    public func value(in context: ParameterContext) -> Double {
        let t = context.step.index
        if t == 0, let firstStepIndex { return firstStepIndex }
        let triggered = t == 0 || (t == 1 && firstStepIndex != nil) ? 0 : context.previousValues[selfIndex]
        if ratchet, triggered > 0 { return 1 }
        let x = compared.resolve(context), y = threshold.resolve(context)
        let hit: Bool
        switch predicate {
        case .lt: hit = x < y
        case .gt: hit = x > y
        case .eq: hit = x == y
        case .le: hit = x <= y
        case .ge: hit = x >= y
        }
        return hit ? 1 : 0
    }
}

/// Pywr's `scenariowrapper`: the value of the parameter for this member of a scenario.
public struct PywrScenarioWrapperParameter: Parameter {
    public var label: String
    /// Position of the scenario in `Network.scenarios`.
    public var dimension: Int
    public var inputs: [ScheduledValue]
    public func value(in context: ParameterContext) -> Double {
        let member = dimension < context.scenario.count ? context.scenario[dimension] : 0
        return inputs[min(max(member, 0), inputs.count - 1)].resolve(context)
    }
}

/// Pywr's `DiscountFactorParameter`: 1 / (1 + rate)^(year − base year).
public struct PywrDiscountFactorParameter: Parameter {
    public var label: String
    public var rate: Double
    public var baseYear: Int
    public func value(in context: ParameterContext) -> Double {
        1 / pow(1 + rate, Double(context.step.date.year - baseYear))
    }
}

/// Pywr's `HydroPowerTarget`: the flow that produces `target` energy per day at the head
/// water level − turbine level (≥ 0), q = P / (conversion · ρ · g · H · η), bounded by
/// `max_flow` then `min_flow`; 0 below `min_head`, unbounded (∞) at zero head.
public struct PywrHydropowerTargetParameter: Parameter {
    public var label: String
    public var target: ScheduledValue
    public var waterElevation: ScheduledValue?
    public var turbineElevation: Double
    public var minHead: Double
    public var efficiency: Double
    public var density: Double
    public var flowUnitConversion: Double
    public var energyUnitConversion: Double
    public var maxFlow: ScheduledValue?
    public var minFlow: ScheduledValue?

    public func value(in context: ParameterContext) -> Double {
        let power = target.resolve(context)
        var head = turbineElevation
        if let waterElevation { head = waterElevation.resolve(context) - turbineElevation }
        head = max(head, 0)
        if head < minHead { return 0 }
        let denominator = energyUnitConversion * density * 9.81 * head * efficiency * flowUnitConversion
        var q = denominator == 0 ? Double.infinity : power / denominator
        if let maxFlow { q = min(maxFlow.resolve(context), q) }
        if let minFlow { q = max(minFlow.resolve(context), q) }
        return q
    }
}

/// Pywr's `interpolatedvolume` (x = the storage's start-of-step volume) and
/// `InterpolatedFlowParameter` (x = the node's previous-step flow, 0 at the first step):
/// SciPy's `interp1d` of a table.
public struct PywrInterpolatedParameter: Parameter {
    public enum Input: Sendable {
        case volume(PywrVolumeSource)
        case previousFlow(node: Int)
    }
    public var label: String
    public var input: Input
    public var curve: Interpolation

    public func value(in context: ParameterContext) -> Double {
        let x: Double
        switch input {
        case .volume(.storage(let s)): x = context.volumes[s]
        case .volume(.virtual(let v)): x = context.virtualVolumes[v]
        case .previousFlow(let n): x = context.step.index == 0 ? 0 : context.previousFlows[n]
        }
        return curve.evaluate(x)
    }
}
