import AralModel
import AralSolver

/// The multi-period LP of a plan: the step LP of `AllocationProblem` repeated for every step
/// of the horizon, with storage continuity linking each step to the one before
/// (perfect foresight: every inflow is known in advance).
///
/// Columns per step t: a flow per edge and per non-storage node (m³/s), an end-of-step volume
/// per storage (Mm³), rule-curve deviations (Mm³), shortfalls of minimums (m³/s) and the
/// energy of each plant (GWh). Rows per step:
/// * `in[n]`, `out[n]`: as in the step LP (Σ in-edges = x; Σ out-edges = efficiency·x);
/// * continuity: V_t − V_{t−1} + k_t·(Σ out − Σ in) = −evaporation_t (V_{−1} is the initial
///   volume, on the right-hand side; k_t = Mm³ per m³/s over step t);
/// * minimums: x + shortfall ≥ minimum — hard minimums get a shortfall too, so that a policy
///   that cannot be met is found (and measured) by the first level instead of failing;
/// * energy: e ≤ c·[ĥ·q + q̂·h′·(V̄ − V̂̄)], the successive-LP linearisation around the last
///   iterate (see `PlanInputs.linearisation`), with e bounded by the installed capacity.
/// Plus, per storage, end volume + terminal shortfall ≥ the initial volume, so a plan does not
/// buy its deliveries by emptying the reservoirs at the horizon.
///
/// The objective is set per level by `Planner`; the structure only depends on the heads and
/// evaporation, which the successive LP updates.
struct PlanLP {
    /// A shortfall column of a hard minimum, for infeasibility reports.
    struct HardMinimum {
        var column: Int
        var node: String
        var what: String
        var step: Int
        var required: Double
    }

    var builder = SparseBuilder()
    /// [step][node] column of the node's flow, or −1 for storage nodes.
    var nodeColumn: [[Int]] = []
    var edgeColumn: [[Int]] = []
    /// [step][storage] end-of-step volume, Mm³.
    var volumeColumn: [[Int]] = []
    /// [step][plant] energy, GWh.
    var energyColumn: [[Int]] = []
    var hardMinimums: [HardMinimum] = []
    /// Senior soft minimums (policy environmental flows, and node minimums whose penalty
    /// outranks every demand): shortfall column and weight (penalty × k_t) for level 1.
    var softShortfalls: [(column: Int, weight: Double)] = []
    /// Terminal-storage shortfall per storage (Mm³).
    var terminalColumn: [Int] = []
    /// Spill above its cap (`PlanInputs.spillCaps`), weighted by k_t (Mm³), for the spillway
    /// level.
    var spillAboveCap: [(column: Int, weight: Double)] = []
    /// Evaporation the water was not there for and volume below the minimum that evaporation
    /// took a storage to (Mm³), with their weights, for the first level: the plan, like the
    /// run, lets evaporation take a storage below its minimum (a physical shortfall) and takes
    /// only the evaporation there is water for. Before, such a plan was "primalInfeasible".
    var physicalTerms: [(column: Int, weight: Double)] = []
    /// [step][storage] column of the evaporation not taken, or −1.
    var untakenEvaporationColumn: [[Int]] = []
    /// [step][storage] column of the volume below the minimum, or −1.
    var belowMinimumColumn: [[Int]] = []
    /// A Mm³ of evaporation not taken costs this many Mm³ below the minimum, times the steps
    /// left to the horizon: it is used only when the storage is empty, and as late as it can
    /// be (evaporation takes the water while it is there; with one weight for every step the
    /// plan could keep an empty reservoir's last water and let it evaporate later).
    static let untakenEvaporationWeight = 1000.0
    /// Rule-curve deviations, spills and junior node minimums (energy-mode releases) with their
    /// weights for the penalty level.
    var penaltyTerms: [(column: Int, weight: Double)] = []
    /// Shortfall and excess (Mm³) of the volumes over periods that rank with the quota
    /// deliveries, weighted by their penalties, for the priorities of level 2 (sanitary
    /// volumes are senior: in `softShortfalls`); and the shortfalls of sink minimums that are
    /// allocations in a sharing group.
    var volumeTerms: [(column: Int, weight: Double)] = []

    /// Builds the structure. `evaporation[s][t]` (Mm³) and the energy linearisation
    /// `energy[p][t]` come from the current successive-LP iterate.
    /// `fixedFlows[n]` fixes node n's flow at every step (the alone plan fixes the upstream
    /// reservoirs' releases and spills this way).
    init(inputs: PlanInputs, evaporation: [[Double]], energy linear: [[EnergyTerm]],
         fixedFlows: [Int: [Double]] = [:], terminalStorage: Bool) {
        let net = inputs.network
        let steps = net.steps
        var inEdges = [[Int]](repeating: [], count: net.nodes.count)
        var outEdges = [[Int]](repeating: [], count: net.nodes.count)
        for (e, edge) in net.edges.enumerated() {
            outEdges[edge.from].append(e)
            inEdges[edge.to].append(e)
        }
        var b = SparseBuilder()
        // One order for run and plan (docs/planning.md): a node's soft minimum is senior to the
        // quota deliveries when the run would serve it before every demand (its penalty is at
        // least the largest demand benefit), or when it is a sink's (the Aral Sea, the deltas:
        // their cut in dry years is the quotas' business, not the energy's). Junior ones —
        // energy-mode releases on links — sit with hydropower: level 3 values the energy, their
        // penalties only break ties at the last level.
        var largestDemandBenefit = 0.0
        for (n, node) in net.nodes.enumerated() {
            guard case .demand = node.role else { continue }
            for t in steps.indices { largestDemandBenefit = max(largestDemandBenefit, -inputs.cost[t][n]) }
        }
        // A sink that is an allocation in a sharing group (the Aral Sea and the deltas, cut in
        // proportion with the quotas; `PlanPolicy.cutsAllocationsWithQuotas`) is not senior: level 2 shares its cut with the quotas'
        // (`Planner.solveProportional`) and its penalty ranks with the deliveries' priorities.
        let allocations = inputs.policy.cutsAllocationsWithQuotas ? net.sharing?.allocationNodes ?? [] : []
        let envBySpot = Dictionary(grouping: inputs.policy.environmental.indices) { inputs.policy.environmental[$0].node }
        let delayTargets = Set(net.flowDelays.map(\.target))

        for step in steps {
            let t = step.index
            let k = step.mm3PerCumec
            // Columns.
            let edges = net.edges.indices.map { _ in b.addColumn(lower: 0, upper: .infinity) }
            var nodes = [Int](repeating: -1, count: net.nodes.count)
            for (n, node) in net.nodes.enumerated() where node.storageIndex == nil {
                var lo = inputs.minFlow[t][n], hi = inputs.maxFlow[t][n]
                if let fixed = fixedFlows[n] { lo = fixed[t]; hi = fixed[t] }
                if delayTargets.contains(n) {
                    nodes[n] = b.addColumn(lower: 0, upper: .infinity)  // set by its delay's row, below
                } else if node.kind == .input || fixedFlows[n] != nil {
                    nodes[n] = b.addColumn(lower: lo, upper: max(lo, hi))
                } else {
                    nodes[n] = b.addColumn(lower: 0, upper: max(0, hi))
                    if let cap = inputs.spillCaps[n]?[t], cap < max(0, hi) {
                        let above = b.addColumn(lower: 0, upper: .infinity)
                        b.addRow(lower: -.infinity, upper: cap, terms: [(nodes[n], 1), (above, -1)])
                        spillAboveCap.append((above, k))
                    }
                    if lo > 0 {
                        let row = b.addRow(lower: lo, upper: .infinity, terms: [(nodes[n], 1)])
                        if let penalty = node.minFlowPenalty {
                            let s = b.addColumn(lower: 0, upper: .infinity)
                            b.set(row: row, column: s, 1)
                            var senior = penalty >= largestDemandBenefit
                            if case .sink = node.role { senior = true }
                            if allocations.contains(n) { volumeTerms.append((s, penalty * k)) }
                            else if senior { softShortfalls.append((s, penalty * k)) }
                            else { penaltyTerms.append((s, penalty * k)) }
                        } else {
                            let s = b.addColumn(lower: 0, upper: .infinity)
                            b.set(row: row, column: s, 1)
                            let (name, what) = Self.describeMinimum(node)
                            hardMinimums.append(HardMinimum(column: s, node: name, what: what, step: t, required: lo))
                        }
                    }
                }
            }
            // Balance rows.
            for (n, node) in net.nodes.enumerated() where node.storageIndex == nil {
                let x = nodes[n]
                if node.kind != .input {
                    let r = b.addRow(lower: 0, upper: 0, terms: [(x, -1)])
                    for e in inEdges[n] { b.set(row: r, column: edges[e], 1) }
                }
                if node.kind != .output || !outEdges[n].isEmpty {
                    let r = b.addRow(lower: 0, upper: 0, terms: [(x, -node.efficiency)])
                    for e in outEdges[n] { b.set(row: r, column: edges[e], 1) }
                }
            }
            // Storage.
            var volumes = [Int](repeating: -1, count: net.storages.count)
            var untaken = [Int](repeating: -1, count: net.storages.count)
            var belowMinimum = [Int](repeating: -1, count: net.storages.count)
            for (s, storage) in net.storages.enumerated() {
                let lo = inputs.minVolume[t][s], hi = inputs.maxVolume[t][s]
                let initial = storage.initialVolume
                let floor = max(0, min(lo, initial))
                let evap = evaporation[s][t]
                volumes[s] = b.addColumn(lower: evap > 0 ? 0 : floor, upper: max(hi, initial))
                let previous = t == 0 ? nil : volumeColumn[t - 1][s]
                let rhs = (previous == nil ? initial : 0) - evap
                let r = b.addRow(lower: rhs, upper: rhs, terms: [(volumes[s], 1)])
                if let previous { b.set(row: r, column: previous, -1) }
                if evap > 0 {
                    untaken[s] = b.addColumn(lower: 0, upper: evap)
                    b.set(row: r, column: untaken[s], -1)
                    physicalTerms.append((untaken[s], Self.untakenEvaporationWeight * Double(steps.count - t)))
                    if floor > 0 {
                        belowMinimum[s] = b.addColumn(lower: 0, upper: floor)
                        b.addRow(lower: floor, upper: .infinity, terms: [(volumes[s], 1), (belowMinimum[s], 1)])
                        physicalTerms.append((belowMinimum[s], 1))
                    }
                }
                for e in outEdges[storage.node] { b.set(row: r, column: edges[e], k) }
                for e in inEdges[storage.node] { b.set(row: r, column: edges[e], -k) }
                if let target = inputs.target[t][s] {
                    let above = b.addColumn(lower: 0, upper: .infinity)
                    let below = b.addColumn(lower: 0, upper: .infinity)
                    b.addRow(lower: target, upper: target, terms: [(volumes[s], 1), (above, -1), (below, 1)])
                    penaltyTerms.append((below, storage.belowTargetPenalty))
                    penaltyTerms.append((above, storage.aboveTargetPenalty))
                }
            }
            // Spills and water lost on links are penalised in the last level.
            for (n, node) in net.nodes.enumerated() {
                if case .internalPart(_, "spill") = node.role, inputs.cost[t][n] > 0 {
                    penaltyTerms.append((nodes[n], inputs.cost[t][n] * k))
                } else if node.lossCost > 0, nodes[n] >= 0 {
                    penaltyTerms.append((nodes[n], node.lossCost * k))
                }
            }
            // Environmental minimums of the policy.
            for (spot, list) in envBySpot {
                for i in list {
                    let env = inputs.policy.environmental[i]
                    let required = env.minimum[t]
                    guard required > 0, nodes[spot] >= 0 else { continue }
                    let s = b.addColumn(lower: 0, upper: .infinity)
                    b.addRow(lower: required, upper: .infinity, terms: [(nodes[spot], 1), (s, 1)])
                    if let penalty = env.penalty {
                        softShortfalls.append((s, penalty * k))
                    } else {
                        hardMinimums.append(HardMinimum(column: s, node: env.name, what: "environmental flow", step: t, required: required))
                    }
                }
            }
            // Energy.
            var energy = [Int](repeating: -1, count: net.hydropower.count)
            for (p, plant) in net.hydropower.enumerated() {
                let cap = plant.capacityMW * step.hours / 1000
                energy[p] = b.addColumn(lower: 0, upper: cap)
                let term = linear[p][t]
                var rhs = term.constant
                var terms: [(column: Int, value: Double)] = [(energy[p], 1), (nodes[plant.turbineNode], -term.flow)]
                if let s = term.storage, term.volume != 0 {
                    terms.append((volumes[s], -term.volume))
                    if t == 0 { rhs += term.volume * net.storages[s].initialVolume }
                    else { terms.append((volumeColumn[t - 1][s], -term.volume)) }
                }
                b.addRow(lower: -.infinity, upper: rhs, terms: terms)
            }
            nodeColumn.append(nodes)
            edgeColumn.append(edges)
            volumeColumn.append(volumes)
            untakenEvaporationColumn.append(untaken)
            belowMinimumColumn.append(belowMinimum)
            energyColumn.append(energy)
        }
        addDelayRows(&b, network: net)
        // Volumes over periods: one row per period the horizon covers, over all its steps (the
        // plan sees ahead, so it needs no rule for what remains), soft both ways.
        for target in net.volumeTargets {
            for period in target.periods {
                var terms: [(column: Int, value: Double)] = []
                for t in period.first...period.last {
                    for n in target.nodes where nodeColumn[t][n] >= 0 { terms.append((nodeColumn[t][n], steps[t].mm3PerCumec)) }
                }
                let short = b.addColumn(lower: 0, upper: period.minVolume == nil ? 0 : .infinity)
                let excess = b.addColumn(lower: 0, upper: period.maxVolume == nil ? 0 : .infinity)
                b.addRow(lower: period.minVolume ?? -.infinity, upper: period.maxVolume ?? .infinity,
                         terms: terms + [(short, 1), (excess, -1)])
                let weighted = [(short, target.penalty), (excess, target.excessPenalty)]
                if target.isSenior { softShortfalls += weighted } else { volumeTerms += weighted }
            }
        }
        // Terminal storage.
        if let last = volumeColumn.last {
            for (s, storage) in net.storages.enumerated() {
                let c = b.addColumn(lower: 0, upper: terminalStorage ? .infinity : 0)
                terminalColumn.append(c)
                if terminalStorage {
                    let floor = min(storage.initialVolume, inputs.maxVolume[steps.count - 1][s])
                    b.addRow(lower: floor, upper: .infinity, terms: [(last[s], 1), (c, 1)])
                }
            }
        }
        builder = b
    }

    /// The user's node a minimum belongs to, and what kind of minimum it is.
    static func describeMinimum(_ node: Node) -> (String, String) {
        switch node.role {
        case .internalPart(let parent, "release"): return (parent, "minimum release")
        case .internalPart(let parent, let part): return (parent, "minimum \(part)")
        default: return (node.name, "minimum flow")
        }
    }
}
