import AralModel
import AralSchema
public import AralSolver

/// Makes a plan over the horizon of a compiled model: one multi-period LP (`PlanLP`) solved
/// lexicographically, level by level — each level's optimum is kept as a constraint (within
/// `PlanOptions.levelTolerance`) while the next is optimised:
///
/// 0. hard minimums met (else: `PlanError.infeasible` naming node, step and shortfall), then
///    the terminal-storage shortfall minimised;
/// 1. soft environmental minimums: the penalty-weighted shortfall minimised;
/// 2. fair quota satisfaction per `policy.sharing` (see `SharingRule`), then priorities;
/// 3. the value of hydropower (price of the owner in that month × energy), by successive LP:
///    heads are fixed from the previous iterate, the LP is solved, heads are updated, until
///    the energy changes by less than 0.1 %;
/// 4. rule-curve deviations and spills, penalised.
///
/// Why a sequence of LPs and not one weighted objective: weights big enough to make the
/// levels strict make the LP badly scaled, and weights small enough to be safe trade a
/// little of one level for a lot of the next. Fixing each optimum is exact.
public struct Planner {
    public var inputs: PlanInputs
    public var options: PlanOptions
    /// Makes the solver of one sequence of levels (a plan, or each phase of an alone plan).
    /// Each level is a new `LinearProgram`, handed to that solver with `reload`: a level adds
    /// a row and changes the objective, so the previous level's optimal basis is a good start
    /// (on a one-year daily plan ~2,000 pivots instead of ~50,000 from scratch).
    public var makeSolver: () -> any LPSolver

    public init(inputs: PlanInputs, options: PlanOptions = PlanOptions(), makeSolver: @escaping () -> any LPSolver) {
        self.inputs = inputs
        self.options = options
        self.makeSolver = makeSolver
    }

    /// The consortium plan: every level of the policy.
    public func plan() throws(PlanError) -> PlanSolution {
        try solve(pre: [.hardMinimums, .terminal, .environment, .sharing],
                  energyPlants: Array(inputs.network.hydropower.indices), post: [.penalties])
    }

    /// Each upstream state alone, the most upstream first: a state's reservoirs are operated
    /// for its own energy value at its own seasonal prices (within hard minimums and the
    /// terminal storage), with no obligation to serve anyone downstream; the demands *above*
    /// its reservoirs are served first by their priorities, because the state cannot stop its
    /// upstream neighbours withdrawing (without this, Kairakkum "alone" was planned as if the
    /// Fergana valley took nothing, and fixing that release starved the valley). Its releases
    /// and spills are then fixed for the states below it, and finally the rest of the basin is
    /// planned by the policy: downstream takes what comes.
    public func planAlone(upstream: [String]) throws(PlanError) -> PlanSolution {
        let net = inputs.network
        let own = Set(upstream)
        var above: [String: Set<Int>] = [:]
        for party in own {
            let nodes = inputs.model.elements.filter { $0.kind == .reservoir && $0.owner == party }.compactMap(\.node)
            above[party] = Self.nodesAbove(nodes, in: net)
        }
        // Most upstream first: fewer nodes above its reservoirs.
        let order = upstream.sorted { (above[$0]?.count ?? 0, $0) < (above[$1]?.count ?? 0, $1) }
        var fixed: [Int: [Double]] = [:]
        var evaporation: [[Double]]?
        var iterations = 0, solves = 0, passes = 0
        for party in order {
            // Its own energy: its plants and its share of a joint plant, at its own prices.
            // A state that values its energy at nothing (prices of 0) has no energy level: it
            // keeps the water its earlier levels leave it. With an objective of zero terms the
            // successive LP returned an arbitrary vertex, whose fixed releases made the next
            // state's plan infeasible (found from outside: `KG: 0` in exchange.energyPrices).
            let plants = net.hydropower.indices.filter { p in
                net.hydropower[p].share(of: party) > 0
                    && inputs.steps.contains { inputs.policy.price(of: net.hydropower[p], for: party, step: $0.index) != 0 }
            }
            let phase = try solve(pre: [.hardMinimums, .terminal, .prioritiesAt(above[party] ?? [])], energyPlants: plants, valuedFor: party,
                                  post: [], fixedFlows: fixed, evaporation: evaporation)
            for element in inputs.model.elements where element.kind == .reservoir && element.owner == party {
                for n in [element.releaseNode, element.spillNode].compactMap({ $0 }) { fixed[n] = phase.flow(node: n) }
            }
            evaporation = evaporation ?? phase.evaporation
            iterations += phase.iterations
            solves += phase.lpSolves
            passes += phase.passes
        }
        let ownPlants = net.hydropower.indices.filter { net.hydropower[$0].owner.map(own.contains) ?? false }
        let others = net.hydropower.indices.filter { !ownPlants.contains($0) }
        var rest = try solve(pre: [.hardMinimums, .terminal, .environment, .sharing], energyPlants: others,
                             post: [.penalties], fixedFlows: fixed, evaporation: evaporation)
        rest.iterations += iterations
        rest.lpSolves += solves
        rest.passes += passes
        return rest
    }

    /// The nodes above `targets`: those from which water can reach a target, and the branches
    /// they feed (a withdrawal with no return flow is a dead end beside the river, not on the
    /// way to the target), without the targets and anything below them.
    static func nodesAbove(_ targets: [Int], in net: Network) -> Set<Int> {
        var into = [[Int]](repeating: [], count: net.nodes.count)
        var out = [[Int]](repeating: [], count: net.nodes.count)
        for edge in net.edges {
            into[edge.to].append(edge.from)
            out[edge.from].append(edge.to)
        }
        func reach(_ start: [Int], _ next: [[Int]]) -> Set<Int> {
            var seen = Set<Int>(), stack = start
            while let n = stack.popLast() {
                for m in next[n] where seen.insert(m).inserted { stack.append(m) }
            }
            return seen
        }
        let ancestors = reach(targets, into)
        let below = reach(targets, out).union(targets)
        var above = ancestors
        for n in ancestors { above.formUnion(out[n]) }
        return above.subtracting(below)
    }

    // MARK: - Levels

    enum Level {
        case hardMinimums, terminal, environment, sharing, penalties, feasibility
        /// Evaporation below the minimum and evaporation not taken (`PlanLP.physicalTerms`),
        /// solved first in every sequence.
        case physical
        /// Spill above the spillway rule's caps (`Planner+Spillways`), solved right after the
        /// hard minimums.
        case spillway
        /// The priorities of the given nodes only (the demands above an upstream state's reservoirs).
        case prioritiesAt(Set<Int>)
    }

    /// A level's optimum kept for the levels after it: a row over existing columns, or a bound.
    enum Fix {
        case row(terms: [(column: Int, value: Double)], lower: Double, upper: Double)
        case upper(column: Int, value: Double)
        case bounds(column: Int, lower: Double, upper: Double)
    }

    /// Mutable state of one sequence of levels.
    struct Run {
        var lp: PlanLP
        /// The solver of this sequence of levels, made at its first LP; later LPs are reloaded
        /// into it and start from its basis.
        var solver: (any LPSolver)?
        var fixes: [Fix] = []
        var lpSolves = 0
        var levels: [PlanSolution.LevelRecord] = []
    }

    /// One sequence of levels, without the spillway rule (`solve`, in `Planner+Spillways`, keeps
    /// it). `valuedFor`: whose energy value level 3 maximises (a state alone: its plants and
    /// shares at its prices); nil, every owner's (the consortium).
    func solveLevels(pre: [Level], energyPlants: [Int], valuedFor party: String? = nil, post: [Level], fixedFlows: [Int: [Double]] = [:],
                     evaporation fixedEvaporation: [[Double]]? = nil) throws(PlanError) -> PlanSolution {
        let steps = inputs.steps
        let storages = inputs.network.storages
        var reference = steps.map { _ in storages.map(\.initialVolume) }
        var evaporation = fixedEvaporation ?? inputs.evaporation(endVolumes: reference)
        let passes = fixedEvaporation == nil ? max(1, options.maxEvaporationPasses) : 1
        var iterations = 0, solves = 0
        // One solver for all passes: a pass rebuilds the structure with the new evaporation,
        // close to the last one, so its first LP starts from the last basis too.
        var solver: (any LPSolver)?
        for pass in 1...passes {
            var run = Run(lp: PlanLP(inputs: inputs, evaporation: evaporation,
                                     energy: inputs.linearisation(turbineFlows: nil, endVolumes: reference),
                                     fixedFlows: fixedFlows, terminalStorage: options.terminalStorage),
                          solver: solver)
            var x: [Double] = []
            if let y = try solveLevel(.physical, &run) { x = y }
            for level in pre {
                if let y = try solveLevel(level, &run) { x = y }
                if case .hardMinimums = level, let y = try solveLevel(.spillway, &run) { x = y }
            }
            if x.isEmpty { x = try solveLevel(.feasibility, &run) ?? [] }
            if !energyPlants.isEmpty {
                x = try successiveLP(energyPlants, for: party, start: x, evaporation: evaporation, fixedFlows: fixedFlows,
                                     iterations: &iterations, &run)
            }
            let volumes = Self.volumes(x, run.lp)
            let updated = inputs.evaporation(endVolumes: volumes)
            let moved = zip(updated, evaporation).map { zip($0, $1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
            if pass == passes || moved <= options.evaporationTolerance {
                for level in post { if let y = try solveLevel(level, &run) { x = y } }
                solves += run.lpSolves
                return try solution(x, run, evaporation: evaporation, iterations: iterations, passes: pass, solves: solves)
            }
            solves += run.lpSolves
            solver = run.solver
            reference = volumes
            evaporation = updated
        }
        throw .unsupported("a plan without steps")  // not reached: the loop returns on its last pass
    }

    /// Level 3 by successive LP with a trust region: linearise the energy around the current
    /// iterate, solve with the volumes of head-dependent reservoirs kept within ±Δ of it,
    /// accept the step if the energy value (at the plan's own heads) did not fall, else halve
    /// Δ; stop when an accepted step changes the energy by less than `energyConvergence`.
    /// The accepted linearisation's optimum (and its trust region) is kept for later levels.
    func successiveLP(_ plants: [Int], for party: String? = nil, start: [Double], evaporation: [[Double]], fixedFlows: [Int: [Double]],
                      iterations: inout Int, _ run: inout Run) throws(PlanError) -> [Double] {
        let net = inputs.network
        var headStorages = Set<Int>()
        for p in plants {
            switch net.hydropower[p].head {
            case .reservoirLevel(let s, _), .headTable(let s, _): headStorages.insert(s)
            case .fixed: break
            }
        }
        var radius = [Double](repeating: 0, count: net.storages.count)
        for s in headStorages {
            let lo = inputs.minVolume.map { $0[s] }.min() ?? 0
            let hi = inputs.maxVolume.map { $0[s] }.max() ?? 0
            radius[s] = 0.25 * max(1, (hi.isFinite ? hi : max(lo, net.storages[s].initialVolume) * 2) - lo)
        }
        let minimumRadius = radius.map { $0 * 1e-4 }
        var center = start
        var centerLP = run.lp
        var centerEnergy = totalEnergy(center, run.lp, volumes: Self.volumes(center, run.lp), plants: plants)
        var centerValue = energyValue(center, run.lp, plants: plants, for: party)
        var accepted: (x: [Double], lp: PlanLP, fixes: [Fix])?
        for _ in 1...max(1, options.maxIterations) {
            let volumes = Self.volumes(center, centerLP)
            let turbine = net.hydropower.map { plant in centerLP.nodeColumn.map { center[$0[plant.turbineNode]] } }
            run.lp = PlanLP(inputs: inputs, evaporation: evaporation,
                            energy: inputs.linearisation(turbineFlows: turbine, endVolumes: volumes),
                            fixedFlows: fixedFlows, terminalStorage: options.terminalStorage)
            var region: [Fix] = []
            for s in headStorages {
                for step in inputs.steps {
                    let j = run.lp.volumeColumn[step.index][s]
                    let v = volumes[step.index][s]
                    region.append(.bounds(column: j, lower: max(run.lp.builder.columnLower[j], v - radius[s]),
                                          upper: min(run.lp.builder.columnUpper[j], v + radius[s])))
                }
            }
            let (x, keepFix) = try solveEnergy(plants, for: party, &run, region: region)
            iterations += 1
            let value = energyValue(x, run.lp, plants: plants, for: party)
            let energy = totalEnergy(x, run.lp, volumes: Self.volumes(x, run.lp), plants: plants)
            if accepted == nil || value >= centerValue - 1e-9 * max(1, abs(centerValue)) {
                let change = abs(energy - centerEnergy) / max(abs(centerEnergy), 1e-9)
                let first = accepted == nil
                accepted = (x, run.lp, [keepFix] + region)
                center = x
                centerLP = run.lp
                centerValue = value
                centerEnergy = energy
                if !first && change < options.energyConvergence { break }
            } else {
                for s in headStorages { radius[s] /= 2 }
                if headStorages.allSatisfy({ radius[$0] < minimumRadius[$0] }) { break }
            }
        }
        guard let accepted else { return start }
        run.lp = accepted.lp
        run.fixes += accepted.fixes
        return accepted.x
    }

    /// Σ price × energy (MWh at the solution's own heads) of `plants`.
    func energyValue(_ x: [Double], _ lp: PlanLP, plants: [Int], for party: String? = nil) -> Double {
        let net = inputs.network
        let turbine = net.hydropower.map { plant in lp.nodeColumn.map { x[$0[plant.turbineNode]] } }
        let energy = inputs.energy(turbineFlows: turbine, endVolumes: Self.volumes(x, lp))
        return plants.reduce(0) { inputs.policy.value(ofEnergy: energy[$1], plant: net.hydropower[$1], for: party, steps: inputs.steps, addedTo: $0) }
    }

    func solution(_ x: [Double], _ run: Run, evaporation: [[Double]], iterations: Int, passes: Int, solves: Int) throws(PlanError) -> PlanSolution {
        let net = inputs.network
        let flows = run.lp.nodeColumn.map { columns in columns.map { $0 >= 0 ? x[$0] : 0 } }
        let volumes = Self.volumes(x, run.lp)
        let edgeFlows = run.lp.edgeColumn.map { $0.map { x[$0] } }
        // The evaporation taken: what the water was there for (`PlanLP.physicalTerms`).
        var evaporation = evaporation
        var belowMinimum: [PlanSolution.BelowMinimum] = []
        for t in inputs.steps.indices {
            for s in net.storages.indices {
                let untaken = run.lp.untakenEvaporationColumn[t][s]
                if untaken >= 0 { evaporation[s][t] -= x[untaken] }
                let below = run.lp.belowMinimumColumn[t][s]
                if below >= 0, x[below] > Self.physicalTolerance * max(1, inputs.minVolume[t][s]) {
                    belowMinimum.append(.init(storage: s, step: t, volumeMm3: x[below]))
                }
            }
        }
        let residual = try PlanMassBalance.check(network: net, steps: inputs.steps, nodeFlows: flows, edgeFlows: edgeFlows,
                                                 volumes: volumes, evaporation: evaporation)
        let turbine = net.hydropower.map { plant in flows.map { $0[plant.turbineNode] } }
        let outcomes = net.volumeTargets.flatMap { target in
            target.periods.map { period in
                VolumeOutcome(target: target.name, period: period, volume: (period.first...period.last).reduce(0.0) { sum, t in
                    sum + target.nodes.reduce(0.0) { $0 + flows[t][$1] } * inputs.steps[t].mm3PerCumec
                })
            }
        }
        return PlanSolution(steps: inputs.steps, nodeFlows: flows, volumes: volumes, evaporation: evaporation,
                            energyMWh: inputs.energy(turbineFlows: turbine, endVolumes: volumes),
                            iterations: iterations, passes: passes, lpSolves: solves, levels: run.levels,
                            volumeOutcomes: outcomes, edgeFlows: edgeFlows, worstMassBalanceResidual: residual,
                            belowMinimum: belowMinimum)
    }

    /// Volume below the minimum (relative to it, at least 1e-6 Mm³) that counts as a physical
    /// shortfall rather than the solver's rounding.
    static let physicalTolerance = 1e-6

    static func volumes(_ x: [Double], _ lp: PlanLP) -> [[Double]] {
        lp.volumeColumn.map { columns in columns.map { x[$0] } }
    }

    /// Energy (MWh) of `plants` at the heads of the solution itself.
    func totalEnergy(_ x: [Double], _ lp: PlanLP, volumes: [[Double]], plants: [Int]) -> Double {
        let net = inputs.network
        let turbine = net.hydropower.map { plant in lp.nodeColumn.map { x[$0[plant.turbineNode]] } }
        let energy = inputs.energy(turbineFlows: turbine, endVolumes: volumes)
        return plants.reduce(0) { sum, p in sum + energy[p].reduce(0, +) }
    }
}

extension Planner {
    /// Columns and rows of the plan LP's structure (before the levels add theirs), for benchmarks.
    public var size: (columns: Int, rows: Int) {
        let steps = inputs.steps
        let zeros = inputs.network.storages.map { _ in steps.map { _ in 0.0 } }
        let initial = steps.map { _ in inputs.network.storages.map(\.initialVolume) }
        let lp = PlanLP(inputs: inputs, evaporation: zeros, energy: inputs.linearisation(turbineFlows: nil, endVolumes: initial),
                        terminalStorage: options.terminalStorage)
        return (lp.builder.columnCount, lp.builder.rowCount)
    }
}
