public import AralModel
public import AralSolver

/// Options of a run that do not belong in the model file.
public struct SimulationOptions: Sendable {
    /// Relative tolerance of the per-node mass-balance check.
    public var massBalanceTolerance: Double = Simulation.massBalanceTolerance
    /// Write this step's LP as MPS before solving it (`aral run --dump-lp STEP FILE`).
    public var dumpLP: (step: Int, path: String)?
    /// Index into each of the network's scenario dimensions.
    public var scenario: [Int] = []
    public init() {}
}

/// Steps a network through time: per step, evaluate parameters, update the LP's bounds and
/// costs, solve, check the mass balance at every node, compute hydropower, and hand the
/// state to the recorders. One `Simulation` owns one solver; run ensembles with one each.
public final class Simulation {
    /// Mass balance must close to this relative tolerance at every node and step.
    public static let massBalanceTolerance = 1e-6
    /// Bounds may cross by this much (solver noise) before a step is reported as ill-posed.
    static let boundTolerance = 1e-9

    public let network: Network
    public let problem: AllocationProblem
    public let options: SimulationOptions
    let solver: any LPSolver
    /// Creates a throw-away solver to diagnose an infeasible step (nil: no diagnosis).
    let makeDiagnosticSolver: (() -> any LPSolver)?

    // Per-step state, allocated once.
    private var context: ParameterContext
    private var nodeFlows: [Double]
    private var nodeMax: [Double]
    private var edgeFlows: [Double]
    private var volumes: [Double]
    private var virtualVolumes: [Double]
    private var evaporation: [Double]
    private var energy: [Double]
    private var endVolumes: [Double]
    private var endVirtual: [Double]
    /// Year of each virtual storage's last reset (Pywr's annual rule).
    private var lastResetYear: [Int?]
    // Last values given to the solver, so only changes are passed on.
    private var colLower: [Double]
    private var colUpper: [Double]
    private var colCost: [Double]
    private var rowLower: [Double]
    private var rowUpper: [Double]
    private var inSum: [Double]
    private var outSum: [Double]
    private let hasOutEdges: [Bool]
    /// Edge endpoints and node kinds, losses, bounds and costs as flat arrays, so the step loop
    /// reads plain values instead of copying `Node`s (names, enums) and paying an exclusivity
    /// check per element on `self` (together about a quarter of a step under perf).
    private let edgeFrom: [Int], edgeTo: [Int]
    private let nodeKinds: [Node.Kind]
    private let nodeLoss: [Double]
    private let nodeMinFlow: [Value], nodeMaxFlow: [Value], nodeCost: [Value]
    /// Largest relative mass-balance residual seen so far.
    public private(set) var worstMassBalanceResidual = 0.0
    public private(set) var stepsDone = 0
    public private(set) var totalIterations = 0
    /// When set, every change passed to the solver is appended here (for the bare-loop benchmark).
    public var changeLog: [[LPChange]]?

    public init(network: Network, solver: any LPSolver, options: SimulationOptions = SimulationOptions(),
                makeDiagnosticSolver: (() -> any LPSolver)? = nil) throws {
        self.network = network
        self.problem = AllocationProblem(network: network)
        self.options = options
        self.solver = solver
        self.makeDiagnosticSolver = makeDiagnosticSolver
        let n = network.nodes.count
        context = ParameterContext(step: network.steps.first ?? TimeStep(index: 0, date: CivilDate(year: 2000, month: 1, day: 1), days: 1),
                                   scenario: options.scenario,
                                   volumes: network.storages.map(\.initialVolume),
                                   virtualVolumes: network.virtualStorages.map(\.initialVolume),
                                   previousFlows: Array(repeating: 0, count: n),
                                   values: Array(repeating: 0, count: network.parameters.count))
        nodeFlows = Array(repeating: 0, count: n)
        nodeMax = Array(repeating: 0, count: n)
        edgeFlows = Array(repeating: 0, count: network.edges.count)
        volumes = network.storages.map(\.initialVolume)
        virtualVolumes = network.virtualStorages.map(\.initialVolume)
        evaporation = Array(repeating: 0, count: network.storages.count)
        energy = Array(repeating: 0, count: network.hydropower.count)
        endVolumes = volumes
        endVirtual = virtualVolumes
        lastResetYear = Array(repeating: nil, count: network.virtualStorages.count)
        inSum = Array(repeating: 0, count: n)
        outSum = Array(repeating: 0, count: n)
        var hasOut = Array(repeating: false, count: n)
        for edge in network.edges { hasOut[edge.from] = true }
        hasOutEdges = hasOut
        edgeFrom = network.edges.map(\.from)
        edgeTo = network.edges.map(\.to)
        nodeKinds = network.nodes.map(\.kind)
        nodeLoss = network.nodes.map { 1 - $0.efficiency }
        nodeMinFlow = network.nodes.map(\.minFlow)
        nodeMaxFlow = network.nodes.map(\.maxFlow)
        nodeCost = network.nodes.map(\.cost)
        let lp = problem.program
        colLower = lp.columnLower
        colUpper = lp.columnUpper
        colCost = lp.objective
        rowLower = lp.rowLower
        rowUpper = lp.rowUpper
        try solver.load(lp)
    }

    /// Current storage volumes (start of the next step).
    public var currentVolumes: [Double] { volumes }

    /// Sets the volumes the next step starts from (planning and warm restarts).
    public func setVolumes(_ newVolumes: [Double]) {
        volumes = newVolumes
    }

    /// Runs every step of the network. `progress` is called after each step with
    /// (steps done, total); return false from `shouldContinue` to stop cleanly.
    public func run(recorders: [any Recorder], progress: ((Int, Int) -> Void)? = nil,
                    shouldContinue: (() -> Bool)? = nil) throws(SimulationError) {
        for r in recorders { r.begin(network: network) }
        let total = network.steps.count
        for step in network.steps {
            if let shouldContinue, !shouldContinue() { throw .cancelled(step: step.index) }
            try self.step(step)
            let snapshot = StepSnapshot(step: step, nodeFlows: nodeFlows, nodeMaxFlows: nodeMax, edgeFlows: edgeFlows,
                                        volumes: endVolumes, evaporation: evaporation, energy: energy,
                                        virtualVolumes: endVirtual)
            for r in recorders { r.record(snapshot) }
            swap(&volumes, &endVolumes)
            swap(&virtualVolumes, &endVirtual)
            progress?(step.index + 1, total)
        }
        for r in recorders { r.finish() }
    }

    // MARK: - One step

    @inline(__always)
    private func resolve(_ value: Value) -> Double {
        switch value {
        case .constant(let v): return v
        case .parameter(let i): return context.values[i]
        }
    }

    /// Records a change for the bare-loop benchmark, when recording.
    @inline(__always)
    private func log(_ change: LPChange) {
        guard let last = changeLog?.indices.last else { return }
        changeLog?[last].append(change)
    }

    private func setColumn(_ j: Int, _ lower: Double, _ upper: Double) {
        if colLower[j] != lower || colUpper[j] != upper {
            colLower[j] = lower
            colUpper[j] = upper
            solver.setColumnBounds(j, lower: lower, upper: upper)
            log(.columnBounds(j, lower, upper))
        }
    }

    private func setRow(_ i: Int, _ lower: Double, _ upper: Double) {
        if rowLower[i] != lower || rowUpper[i] != upper {
            rowLower[i] = lower
            rowUpper[i] = upper
            solver.setRowBounds(i, lower: lower, upper: upper)
            log(.rowBounds(i, lower, upper))
        }
    }

    private func setCost(_ j: Int, _ cost: Double) {
        if colCost[j] != cost {
            colCost[j] = cost
            solver.setObjectiveCoefficient(j, cost)
            log(.cost(j, cost))
        }
    }

    /// Solves one step from the current volumes; results stay in the buffers until the next.
    func step(_ step: TimeStep) throws(SimulationError) {
        changeLog?.append([])
        let k = network.units.volumePerFlow(step)

        // 0. Pywr's annual licences reset before parameters are evaluated, so a control
        //    curve on a licence sees the reset volume.
        for (v, vs) in network.virtualStorages.enumerated() where vs.resetAtFirstStepOnOrAfter {
            if let reset = vs.reset, resetsNow(v, step, month: reset.month, day: reset.day) {
                virtualVolumes[v] = vs.resetVolume ?? vs.initialVolume
            }
        }

        // 1. Parameters, in order.
        context.step = step
        for s in volumes.indices { context.volumes[s] = volumes[s] }
        for v in virtualVolumes.indices { context.virtualVolumes[v] = virtualVolumes[v] }
        // Evaluate on a local copy swapped out of `self` (no copy made), so passing it to
        // each parameter does not retain and release its arrays every time.
        var local = ParameterContext(step: step, scenario: [], volumes: [], virtualVolumes: [], previousFlows: [], values: [])
        swap(&local, &context)
        let parameters = network.parameters
        for i in parameters.indices {
            local.values[i] = parameters[i].value(in: local)
        }
        swap(&local, &context)

        // 2. Node bounds and costs.
        let minFlows = nodeMinFlow, maxFlows = nodeMaxFlow, costs = nodeCost
        for n in minFlows.indices {
            let j = problem.nodeColumn[n]
            let lo = resolve(minFlows[n]), hi = resolve(maxFlows[n])
            nodeMax[n] = hi
            if let r = problem.minRow[n] {
                setColumn(j, 0, max(0, hi))
                setRow(r, lo, .infinity)
            } else {
                if lo > hi + Self.boundTolerance * max(1, abs(hi)) {
                    throw .badBounds(step: step.index, date: step.date, node: network.nodes[n].name,
                                     detail: "minimum flow \(lo) is above maximum flow \(hi)")
                }
                setColumn(j, lo, max(lo, hi))
            }
            setCost(j, resolve(costs[n]))
        }

        // 3. Storages: volume bounds, evaporation, continuity right-hand side, targets.
        for (s, storage) in network.storages.enumerated() {
            let start = volumes[s]
            var evap = 0.0
            if let rate = storage.evaporationMmPerDay, let area = storage.table?.area(at: start) {
                evap = min(start, max(0, resolve(rate)) * Double(step.days) * area * 0.001)
            }
            evaporation[s] = evap
            let available = start - evap
            let minV = resolve(storage.minVolume), maxV = resolve(storage.maxVolume)
            // A storage already below its minimum may not fall further; one above its
            // maximum may not rise further. Both stay feasible.
            let lower = max(0, min(minV, available)), upper = max(maxV, available)
            setColumn(problem.storageColumn[s], lower / k, upper / k)
            setRow(problem.storageRow[s], available / k, available / k)
            setCost(problem.storageColumn[s], resolve(storage.cost) * k)
            if let t = problem.targetRow[s], let target = storage.target,
               let below = problem.targetBelowColumn[s], let above = problem.targetAboveColumn[s] {
                let tv = resolve(target) / k
                setRow(t, tv, tv)
                setCost(below, storage.belowTargetPenalty)
                setCost(above, storage.aboveTargetPenalty)
            }
        }

        // 4. Flow constraints and virtual storages.
        for (c, constraint) in network.flowConstraints.enumerated() {
            setRow(problem.constraintRow[c], resolve(constraint.lower), resolve(constraint.upper))
        }
        for (v, vs) in network.virtualStorages.enumerated() {
            var start = virtualVolumes[v]
            if let reset = vs.reset, !vs.resetAtFirstStepOnOrAfter, Self.stepContains(step, month: reset.month, day: reset.day) {
                start = vs.resetVolume ?? vs.initialVolume
            }
            virtualVolumes[v] = start
            setColumn(problem.virtualColumn[v], min(vs.minVolume, start) / k, max(vs.maxVolume, start) / k)
            setRow(problem.virtualRow[v], start / k, start / k)
        }

        if let dump = options.dumpLP, dump.step == step.index {
            do { try solver.writeMPS(to: dump.path) } catch {
                throw .dumpFailed(path: dump.path, reason: "\(error)")
            }
        }

        // 5. Solve.
        let status = solver.solve()
        totalIterations += solver.iterationCount
        switch status {
        case .optimal: break
        case .primalInfeasible: throw .infeasible(step: step.index, date: step.date, culprits: diagnoseInfeasibility())
        case .dualInfeasible: throw .unbounded(step: step.index, date: step.date)
        default: throw .solverFailed(step: step.index, date: step.date, status: status)
        }

        // 6. Read the solution.
        let x = solver.primal
        for n in nodeFlows.indices { nodeFlows[n] = x[problem.nodeColumn[n]] }
        for e in edgeFlows.indices { edgeFlows[e] = x[problem.edgeColumn[e]] }
        for s in endVolumes.indices { endVolumes[s] = x[problem.storageColumn[s]] * k }
        for v in endVirtual.indices { endVirtual[v] = x[problem.virtualColumn[v]] * k }

        try checkMassBalance(step, k: k)
        computeEnergy(step)
        for n in nodeFlows.indices { context.previousFlows[n] = nodeFlows[n] }
        stepsDone += 1
    }

    /// Pywr's `AnnualVirtualStorage.before`: a run that starts after the reset day counts as
    /// reset that year; afterwards the first step of a new year on or after the day resets.
    private func resetsNow(_ v: Int, _ step: TimeStep, month: Int, day: Int) -> Bool {
        let d = step.date
        if step.index == 0, d.month > month || (d.month == month && d.day > day) { lastResetYear[v] = d.year }
        guard d.year != lastResetYear[v], d.month > month || (d.month == month && d.day >= day) else { return false }
        lastResetYear[v] = d.year
        return true
    }

    static func stepContains(_ step: TimeStep, month: Int, day: Int) -> Bool {
        let target = CivilDate(year: step.date.year, month: month, day: min(day, CivilDate.daysIn(month: month, year: step.date.year)))
        let first = step.date.dayNumber, n = target.dayNumber
        return n >= first && n < first + step.days
    }

    // MARK: - Checks

    /// in − out − Δstorage − losses = 0 at every node, computed from the edge flows (not from
    /// the LP's rows), so a wrong formulation or a sloppy solve is caught.
    private func checkMassBalance(_ step: TimeStep, k: Double) throws(SimulationError) {
        // Work on locals: the sums are swapped out (no copy), everything else bound once.
        var ins: [Double] = [], outs: [Double] = []
        swap(&ins, &inSum)
        swap(&outs, &outSum)
        defer {
            swap(&ins, &inSum)
            swap(&outs, &outSum)
        }
        for n in ins.indices {
            ins[n] = 0
            outs[n] = 0
        }
        let flows = edgeFlows, from = edgeFrom, to = edgeTo
        for e in flows.indices {
            outs[from[e]] += flows[e]
            ins[to[e]] += flows[e]
        }
        let tolerance = options.massBalanceTolerance
        let nodeFlows = nodeFlows, kinds = nodeKinds, lossShare = nodeLoss, hasOut = hasOutEdges
        let volumes = volumes, endVolumes = endVolumes, evaporation = evaporation
        var worst = worstMassBalanceResidual
        defer { worstMassBalanceResidual = worst }
        for n in kinds.indices {
            let flow = nodeFlows[n]
            var residual: Double, scale: Double
            switch kinds[n] {
            case .input:
                residual = flow - outs[n]
                scale = max(abs(flow), outs[n])
            case .output where !hasOut[n]:
                residual = ins[n] - flow
                scale = max(ins[n], abs(flow))
            case .output, .link:
                let loss = lossShare[n] * flow
                residual = ins[n] - outs[n] - loss
                scale = max(ins[n], outs[n])
                if abs(ins[n] - flow) > tolerance * max(1, abs(flow)) { residual = ins[n] - flow }
            case .storage(let s):
                let start = volumes[s], end = endVolumes[s]
                residual = k * (ins[n] - outs[n]) - (end - start) - evaporation[s]
                scale = max(start, end, k * ins[n], k * outs[n])
            }
            let relative = abs(residual) / max(1, scale)
            if relative > worst { worst = relative }
            if relative > tolerance {
                throw .massBalance(step: step.index, date: step.date, node: network.nodes[n].name, residual: residual, scale: scale)
            }
        }
    }

    // MARK: - Hydropower

    private func computeEnergy(_ step: TimeStep) {
        for (p, plant) in network.hydropower.enumerated() {
            let q = max(0, nodeFlows[plant.turbineNode]) * plant.flowToCumecs
            let head: Double
            switch plant.head {
            case .fixed(let h):
                head = h
            case .reservoirLevel(let s, let tailwater):
                let mean = 0.5 * (volumes[s] + endVolumes[s])
                head = max(0, (network.storages[s].table?.level(at: mean) ?? tailwater) - tailwater)
            case .headTable(let s, let table):
                head = max(0, table.level(at: 0.5 * (volumes[s] + endVolumes[s])) ?? 0)
            }
            let power = min(plant.capacityMW, HydropowerPlant.megawattsPerCumecMetre * q * head * plant.efficiency)
            energy[p] = power * step.hours
        }
    }

    // MARK: - Diagnosis

    /// Re-solves the step with every row made elastic (phase-1 style: each row may be
    /// violated at unit cost) and reports the rows that had to give.
    private func diagnoseInfeasibility() -> [SimulationError.Culprit] {
        guard let make = makeDiagnosticSolver else { return [] }
        var lp = problem.program
        lp.columnLower = colLower
        lp.columnUpper = colUpper
        lp.rowLower = rowLower
        lp.rowUpper = rowUpper
        lp.objective = Array(repeating: 0, count: lp.columnCount)
        let originalColumns = lp.columnCount
        var slack: [(row: Int, column: Int, sign: Double)] = []
        for r in 0..<lp.rowCount {
            let plus = lp.addColumn(name: "elastic+\(r)", lower: 0, upper: .infinity, cost: 1, coefficients: [(r, 1)])
            let minus = lp.addColumn(name: "elastic-\(r)", lower: 0, upper: .infinity, cost: 1, coefficients: [(r, -1)])
            slack.append((r, plus, 1))
            slack.append((r, minus, -1))
        }
        _ = originalColumns
        let diag = make()
        guard (try? diag.load(lp)) != nil, diag.solve() == .optimal else { return [] }
        var byRow: [Int: Double] = [:]
        let x = diag.primal
        for s in slack where x[s.column] > 1e-7 { byRow[s.row, default: 0] += s.sign * x[s.column] }
        return byRow.sorted { abs($0.value) > abs($1.value) }.prefix(10).map { row, amount in
            let meaning = problem.rowMeaning[row]
            return SimulationError.Culprit(node: meaning.node, what: meaning.what, violation: amount)
        }
    }
}
