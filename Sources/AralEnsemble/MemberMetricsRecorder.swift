public import AralModel
public import AralSchema
public import AralEngine

/// A streaming `Recorder` that turns one member's steps into its `MemberMetrics` as it goes:
/// constant memory per member, whatever the number of steps.
public final class MemberMetricsRecorder: Recorder {
    /// A step fails for a demand when its deficit exceeds this share of the demand
    /// (or this many m³/s for demands below 1 m³/s): solver noise is not a failure.
    public static let deficitTolerance = 1e-6
    /// Dead storage counts as reached within this many Mm³ (the LP may stop a hair above it).
    public static let deadStorageTolerance = 1e-6

    let member: Int
    let targets: MemberTargets
    let layout: MetricLayout
    private var supply: [SupplyTracker]
    private var plantEnergy: [(vegetation: Double, other: Double)]
    private var reservoirStats: [(deadSteps: Double, minVolume: Double)]
    private var sinkVolume: [Double]
    private var totalDays = 0.0
    /// Per-state scratch (deficit, demand) of the current step.
    private var stateScratch: [(deficit: Double, demand: Double)]

    public init(member: Int, model: BasinModel, layout: MetricLayout) {
        self.member = member
        targets = MemberTargets(model: model, layout: layout)
        self.layout = layout
        supply = Array(repeating: SupplyTracker(), count: targets.demands.count + targets.states.count)
        plantEnergy = Array(repeating: (0, 0), count: targets.plants.count)
        reservoirStats = Array(repeating: (0, .infinity), count: targets.reservoirs.count)
        sinkVolume = Array(repeating: 0, count: targets.sinks.count)
        stateScratch = Array(repeating: (0, 0), count: targets.states.count)
    }

    private var units = FlowUnits.cumecsAndMm3

    public func begin(network: Network) {
        units = network.units
    }

    public func record(_ snapshot: borrowing StepSnapshot) {
        let step = snapshot.step
        let k = units.volumePerFlow(step)
        let year = step.date.year
        totalDays += Double(step.days)
        for s in stateScratch.indices { stateScratch[s] = (0, 0) }
        for (i, d) in targets.demands.enumerated() where d.node >= 0 {
            let demand = max(0, snapshot.nodeMaxFlows[d.node])
            let deficit = max(0, demand - snapshot.nodeFlows[d.node])
            supply[i].add(deficit: deficit, demand: demand, volumePerFlow: k, year: year)
        }
        for (s, state) in targets.states.enumerated() {
            var deficit = 0.0, demand = 0.0
            for i in state.demands {
                let node = targets.demands[i].node
                let dm = max(0, snapshot.nodeMaxFlows[node])
                demand += dm
                deficit += max(0, dm - snapshot.nodeFlows[node])
            }
            supply[targets.demands.count + s].add(deficit: deficit, demand: demand, volumePerFlow: k, year: year)
        }
        let vegetation = (4...9).contains(step.date.month)
        for (i, p) in targets.plants.enumerated() where p.plant >= 0 {
            if vegetation { plantEnergy[i].vegetation += snapshot.energy[p.plant] } else { plantEnergy[i].other += snapshot.energy[p.plant] }
        }
        for (i, r) in targets.reservoirs.enumerated() where r.storage >= 0 {
            let v = snapshot.volumes[r.storage]
            if let dead = r.deadVolume, v <= dead + Self.deadStorageTolerance { reservoirStats[i].deadSteps += 1 }
            reservoirStats[i].minVolume = min(reservoirStats[i].minVolume, v)
        }
        for (i, s) in targets.sinks.enumerated() where s.node >= 0 { sinkVolume[i] += snapshot.nodeFlows[s.node] * k }
    }

    /// The member's metrics, in `layout` order.
    public var metrics: MemberMetrics {
        let years = totalDays / 365.25
        var values: [Double] = []
        values.reserveCapacity(layout.entries.count)
        for tracker in supply {
            let t = tracker.closed
            values += [t.steps, t.failureSteps, t.years, t.failureYears, t.recoveries, t.events, t.eventDeficit,
                       years > 0 ? t.deficit / years : 0, years > 0 ? t.demand / years : 0]
        }
        for e in plantEnergy {
            values += [years > 0 ? e.vegetation / 1000 / years : 0, years > 0 ? e.other / 1000 / years : 0,
                       years > 0 ? (e.vegetation + e.other) / 1000 / years : 0]
        }
        for r in reservoirStats { values += [r.deadSteps > 0 ? 1 : 0, r.deadSteps, r.minVolume.isFinite ? r.minVolume : 0] }
        for v in sinkVolume { values.append(years > 0 ? v / 1000 / years : 0) }
        return MemberMetrics(member: member, values: values)
    }
}

/// Failure bookkeeping for one demand or state (Hashimoto et al. 1982): a step fails when it
/// has a deficit; an event is a run of failing steps; a recovery is a failing step followed
/// by a satisfactory one.
struct SupplyTracker {
    var steps = 0.0, failureSteps = 0.0, years = 0.0, failureYears = 0.0
    var recoveries = 0.0, events = 0.0, eventDeficit = 0.0
    var deficit = 0.0, demand = 0.0
    private var failing = false
    private var currentYear: Int?
    private var yearFailed = false

    mutating func add(deficit d: Double, demand dm: Double, volumePerFlow k: Double, year: Int) {
        if currentYear != year {
            closeYear()
            currentYear = year
        }
        steps += 1
        deficit += d * k
        demand += dm * k
        let fails = d > MemberMetricsRecorder.deficitTolerance * max(1, dm)
        if fails {
            failureSteps += 1
            yearFailed = true
            if !failing { events += 1 }
            eventDeficit += d * k
        } else if failing {
            recoveries += 1
        }
        failing = fails
    }

    private mutating func closeYear() {
        guard currentYear != nil else { return }
        years += 1
        if yearFailed { failureYears += 1 }
        yearFailed = false
    }

    /// The tracker with the last year counted.
    var closed: SupplyTracker {
        var copy = self
        copy.closeYear()
        copy.currentYear = nil
        return copy
    }
}
