public import AralModel
public import AralSchema
import AralSolver

/// Everything the plan LP needs, evaluated once per step: node bounds and costs, storage
/// bounds and targets, evaporation rates, and the resolved policy.
///
/// Parameters are evaluated at each step from the initial volumes and zero previous flows:
/// the plan is made before the season, so a parameter that reads the state (a Pywr control
/// curve) sees the state at the start of the horizon.
public struct PlanInputs: Sendable {
    public var model: BasinModel
    public var policy: PlanPolicy
    var minFlow: [[Double]] = []
    var maxFlow: [[Double]] = []
    var cost: [[Double]] = []
    var minVolume: [[Double]] = []
    var maxVolume: [[Double]] = []
    var target: [[Double?]] = []
    /// mm/day per step and storage (0 when the reservoir has none or no area table).
    var evaporationRate: [[Double]] = []
    /// Per spillway node, per step, the most it may spill (m³/s; infinity: no cap), set by
    /// the spillway rule (`Planner+Spillways`). A cap is soft: the spill above it is minimised
    /// right after the hard minimums, so caps can never make a plan infeasible.
    var spillCaps: [Int: [Double]] = [:]
    /// Per claimant (aligned with `policy.claimants`): what its demands ask over the horizon, Mm³.
    public private(set) var demandMm3: [Double] = []
    /// Per claimant: its quota entitlement over the horizon, Mm³ — its share of the system's
    /// total demand, but never more than it asks for itself (`min(share × Σ demand, demand)`).
    public private(set) var entitlementsMm3: [Double] = []

    public var network: Network { model.network }
    public var steps: [TimeStep] { model.network.steps }

    public init(model: BasinModel, policy: PlanPolicy) throws(PlanError) {
        let net = model.network
        if !net.virtualStorages.isEmpty { throw .unsupported("virtual storages (licences) in a plan") }
        if !net.flowConstraints.isEmpty { throw .unsupported("aggregated flow constraints in a plan") }
        if net.steps.isEmpty { throw .unsupported("an empty horizon") }
        self.model = model
        self.policy = policy
        let volumes = net.storages.map(\.initialVolume)
        var values = [Double](repeating: 0, count: net.parameters.count)
        for step in net.steps {
            let context = ParameterContext(step: step, scenario: [], volumes: volumes,
                                           virtualVolumes: [], previousFlows: Array(repeating: 0, count: net.nodes.count),
                                           values: values)
            var ctx = context
            for (i, parameter) in net.parameters.enumerated() {
                values[i] = parameter.value(in: ctx)
                ctx.values[i] = values[i]
            }
            func resolve(_ v: ScheduledValue) -> Double {
                switch v {
                case .constant(let c): return c
                case .parameter(let i): return values[i]
                }
            }
            minFlow.append(net.nodes.map { resolve($0.minFlow) })
            maxFlow.append(net.nodes.map { resolve($0.maxFlow) })
            cost.append(net.nodes.map { resolve($0.cost) })
            minVolume.append(net.storages.map { resolve($0.minVolume) })
            maxVolume.append(net.storages.map { resolve($0.maxVolume) })
            target.append(net.storages.map { $0.target.map(resolve) })
            evaporationRate.append(net.storages.map { s in s.evaporationMmPerDay.map { max(0, resolve($0)) } ?? 0 })
        }
        // What the LP solver cannot take (`SolverRange`, as the engine refuses it at its step),
        // refused here with the node's key path.
        for step in net.steps {
            for (n, node) in net.nodes.enumerated() {
                let lo = minFlow[step.index][n], c = cost[step.index][n]
                let minimumBeyond = SolverRange.boundsBeyond(lower: lo, upper: .infinity)
                guard minimumBeyond || SolverRange.costBeyond(c) else { continue }
                let index = model.elements.firstIndex { $0.name == node.name }
                throw .invalidInput(ModelValidationError(issues: [ModelIssue(
                    path: index.map { "nodes[\($0)].\(minimumBeyond ? "minFlow" : "cost")" } ?? node.name,
                    message: minimumBeyond ? "a minimum flow of \(lo) at \(step.date) is \(SolverRange.boundsReason)"
                                           : "a cost of \(c) at \(step.date) is \(SolverRange.costReason)")]))
            }
        }
        var demand = [Double](repeating: 0, count: policy.claimants.count)
        var bySystem: [String: Double] = [:]
        for (i, claimant) in policy.claimants.enumerated() {
            for step in net.steps {
                for d in claimant.demandNodes { demand[i] += maxFlow[step.index][d] * step.mm3PerCumec }
            }
            guard demand[i].isFinite else {
                let name = claimant.demandNodes.map { net.nodes[$0].name }.first { name in
                    net.steps.contains { !maxFlow[$0.index][net.nodeIndex(named: name) ?? 0].isFinite }
                } ?? claimant.party
                let index = model.elements.firstIndex { $0.name == name }
                throw .invalidInput(ModelValidationError(issues: [ModelIssue(
                    path: index.map { "nodes[\($0)].maxFlow" } ?? "policy.shares.\(claimant.system).\(claimant.party)",
                    message: "a demand with a quota share needs a finite maxFlow, so its entitlement can be computed")]))
            }
            bySystem[claimant.system, default: 0] += demand[i]
        }
        demandMm3 = demand
        entitlementsMm3 = policy.claimants.enumerated().map { i, c in min(c.share * (bySystem[c.system] ?? 0), demand[i]) }
    }

    /// Evaporation (Mm³) over each step of a trajectory of end-of-step volumes: the rate times
    /// the area at the start-of-step volume, as the step-by-step engine computes it.
    func evaporation(endVolumes: [[Double]]) -> [[Double]] {
        network.storages.enumerated().map { s, storage in
            steps.map { step in
                let t = step.index
                let start = t == 0 ? storage.initialVolume : endVolumes[t - 1][s]
                guard let area = storage.table?.area(at: start) else { return 0 }
                return min(max(0, start), evaporationRate[t][s] * Double(step.days) * area * 0.001)
            }
        }
    }

    /// Head (m) of each plant at each step, from the mean of start and end volume.
    func heads(endVolumes: [[Double]]) -> [[Double]] {
        network.hydropower.map { plant in
            steps.map { step in
                let t = step.index
                switch plant.head {
                case .fixed(let h):
                    return h
                case .reservoirLevel(let s, let tailwater):
                    let start = t == 0 ? network.storages[s].initialVolume : endVolumes[t - 1][s]
                    let mean = 0.5 * (start + endVolumes[t][s])
                    return max(0, (network.storages[s].table?.level(at: mean) ?? tailwater) - tailwater)
                case .headTable(let s, let table):
                    let start = t == 0 ? network.storages[s].initialVolume : endVolumes[t - 1][s]
                    return max(0, table.level(at: 0.5 * (start + endVolumes[t][s])) ?? 0)
                }
            }
        }
    }

    /// The linearised energy of each plant at each step around an iterate (turbine flows q̂,
    /// end volumes V̂): E ≈ c·[h(V̂̄)·q + q̂·h′(V̂̄)·(V̄ − V̂̄)], with V̄ the mean of start and end
    /// volume and c = ρg·η·hours (GWh per m³/s per m). The first term is the classic "fix the
    /// heads from the last iterate"; the second lets the LP see that keeping water raises the
    /// head (without it the plan ignores the value of head and stops short of the optimum).
    /// With q̂ = 0 (the first iterate) it is the fixed-head linearisation.
    func linearisation(turbineFlows: [[Double]]?, endVolumes: [[Double]]) -> [[EnergyTerm]] {
        let h = heads(endVolumes: endVolumes)
        return network.hydropower.enumerated().map { p, plant in
            steps.map { step in
                let t = step.index
                let c = HydropowerPlant.megawattsPerCumecMetre * plant.efficiency * step.hours / 1000 * plant.flowToCumecs
                var term = EnergyTerm(flow: c * h[p][t], volume: 0, constant: 0, storage: nil)
                let q = max(0, turbineFlows?[p][t] ?? 0)
                guard q > 0, let (s, slope) = headSlope(plant, endVolumes: endVolumes, step: t) else { return term }
                let start = t == 0 ? network.storages[s].initialVolume : endVolumes[t - 1][s]
                let mean = 0.5 * (start + endVolumes[t][s])
                term.volume = c * q * slope / 2
                term.constant = -c * q * slope * mean
                term.storage = s
                return term
            }
        }
    }

    /// The storage a plant's head depends on and dh/dV (m per Mm³) at the iterate's mean volume.
    func headSlope(_ plant: HydropowerPlant, endVolumes: [[Double]], step t: Int) -> (Int, Double)? {
        let s: Int, head: (Double) -> Double?
        switch plant.head {
        case .fixed: return nil
        case .reservoirLevel(let storage, _):
            s = storage
            guard let table = network.storages[storage].table else { return nil }
            head = { table.level(at: $0) }
        case .headTable(let storage, let table):
            s = storage
            head = { table.level(at: $0) }
        }
        let start = t == 0 ? network.storages[s].initialVolume : endVolumes[t - 1][s]
        let mean = 0.5 * (start + endVolumes[t][s])
        let range = max(1, (maxVolume[t][s].isFinite ? maxVolume[t][s] : mean) - minVolume[t][s])
        let delta = 1e-3 * range
        guard let up = head(mean + delta), let down = head(mean - delta) else { return nil }
        return (s, (up - down) / (2 * delta))
    }

    /// Energy (MWh) of each plant at each step, computed exactly (head from the volumes,
    /// output capped at capacity), not from the linearisation.
    func energy(turbineFlows: [[Double]], endVolumes: [[Double]]) -> [[Double]] {
        let h = heads(endVolumes: endVolumes)
        return network.hydropower.enumerated().map { p, plant in
            steps.map { step in
                let q = max(0, turbineFlows[p][step.index]) * plant.flowToCumecs
                let power = min(plant.capacityMW, HydropowerPlant.megawattsPerCumecMetre * q * h[p][step.index] * plant.efficiency)
                return power * step.hours
            }
        }
    }
}

/// One plant-step of the linearised energy row `e ≤ flow·q + volume·(V_{t−1} + V_t) + constant`
/// (GWh; V in Mm³, q in the network's flow unit).
struct EnergyTerm: Sendable {
    var flow: Double
    var volume: Double
    var constant: Double
    /// The storage whose volumes appear in the row, if the head depends on one.
    var storage: Int?
}
