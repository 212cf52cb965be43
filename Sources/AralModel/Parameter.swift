/// A number in the model that may change from step to step: a constant, or a reference to a
/// parameter evaluated at the start of every step.
public enum ScheduledValue: Sendable, Hashable {
    case constant(Double)
    case parameter(Int)

    public static let zero = ScheduledValue.constant(0)
    public static let infinity = ScheduledValue.constant(.infinity)

    public var constantValue: Double? {
        if case .constant(let v) = self { return v }
        return nil
    }
}

/// What a parameter may look at when it is evaluated: the step, the scenario, the state of
/// the network at the start of the step, and the values of parameters evaluated before it.
public struct ParameterContext: Sendable {
    public var step: TimeStep
    /// Indices into each scenario dimension of the network (empty when there are none).
    public var scenario: [Int]
    /// Storage volumes at the start of the step, indexed like `Network.storages`.
    public var volumes: [Double]
    /// Virtual storage volumes at the start of the step, indexed like `Network.virtualStorages`.
    public var virtualVolumes: [Double]
    /// Node flows of the previous step (zeros at the first step), indexed like `Network.nodes`.
    public var previousFlows: [Double]
    /// Values of parameters already evaluated this step (parameters are evaluated in order,
    /// so a parameter may read any parameter with a smaller index).
    public var values: [Double]
    /// Every parameter's value at the previous step (zeros at the first step), indexed like
    /// `values`. Parameters are values without state; one that needs memory (Pywr's
    /// previous-step flow, deficit, rolling means, ratchets) reads its own or a helper
    /// parameter's previous value here. Empty when the caller keeps no history.
    public var previousValues: [Double]

    public init(step: TimeStep, scenario: [Int], volumes: [Double], virtualVolumes: [Double],
                previousFlows: [Double], values: [Double], previousValues: [Double] = []) {
        self.step = step
        self.scenario = scenario
        self.volumes = volumes
        self.virtualVolumes = virtualVolumes
        self.previousFlows = previousFlows
        self.values = values
        self.previousValues = previousValues
    }
}

/// A value computed at the start of every step. Parameters live in `Network.parameters`
/// in dependency order: a parameter may only read parameters that come before it.
public protocol Parameter: Sendable {
    /// A short name for messages (`monthly profile`, `series 'naryn'`).
    var label: String { get }
    func value(in context: ParameterContext) -> Double
}

/// A value per step, fixed before the run (inflow series, monthly profiles expanded to steps).
public struct StepSeriesParameter: Parameter {
    public var label: String
    public var values: [Double]
    public init(label: String, values: [Double]) {
        self.label = label
        self.values = values
    }
    public func value(in context: ParameterContext) -> Double {
        values[context.step.index]
    }
}

/// Twelve values, one per calendar month (January first).
public struct MonthlyProfileParameter: Parameter {
    public var label: String
    public var values: [Double]
    public init(label: String, values: [Double]) {
        self.label = label
        self.values = values
    }
    public func value(in context: ParameterContext) -> Double {
        values[context.step.date.month - 1]
    }
}

extension Network {
    /// The value of `value` at `step` when it does not depend on the state of the run
    /// (a constant, a monthly profile or a series); 0 for a state-dependent parameter.
    /// For reports and benchmarks that need a schedule without running the model.
    public func scheduledValue(_ value: ScheduledValue, at step: Int) -> Double {
        switch value {
        case .constant(let v): return v
        case .parameter(let i):
            let p = parameters[i]
            if let s = p as? StepSeriesParameter { return s.values[step] }
            if let m = p as? MonthlyProfileParameter { return m.values[steps[step].date.month - 1] }
            return 0
        }
    }
}
