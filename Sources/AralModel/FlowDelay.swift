/// Water that leaves the network at one node and comes back at another some whole steps
/// later: a demand's return water that reaches the river months after it was withdrawn
/// (collector drainage, groundwater), as in the Tashkent oasis.
///
/// The step LP never sees the delay. What arrives at step t is fixed before the step is
/// solved — it left `source` at steps t−1 … t−K — so `target` is an input node whose flow
/// is a parameter (`DelayedArrivalParameter`), evaluated like an inflow series. The water
/// between leaving and arriving is *in transit*: a storage outside the LP, with its own
/// balance (in transit at the end = at the start + what left − what arrived), which the
/// engine checks every step as it checks every node and reservoir.
public struct FlowDelay: Sendable {
    /// The user's node the delay belongs to (the demand), for messages and reports.
    public var name: String
    /// Node whose flow enters the transit (the demand's withdrawal).
    public var source: Int
    /// Input node at which the water arrives (its min = max flow is `arrival`).
    public var target: Int
    /// `fractions[j − 1]`: share of the source's flow that arrives `j` steps later
    /// (j = 1…K). Their sum is the share delayed; the rest is consumed or returned in the step.
    public var fractions: [Double]
    /// The source's flow assumed in each of the K steps before the first one (flow units;
    /// its volume uses the first step's length): the water in transit when the run starts.
    public var initialFlow: Double
    /// The parameter giving the flow that arrives at `target` in each step.
    public var arrival: ScheduledValue

    public init(name: String, source: Int, target: Int, fractions: [Double], initialFlow: Double, arrival: ScheduledValue) {
        self.name = name
        self.source = source
        self.target = target
        self.fractions = fractions
        self.initialFlow = initialFlow
        self.arrival = arrival
    }

    /// The longest delay, K steps.
    public var maximumLag: Int { fractions.count }

    /// Share of the source's flow that is delayed at all (Σ fractions).
    public var delayedShare: Double { fractions.reduce(0, +) }

    /// The volume still in transit after a step, from the volumes that left the source in
    /// it and the steps before: `left[i]` left `i` steps ago (i = 0: this step), and of it
    /// the fractions of lags > i have not arrived yet.
    public func volumeInTransit(left: [Double]) -> Double {
        var total = 0.0
        for (i, volume) in left.prefix(maximumLag).enumerated() {
            var remaining = 0.0
            for j in (i + 1)...maximumLag { remaining += fractions[j - 1] }
            total += volume * remaining
        }
        return total
    }

    /// The volume in transit when the run starts (the K steps before it at `initialFlow`).
    public func initialVolumeInTransit(volumePerFlow firstStep: Double) -> Double {
        volumeInTransit(left: Array(repeating: initialFlow * firstStep, count: maximumLag))
    }
}

/// The volume (flow × the step's volume per flow) that left `node` in the previous step;
/// at the first step, `initialFlow` over the first step's length. Lag 1 of a delay.
public struct PreviousVolumeParameter: Parameter {
    public var label: String
    public var node: Int
    /// Volume per unit of flow of each step of the run (Mm³ per m³/s, or days).
    public var volumePerFlow: [Double]
    public var initialFlow: Double
    public init(label: String, node: Int, volumePerFlow: [Double], initialFlow: Double) {
        self.label = label
        self.node = node
        self.volumePerFlow = volumePerFlow
        self.initialFlow = initialFlow
    }
    public func value(in context: ParameterContext) -> Double {
        let t = context.step.index
        guard t > 0, t - 1 < volumePerFlow.count, node < context.previousFlows.count else {
            return initialFlow * (volumePerFlow.first ?? 0)
        }
        return context.previousFlows[node] * volumePerFlow[t - 1]
    }
}

/// Another parameter's value one step back (`initialValue` at the first step, and when the
/// caller keeps no history): lag j + 1 of a delay is lag j one step later.
public struct LaggedValueParameter: Parameter {
    public var label: String
    public var source: Int
    public var initialValue: Double
    public init(label: String, source: Int, initialValue: Double) {
        self.label = label
        self.source = source
        self.initialValue = initialValue
    }
    public func value(in context: ParameterContext) -> Double {
        guard context.step.index > 0, source < context.previousValues.count else { return initialValue }
        return context.previousValues[source]
    }
}

/// The flow that arrives in this step: Σ fraction_j × (volume that left j steps ago),
/// divided by this step's volume per flow, so the volume is kept when steps differ in length.
public struct DelayedArrivalParameter: Parameter {
    public var label: String
    /// Parameter indices of the volumes that left 1, 2, … K steps ago.
    public var lags: [Int]
    public var fractions: [Double]
    public var volumePerFlow: [Double]
    public init(label: String, lags: [Int], fractions: [Double], volumePerFlow: [Double]) {
        self.label = label
        self.lags = lags
        self.fractions = fractions
        self.volumePerFlow = volumePerFlow
    }
    public func value(in context: ParameterContext) -> Double {
        let t = context.step.index
        guard t < volumePerFlow.count, volumePerFlow[t] > 0 else { return 0 }
        var volume = 0.0
        for (j, lag) in lags.enumerated() where lag < context.values.count { volume += fractions[j] * context.values[lag] }
        return volume / volumePerFlow[t]
    }
}

extension Network {
    /// Adds a delay from `source` to a new input node named `targetName` (joined to nothing:
    /// the caller connects it), with its lag and arrival parameters; returns the input node.
    @discardableResult
    public mutating func addDelay(name: String, source: Int, targetName: String, role: NodeRole,
                                  fractions: [Double], initialFlow: Double) -> Int {
        let volumePerFlow = steps.map { units.volumePerFlow($0) }
        let first = volumePerFlow.first ?? 0
        var lags: [Int] = []
        for j in 1...max(1, fractions.count) {
            if j == 1 {
                addParameter(PreviousVolumeParameter(label: "volume left '\(name)' 1 step ago", node: source,
                                                     volumePerFlow: volumePerFlow, initialFlow: initialFlow))
            } else {
                addParameter(LaggedValueParameter(label: "volume left '\(name)' \(j) steps ago", source: lags[j - 2],
                                                  initialValue: initialFlow * first))
            }
            lags.append(parameters.count - 1)
        }
        let arrival = addParameter(DelayedArrivalParameter(label: "delayed return of '\(name)'", lags: Array(lags.prefix(fractions.count)),
                                                           fractions: fractions, volumePerFlow: volumePerFlow))
        let target = addNode(Node(name: targetName, kind: .input, role: role, minFlow: arrival, maxFlow: arrival))
        flowDelays.append(FlowDelay(name: name, source: source, target: target, fractions: fractions,
                                    initialFlow: initialFlow, arrival: arrival))
        return target
    }
}
