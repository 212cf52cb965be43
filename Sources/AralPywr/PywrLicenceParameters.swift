public import AralModel
import Foundation

/// Pywr's licences (`pywr/parameters/licenses.py`): a volume a node may use, spent by its
/// flow. Pywr keeps the remaining volume in the parameter (`after` subtracts flow × days,
/// never below 0; an annual licence's `before` resets it when the year changes, less what the
/// node's previous flow would have used since 1 January). Aral's parameters hold no state, so
/// the remaining volume is a parameter that reads its own previous value and the node's
/// previous flow (`ParameterContext.previousValues`, `previousFlows`).

/// The volume a licence has left at the start of the step.
public struct PywrLicenceRemainingParameter: Parameter {
    public var label: String
    /// This parameter's own index in `Network.parameters` (its previous value).
    public var selfIndex: Int
    /// The network node whose flow spends the licence.
    public var node: Int
    public var amount: Double
    /// Whether the licence resets when the year changes (`annuallicense` and its kin).
    public var annual: Bool
    /// Each step's length in days (the previous step's is subtracted).
    public var stepDays: [Double]
    /// Each step's calendar year.
    public var stepYears: [Int]

    public func value(in context: ParameterContext) -> Double {
        let t = context.step.index
        guard t > 0 else { return amount }
        let previousFlow = context.previousFlows[node]
        if annual, stepYears[t] != stepYears[t - 1] {
            // Pywr's AnnualLicense.before: reset, less the days since 1 January at the previous rate.
            return amount - Double(context.step.date.dayOfYear - 1) * previousFlow
        }
        return max(0, context.previousValues[selfIndex] - previousFlow * stepDays[t - 1])
    }
}

/// The value a licence gives the model from its remaining volume.
public struct PywrLicenceParameter: Parameter {
    public enum Kind: Sendable {
        /// `storagelicense`: the remaining volume.
        case storage
        /// `annuallicense`: the remaining volume over the days left in the year (all of it on
        /// the year's last day).
        case annual
        /// `annualexponentiallicense`: max_value · e^(−x / k), x = the annual value over the
        /// amount per day of the year.
        case exponential(maxValue: Double, k: Double)
        /// `annualhyperbolalicense`: value / x.
        case hyperbola(value: Double)
    }
    public var label: String
    public var remaining: Int
    public var amount: Double
    public var kind: Kind

    public func value(in context: ParameterContext) -> Double {
        let left = context.values[remaining]
        if case .storage = kind { return left }
        let date = context.step.date
        let daysInYear = CivilDate.isLeap(date.year) ? 366 : 365
        let dayOfYear = date.dayOfYear
        let annual = dayOfYear == daysInYear ? left : left / Double(daysInYear - (dayOfYear - 1))
        let x = annual / (amount / Double(daysInYear))
        switch kind {
        case .storage, .annual: return annual
        case .exponential(let maxValue, let k): return maxValue * exp(-x / k)
        case .hyperbola(let value): return value / x
        }
    }
}
