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
///
/// Why the buffers are raw: a step of a daily model costs a few microseconds, and the model
/// layer must stay a small share of it (issue 7 asks for ≥ 80% of a bare solver loop's rate).
/// Swift arrays held by a class pay a uniqueness check and retain/release per element access
/// in the step loop, so everything the loop touches is laid out once, at init, in flat
/// buffers the simulation owns and frees.
public final class Simulation {
    /// Mass balance must close to this relative tolerance at every node and step.
    public static let massBalanceTolerance = 1e-6
    /// Bounds may cross by this much (solver noise) before a step is reported as ill-posed.
    static let boundTolerance = 1e-9
    /// A storage may end outside [minimum, maximum] by this much (relative to the bound, at
    /// least 1 Mm³ × this) before the run stops: the LP is solved to CLP's absolute primal
    /// tolerance of 1e-7 flow units, ≤ 3e-7 Mm³ on a monthly step.
    public static let storageBoundTolerance = 1e-6
    /// A shortfall below a storage's minimum smaller than this (Mm³) is solver noise, not a
    /// physical shortfall.
    public static let physicalShortfallThreshold = 1e-6

    public let network: Network
    public let problem: AllocationProblem
    public let options: SimulationOptions
    let solver: any LPSolver
    /// Creates a throw-away solver to diagnose an infeasible step (nil: no diagnosis).
    let makeDiagnosticSolver: (() -> any LPSolver)?

    /// Parameter context; its arrays are refilled in place each step.
    private var context: ParameterContext
    // Per-step state (owned; freed in deinit).
    private let nodeFlows: UnsafeMutableBufferPointer<Double>
    private let nodeMax: UnsafeMutableBufferPointer<Double>
    private let edgeFlows: UnsafeMutableBufferPointer<Double>
    private var volumes: UnsafeMutableBufferPointer<Double>
    private var endVolumes: UnsafeMutableBufferPointer<Double>
    private var virtualVolumes: UnsafeMutableBufferPointer<Double>
    private var endVirtual: UnsafeMutableBufferPointer<Double>
    private let evaporation: UnsafeMutableBufferPointer<Double>
    private let energy: UnsafeMutableBufferPointer<Double>
    private let parameterValues: UnsafeMutableBufferPointer<Double>
    private let inSum: UnsafeMutableBufferPointer<Double>
    private let outSum: UnsafeMutableBufferPointer<Double>
    /// Year of each virtual storage's last reset (Pywr's annual rule).
    private var lastResetYear: [Int?]
    /// Rolling licences: the volume used at each of the last `steps − 1` steps, and where the
    /// oldest is (filled at the first step).
    private var rollingMemory: [[Double]]
    private var rollingPointer: [Int]
    // Last values given to the solver, so only changes are passed on.
    private let colLower: UnsafeMutableBufferPointer<Double>
    private let colUpper: UnsafeMutableBufferPointer<Double>
    private let colCost: UnsafeMutableBufferPointer<Double>
    private let rowLower: UnsafeMutableBufferPointer<Double>
    private let rowUpper: UnsafeMutableBufferPointer<Double>
    // The network and the LP layout, flattened.
    private let layout: FlatLayout
    /// The model's shortage-sharing rule (nil: priorities alone decide).
    private let sharing: StepSharing?
    /// Spillways that open only at their storage's top (see `SpillwayRule`).
    private var spillways: SpillwayRule
    /// Volumes over periods: what each period has delivered so far, and how each ended.
    private var volumeState: VolumeState
    /// Water returned whole steps later, in transit between leaving and arriving (a storage
    /// outside the LP, checked every step like a reservoir).
    private var transit: TransitBalance
    /// Per `network.flowDelays`, the volume in transit after the last step run (Mm³): water
    /// that left and arrives after the run's end is reported here, not lost.
    public var volumesInTransit: [Double] { transit.volumes }
    /// How every period of the network's volume targets that ended in this run went (in the
    /// order they ended).
    public var volumeOutcomes: [VolumeOutcome] { volumeState.outcomes }
    /// Largest relative mass-balance residual seen so far.
    public private(set) var worstMassBalanceResidual = 0.0
    public private(set) var stepsDone = 0
    public private(set) var totalIterations = 0
    /// Steps at which a storage ended below its minimum because evaporation alone took it
    /// there with nothing released (in step order).
    public private(set) var physicalShortfalls: [PhysicalShortfall] = []
    /// Per storage, the highest end volume allowed this step (its maximum, or its start less
    /// evaporation when that is above the maximum: it may not rise further).
    private let allowedMaximum: UnsafeMutableBufferPointer<Double>
    /// Per storage, `Storage.holdsBelowMinimum`.
    private let holdsBelowMinimum: [Bool]
    /// Steps on which a limit was cut and the shortage was shared by a second solve.
    public var sharedSteps: Int { sharing?.sharedSteps ?? 0 }
    /// When set, every change passed to the solver is appended here (for the bare-loop benchmark
    /// in `aral-bench`; `package`, not part of the engine's public API).
    package var changeLog: [[LPChange]]?

    /// `problem` may be passed when it was already built for a network of the same structure
    /// (ensemble members differ only in their parameters), to skip rebuilding it per member.
    public init(network: Network, solver: any LPSolver, options: SimulationOptions = SimulationOptions(),
                problem: AllocationProblem? = nil,
                makeDiagnosticSolver: (() -> any LPSolver)? = nil) throws {
        self.network = network
        let problem = problem ?? AllocationProblem(network: network)
        precondition(problem.nodeColumn.count == network.nodes.count && problem.edgeColumn.count == network.edges.count
                     && problem.storageColumn.count == network.storages.count,
                     "the allocation problem was built for another network")
        self.problem = problem
        self.options = options
        self.solver = solver
        self.makeDiagnosticSolver = makeDiagnosticSolver
        let n = network.nodes.count
        context = ParameterContext(step: network.steps.first ?? TimeStep(index: 0, date: CivilDate(year: 2000, month: 1, day: 1), days: 1),
                                   scenario: options.scenario,
                                   volumes: network.storages.map(\.initialVolume),
                                   virtualVolumes: network.virtualStorages.map(\.initialVolume),
                                   previousFlows: Array(repeating: 0, count: n),
                                   values: Array(repeating: 0, count: network.parameters.count),
                                   previousValues: Array(repeating: 0, count: network.parameters.count))
        nodeFlows = .filled(0, count: n)
        nodeMax = .filled(0, count: n)
        edgeFlows = .filled(0, count: network.edges.count)
        volumes = .copy(network.storages.map(\.initialVolume))
        endVolumes = .copy(network.storages.map(\.initialVolume))
        virtualVolumes = .copy(network.virtualStorages.map(\.initialVolume))
        endVirtual = .copy(network.virtualStorages.map(\.initialVolume))
        evaporation = .filled(0, count: network.storages.count)
        allowedMaximum = .filled(0, count: network.storages.count)
        holdsBelowMinimum = network.storages.map(\.holdsBelowMinimum)
        energy = .filled(0, count: network.hydropower.count)
        parameterValues = .filled(0, count: network.parameters.count)
        inSum = .filled(0, count: n)
        outSum = .filled(0, count: n)
        lastResetYear = Array(repeating: nil, count: network.virtualStorages.count)
        rollingMemory = Array(repeating: [], count: network.virtualStorages.count)
        rollingPointer = Array(repeating: 0, count: network.virtualStorages.count)
        let lp = problem.program
        colLower = .copy(lp.columnLower)
        colUpper = .copy(lp.columnUpper)
        colCost = .copy(lp.objective)
        rowLower = .copy(lp.rowLower)
        rowUpper = .copy(lp.rowUpper)
        layout = FlatLayout(network: network, problem: problem)
        sharing = StepSharing(network: network, problem: problem)
        spillways = SpillwayRule(network: network, problem: problem)
        volumeState = VolumeState(network: network)
        transit = TransitBalance(network: network)
        try solver.load(lp)
    }

    deinit {
        for buffer in [nodeFlows, nodeMax, edgeFlows, volumes, endVolumes, virtualVolumes, endVirtual, evaporation, allowedMaximum,
                       energy, parameterValues, inSum, outSum, colLower, colUpper, colCost, rowLower, rowUpper] {
            buffer.deallocate()
        }
    }

    /// Current storage volumes (start of the next step).
    public var currentVolumes: [Double] { Array(volumes) }

    /// Sets the volumes the next step starts from (planning and warm restarts).
    public func setVolumes(_ newVolumes: [Double]) {
        precondition(newVolumes.count == volumes.count, "need \(volumes.count) volumes")
        _ = volumes.update(fromContentsOf: newVolumes)
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
            if !recorders.isEmpty {
                let snapshot = StepSnapshot(step: step, nodeFlows: UnsafeBufferPointer(nodeFlows), nodeMaxFlows: UnsafeBufferPointer(nodeMax),
                                            edgeFlows: UnsafeBufferPointer(edgeFlows), volumes: UnsafeBufferPointer(endVolumes),
                                            evaporation: UnsafeBufferPointer(evaporation), energy: UnsafeBufferPointer(energy),
                                            virtualVolumes: UnsafeBufferPointer(endVirtual),
                                            parameterValues: UnsafeBufferPointer(parameterValues))
                for r in recorders { r.record(snapshot) }
            }
            swap(&volumes, &endVolumes)
            swap(&virtualVolumes, &endVirtual)
            progress?(step.index + 1, total)
        }
        for r in recorders { r.finish() }
    }

    // MARK: - One step

    @inline(__always)
    private func resolve(_ value: ScheduledValue) -> Double {
        switch value {
        case .constant(let v): return v
        case .parameter(let i): return parameterValues[i]
        }
    }

    /// Records a change for the bare-loop benchmark, when recording.
    @inline(__always)
    private func log(_ change: LPChange) {
        guard let last = changeLog?.indices.last else { return }
        changeLog?[last].append(change)
    }

    /// The first LP column or row whose bounds or cost, set this step, fall outside
    /// `SolverRange` (checked before solving, refused naming the node instead of a crash).
    private var unrepresentable: (column: Int?, row: Int?)?

    @inline(__always)
    private func setColumn(_ j: Int, _ lower: Double, _ upper: Double) {
        if colLower[j] != lower || colUpper[j] != upper {
            if SolverRange.boundsBeyond(lower: lower, upper: upper), unrepresentable == nil { unrepresentable = (j, nil) }
            colLower[j] = lower
            colUpper[j] = upper
            solver.setColumnBounds(j, lower: lower, upper: upper)
            if changeLog != nil { log(.columnBounds(j, lower, upper)) }
        }
    }

    @inline(__always)
    private func setRow(_ i: Int, _ lower: Double, _ upper: Double) {
        if rowLower[i] != lower || rowUpper[i] != upper {
            if SolverRange.boundsBeyond(lower: lower, upper: upper), unrepresentable == nil { unrepresentable = (nil, i) }
            rowLower[i] = lower
            rowUpper[i] = upper
            solver.setRowBounds(i, lower: lower, upper: upper)
            if changeLog != nil { log(.rowBounds(i, lower, upper)) }
        }
    }

    @inline(__always)
    private func setCost(_ j: Int, _ cost: Double) {
        if colCost[j] != cost {
            if SolverRange.costBeyond(cost), unrepresentable == nil { unrepresentable = (j, nil) }
            colCost[j] = cost
            solver.setObjectiveCoefficient(j, cost)
            if changeLog != nil { log(.cost(j, cost)) }
        }
    }

    /// Passes node `n`'s bounds and cost for this step to the solver (only if changed).
    @inline(__always)
    private func setNodeBounds(_ n: Int, _ step: TimeStep) throws(SimulationError) {
        let layout = layout
        let j = layout.nodeColumn[n]
        let lo = resolve(layout.minFlow[n]), hi = resolve(layout.maxFlow[n]), cost = resolve(layout.cost[n])
        if lo.isNaN || hi.isNaN || cost.isNaN {
            throw notANumber(step, node: network.nodes[n].name, lo.isNaN ? "minimum flow" : hi.isNaN ? "maximum flow" : "cost")
        }
        nodeMax[n] = hi
        let r = layout.minRow[n]
        if r >= 0 {
            setColumn(j, 0, max(0, hi))
            setRow(r, lo, .infinity)
        } else {
            if lo > hi + Self.boundTolerance * max(1, abs(hi)) {
                throw .badBounds(step: step.index, date: step.date, node: network.nodes[n].name,
                                 detail: "minimum flow \(lo) is above maximum flow \(hi)")
            }
            setColumn(j, lo, max(lo, hi))
        }
        setCost(j, cost)
    }

    /// Throws for the flagged column or row if its current bounds or cost are still outside
    /// `SolverRange` (a later change this step may have replaced the value).
    private func refuseUnrepresentable(_ bad: (column: Int?, row: Int?), _ step: TimeStep) throws(SimulationError) {
        unrepresentable = nil
        let program = problem.program
        let lpName: String, detail: String
        if let j = bad.column {
            if SolverRange.boundsBeyond(lower: colLower[j], upper: colUpper[j]) {
                detail = "bounds [\(colLower[j]), \(colUpper[j])] (\(SolverRange.boundsReason))"
            } else if SolverRange.costBeyond(colCost[j]) {
                detail = "cost \(colCost[j]) (\(SolverRange.costReason))"
            } else { return }
            lpName = j < program.columnNames.count ? program.columnNames[j] : "column \(j)"
        } else if let i = bad.row {
            guard SolverRange.boundsBeyond(lower: rowLower[i], upper: rowUpper[i]) else { return }
            detail = "bounds [\(rowLower[i]), \(rowUpper[i])] (\(SolverRange.boundsReason))"
            lpName = i < program.rowNames.count ? program.rowNames[i] : "row \(i)"
        } else { return }
        let (node, what) = Self.describe(lpName)
        throw .badBounds(step: step.index, date: step.date, node: node,
                         detail: "\(what): \(detail); check the inputs that set it for a value far beyond the basin's")
    }

    /// An LP column or row name (`x[naryn]`, `volume[toktogul]`, `min[lake]`) as the node it
    /// belongs to and what of it the LP holds, for messages.
    static func describe(_ lpName: String) -> (node: String, what: String) {
        guard let open = lpName.firstIndex(of: "["), lpName.hasSuffix("]") else { return (lpName, "in the LP") }
        let kind = String(lpName[..<open]), node = String(lpName[lpName.index(after: open)..<lpName.index(before: lpName.endIndex)])
        let what = ["x": "its flow", "volume": "its storage", "min": "its minimum flow", "short": "its shortfall",
                    "flow": "the edge's flow", "virtual": "its licence volume"][kind] ?? "its \(kind)"
        return (node, what)
    }

    /// The user-facing name of storage `s` (its node's), for messages.
    private func storageName(_ s: Int) -> String { network.nodes[network.storages[s].node].name }

    /// A parameter gave NaN (e.g. an interpolation outside its table): the step is ill-posed,
    /// and CLP would silently solve nonsense.
    private func notANumber(_ step: TimeStep, node: String, _ what: String) -> SimulationError {
        .badBounds(step: step.index, date: step.date, node: node,
                   detail: "\(what) is not a number (a parameter evaluated to NaN, e.g. outside its table)")
    }

    /// Solves one step from the current volumes; results stay in the buffers until the next.
    func step(_ step: TimeStep) throws(SimulationError) {
        if changeLog != nil { changeLog?.append([]) }
        let k = network.units.volumePerFlow(step)
        let layout = layout

        // 0. Pywr's annual licences reset before parameters are evaluated, so a control
        //    curve on a licence sees the reset volume.
        if layout.hasFirstStepResets {
            for (v, vs) in network.virtualStorages.enumerated() {
                if vs.resetAtFirstStepOnOrAfter, let reset = vs.reset, resetsNow(v, step, month: reset.month, day: reset.day) {
                    virtualVolumes[v] = vs.resetVolume ?? vs.initialVolume
                }
                if vs.resetSteps.contains(step.index) { virtualVolumes[v] = vs.resetVolume ?? vs.initialVolume }
            }
        }

        // 1. Parameters, in order, on the context swapped out of `self` (no copy made), so
        //    passing it to each parameter does not retain and release its arrays every time.
        if layout.parameterCount > 0 {
            var local = ParameterContext(step: step, scenario: [], volumes: [], virtualVolumes: [], previousFlows: [], values: [])
            swap(&local, &context)
            local.step = step
            // Last step's values become `previousValues`; `values` is overwritten in order below
            // (a parameter only reads smaller indices), so swapping costs no copy.
            swap(&local.values, &local.previousValues)
            for s in 0..<volumes.count { local.volumes[s] = volumes[s] }
            for v in 0..<virtualVolumes.count { local.virtualVolumes[v] = virtualVolumes[v] }
            // Schedules (series, monthly profiles) are read from the flat layout; the rest are
            // called through the protocol. `local` is not captured by a closure here: a
            // captured var lives in a box, and every protocol call then copied the whole
            // context (retaining its six arrays) — a tenth of a Pywr model's step.
            let index = step.index, month = step.date.month
            let parameters = network.parameters
            for i in 0..<layout.parameterCount {
                let value: Double
                switch layout.parameterKind[i] {
                case .series where index < layout.parameterLength[i]:
                    value = layout.series[layout.parameterOffset[i] + index]
                case .monthly:
                    value = layout.monthly[layout.parameterOffset[i] + month - 1]
                default:
                    value = parameters[i].value(in: local)
                }
                local.values[i] = value
                parameterValues[i] = value
            }
            swap(&local, &context)
        }

        // 2. Node bounds and costs: every node at the first step, then only the nodes whose
        //    minimum, maximum or cost is a parameter (the others cannot change).
        if stepsDone == 0 {
            for n in 0..<layout.nodeCount { try setNodeBounds(n, step) }
        } else {
            for d in 0..<layout.dynamicNodes.count { try setNodeBounds(layout.dynamicNodes[d], step) }
        }
        if !spillways.gates.isEmpty {
            for n in spillways.takeCapped() { try setNodeBounds(n, step) }
        }

        // 3. Storages: volume bounds, evaporation, continuity right-hand side, targets.
        for s in 0..<layout.storageCount {
            let start = volumes[s]
            var evap = 0.0
            if let rate = layout.evaporationRate[s], let area = layout.tables[s]?.area(at: start) {
                let mmPerDay = resolve(rate)
                if mmPerDay.isNaN { throw notANumber(step, node: storageName(s), "evaporation") }
                evap = min(start, max(0, mmPerDay) * Double(step.days) * area * 0.001)
            }
            evaporation[s] = evap
            let available = start - evap
            let minV = resolve(layout.minVolume[s]), maxV = resolve(layout.maxVolume[s]), storageCost = resolve(layout.storageCost[s])
            if minV.isNaN || maxV.isNaN || storageCost.isNaN {
                throw notANumber(step, node: storageName(s),
                                 minV.isNaN ? "minimum volume" : maxV.isNaN ? "maximum volume" : "storage cost")
            }
            if minV > maxV + Self.storageBoundTolerance * max(1, abs(maxV)) {
                throw .badBounds(step: step.index, date: step.date, node: storageName(s),
                                 detail: "minimum volume \(minV) is above maximum volume \(maxV)")
            }
            // The end volume stays within [minimum, maximum]: a reservoir at its minimum
            // releases less. Only what evaporation alone takes below the minimum may stay
            // below it (`belowMinimum`, priced above any release; reported as a physical
            // shortfall). One that starts above its maximum (a falling maximum) may not rise.
            let top = available > maxV + Self.storageBoundTolerance * max(1, abs(maxV)) ? available : maxV
            allowedMaximum[s] = top
            spillways.top[s] = top
            let column = layout.storageColumn[s]
            setColumn(column, 0, max(0, top) / k)
            setRow(layout.storageRow[s], available / k, available / k)
            // A store that holds below its minimum (Pywr's rule) may end anywhere from where it
            // stands up: its floor is the lower of the minimum and what it holds.
            let floor = holdsBelowMinimum[s] ? min(max(0, minV), max(0, available)) : max(0, minV)
            setRow(layout.minimumRow[s], floor / k, .infinity)
            setColumn(layout.belowMinimumColumn[s], 0, max(0, floor - available) / k)
            setCost(column, storageCost * k)
            let t = layout.targetRow[s]
            if t >= 0, let target = layout.target[s] {
                let tv = resolve(target) / k
                if tv.isNaN { throw notANumber(step, node: storageName(s), "target volume") }
                setRow(t, tv, tv)
                if layout.aboveTargetPenalty[s] > 0 { spillways.top[s] = min(top, tv * k) }
                setCost(layout.targetBelowColumn[s], layout.belowTargetPenalty[s])
                setCost(layout.targetAboveColumn[s], layout.aboveTargetPenalty[s])
            }
        }

        // 4. Flow constraints and virtual storages.
        for c in 0..<layout.constraintCount {
            let lower = resolve(layout.constraintLower[c]), upper = resolve(layout.constraintUpper[c])
            if lower.isNaN || upper.isNaN {
                throw notANumber(step, node: network.flowConstraints[c].name, lower.isNaN ? "lower limit" : "upper limit")
            }
            setRow(layout.constraintRow[c], lower, upper)
        }
        if layout.virtualCount > 0 {
            for (v, vs) in network.virtualStorages.enumerated() {
                var start = virtualVolumes[v]
                if let reset = vs.reset, !vs.resetAtFirstStepOnOrAfter, Self.stepContains(step, month: reset.month, day: reset.day) {
                    start = vs.resetVolume ?? vs.initialVolume
                }
                virtualVolumes[v] = start
                setColumn(problem.virtualColumn[v], min(vs.minVolume, start) / k, max(vs.maxVolume, start) / k)
                if let active = vs.activeSteps, step.index < active.count, !active[step.index] {
                    setRow(problem.virtualRow[v], -.infinity, .infinity)
                } else {
                    setRow(problem.virtualRow[v], start / k, start / k)
                }
            }
        }

        // 4b. Volumes over periods: this step's share of what each period still owes or allows.
        for v in 0..<volumeState.targets.count {
            let bounds = volumeState.bounds(v, step: step, k: k)
            setRow(problem.volumeRow[v], bounds?.lower ?? -.infinity, bounds?.upper ?? .infinity)
        }

        if let dump = options.dumpLP, dump.step == step.index {
            do { try solver.writeMPS(to: dump.path) } catch {
                throw .dumpFailed(path: dump.path, reason: "\(error)")
            }
        }

        // 5. Solve; again while a spillway opened below its storage's top.
        if let bad = unrepresentable { try refuseUnrepresentable(bad, step) }
        try solve(step)
        if !spillways.gates.isEmpty { try keepSpillwaysShut(step, k: k) }

        // 6. Share the shortage by the model's rule, on steps where a limit is cut (the
        //    others keep the priority solve: the fast path), then read the solution.
        if let sharing, try sharing.share(step: step, solver: solver, program: currentProgram, x: solver.primal,
                                          nodeMax: nodeMax, rowLower: rowLower, resolve: { self.resolve($0) }) {
            try sharing.solution.withUnsafeBufferPointer { (x) throws(SimulationError) in try readSolution(x, step: step, k: k) }
        } else {
            try readSolution(solver.primal, step: step, k: k)
        }
        if layout.hasVirtualRules { applyVirtualRules(step) }

        try checkMassBalance(step, k: k)
        if !transit.isEmpty {
            let flows = nodeFlows
            try transit.account(step: step, k: k, tolerance: options.massBalanceTolerance, worst: &worstMassBalanceResidual) { flows[$0] }
        }
        if !volumeState.targets.isEmpty {
            let flows = nodeFlows
            volumeState.account(step: step, k: k) { flows[$0] }
        }
        computeEnergy(step)
        if layout.parameterCount > 0 {
            for n in 0..<layout.nodeCount { context.previousFlows[n] = nodeFlows[n] }
        }
        stepsDone += 1
    }

    private func solve(_ step: TimeStep) throws(SimulationError) {
        let status = solver.solve()
        totalIterations += solver.iterationCount
        switch status {
        case .optimal: break
        case .primalInfeasible: throw .infeasible(step: step.index, date: step.date, culprits: diagnoseInfeasibility())
        case .dualInfeasible: throw .unbounded(step: step.index, date: step.date)
        default: throw .solverFailed(step: step.index, date: step.date, status: status)
        }
    }

    /// Caps every spill that leaves room below its storage's top at the part that does not
    /// fit, and solves again, until none does (`SpillwayRule`). A hard minimum downstream that
    /// only such a spill can meet outranks the rule: when the caps make the step infeasible,
    /// the round's caps are lifted and the last solution's spills kept, as a run without the
    /// rule would (the plan does the same with soft caps).
    private func keepSpillwaysShut(_ step: TimeStep, k: Double) throws(SimulationError) {
        for _ in 1..<SpillwayRule.maxRounds {
            let caps = spillways.caps(in: solver.primal, k: k)
            if caps.isEmpty { return }
            let before = caps.map { (column: $0.column, upper: colUpper[$0.column]) }
            for cap in caps {
                setColumn(cap.column, 0, cap.upper)
                spillways.noteCapped(cap.node)
            }
            let status = solver.solve()
            totalIterations += solver.iterationCount
            if status != .optimal {
                for b in before { setColumn(b.column, 0, b.upper) }
                try solve(step)
                return
            }
        }
    }

    /// The step LP with the bounds and costs last given to the solver.
    private func currentProgram() -> LinearProgram {
        var lp = problem.program
        lp.columnLower = Array(colLower)
        lp.columnUpper = Array(colUpper)
        lp.objective = Array(colCost)
        lp.rowLower = Array(rowLower)
        lp.rowUpper = Array(rowUpper)
        return lp
    }

    /// Copies a step's solution into the flow and volume buffers and checks that every storage
    /// ends within its bounds.
    private func readSolution(_ x: UnsafeBufferPointer<Double>, step: TimeStep, k: Double) throws(SimulationError) {
        let layout = layout
        for n in 0..<layout.nodeCount { nodeFlows[n] = x[layout.nodeColumn[n]] }
        for e in 0..<layout.edgeCount { edgeFlows[e] = x[layout.edgeColumn[e]] }
        for s in 0..<layout.storageCount { endVolumes[s] = x[layout.storageColumn[s]] * k }
        try checkStorageBounds(step, x: x, k: k)
        for v in 0..<layout.virtualCount { endVirtual[v] = x[problem.virtualColumn[v]] * k }
    }

    /// Switched-off licences keep their volume; rolling licences get back what was used
    /// `steps − 1` steps ago (Pywr's `RollingVirtualStorage.after`).
    private func applyVirtualRules(_ step: TimeStep) {
        for (v, vs) in network.virtualStorages.enumerated() {
            if let active = vs.activeSteps, step.index < active.count, !active[step.index] {
                endVirtual[v] = virtualVolumes[v]
                continue
            }
            guard let rolling = vs.rolling, rolling.steps > 1 else { continue }
            if rollingMemory[v].isEmpty { rollingMemory[v] = Array(repeating: rolling.initialUse, count: rolling.steps - 1) }
            let p = rollingPointer[v]
            let unadjusted = endVirtual[v]
            endVirtual[v] = min(vs.maxVolume, max(vs.minVolume, unadjusted + rollingMemory[v][p]))
            rollingMemory[v][p] = virtualVolumes[v] - unadjusted
            rollingPointer[v] = (p + 1) % (rolling.steps - 1)
        }
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

    /// No storage ends above its maximum or below its minimum beyond `storageBoundTolerance`,
    /// except by a physical shortfall (recorded here, never hidden); a violation stops the
    /// run like a mass-balance error, since it means the LP or its solution is wrong.
    private func checkStorageBounds(_ step: TimeStep, x: UnsafeBufferPointer<Double>, k: Double) throws(SimulationError) {
        let layout = layout
        for s in 0..<layout.storageCount {
            let end = endVolumes[s]
            let top = allowedMaximum[s]
            if end > top + Self.storageBoundTolerance * max(1, abs(top)) {
                throw .storageBounds(step: step.index, date: step.date, node: storageName(s),
                                     detail: "ends at \(end), above its maximum \(top)")
            }
            var minV = max(0, resolve(layout.minVolume[s]))
            // A store holding below its minimum is bound by what it held (see `Storage`).
            if holdsBelowMinimum[s] { minV = min(minV, max(0, volumes[s] - evaporation[s])) }
            let below = x[layout.belowMinimumColumn[s]] * k
            if end < minV - below - Self.storageBoundTolerance * max(1, minV) {
                throw .storageBounds(step: step.index, date: step.date, node: storageName(s),
                                     detail: "ends at \(end), below its minimum \(minV)")
            }
            if below > Self.physicalShortfallThreshold {
                physicalShortfalls.append(PhysicalShortfall(step: step.index, date: step.date, storage: s,
                                                            node: storageName(s), volume: minV - end))
            }
        }
    }

    /// in − out − Δstorage − losses = 0 at every node, computed from the edge flows (not from
    /// the LP's rows), so a wrong formulation or a sloppy solve is caught. A demand whose
    /// return water arrives steps later counts the delayed part among its losses here; that
    /// water is in transit, a storage balanced apart (`TransitBalance`).
    private func checkMassBalance(_ step: TimeStep, k: Double) throws(SimulationError) {
        let layout = layout
        let ins = inSum, outs = outSum
        for n in 0..<layout.nodeCount {
            ins[n] = 0
            outs[n] = 0
        }
        for e in 0..<layout.edgeCount {
            let flow = edgeFlows[e]
            outs[layout.edgeFrom[e]] += flow
            ins[layout.edgeTo[e]] += flow
        }
        let tolerance = options.massBalanceTolerance
        var worst = worstMassBalanceResidual
        defer { worstMassBalanceResidual = worst }
        for n in 0..<layout.nodeCount {
            let flow = nodeFlows[n]
            var residual: Double, scale: Double
            switch layout.balanceKind[n] {
            case .input:
                residual = flow - outs[n]
                scale = max(abs(flow), outs[n])
            case .sink:
                residual = ins[n] - flow
                scale = max(ins[n], abs(flow))
            case .through:
                let loss = layout.lossShare[n] * flow
                residual = ins[n] - outs[n] - loss
                scale = max(ins[n], outs[n])
                if abs(ins[n] - flow) > tolerance * max(1, abs(flow)) { residual = ins[n] - flow }
            case .storage:
                let s = layout.nodeStorage[n]
                let start = volumes[s], end = endVolumes[s]
                residual = k * (ins[n] - outs[n]) - (end - start) - evaporation[s]
                scale = max(start, end, k * ins[n], k * outs[n])
            }
            // Compared by multiplication; the division is paid only for a new worst.
            let size = max(1, scale), magnitude = abs(residual)
            if magnitude > worst * size { worst = magnitude / size }
            if !(magnitude <= tolerance * size) {
                throw .massBalance(step: step.index, date: step.date, node: network.nodes[n].name, residual: residual, scale: scale)
            }
        }
    }

    // MARK: - Hydropower

    private func computeEnergy(_ step: TimeStep) {
        guard !energy.isEmpty else { return }
        let hours = step.hours
        for (p, plant) in layout.plants.enumerated() {
            let q = max(0, nodeFlows[plant.turbineNode]) * plant.flowToCumecs
            let head: Double
            switch plant.head {
            case .fixed(let h):
                head = h
            case .reservoirLevel(let s, let tailwater):
                let mean = 0.5 * (volumes[s] + endVolumes[s])
                head = max(0, (plant.table?.level(at: mean) ?? tailwater) - tailwater)
            case .headTable(let s, let table):
                head = max(0, table.level(at: 0.5 * (volumes[s] + endVolumes[s])) ?? 0)
            }
            let power = min(plant.capacityMW, HydropowerPlant.megawattsPerCumecMetre * q * head * plant.efficiency)
            energy[p] = power * hours
        }
    }

    // MARK: - Diagnosis

    /// Re-solves the step with every bound and row made elastic (phase-1 style: each may be
    /// violated at a cost) and reports the bounds and rows that had to give.
    private func diagnoseInfeasibility() -> [SimulationError.Culprit] {
        guard let make = makeDiagnosticSolver else { return [] }
        var lp = problem.program
        lp.columnLower = Array(colLower)
        lp.columnUpper = Array(colUpper)
        lp.rowLower = Array(rowLower)
        lp.rowUpper = Array(rowUpper)
        lp.objective = Array(repeating: 0, count: lp.columnCount)
        // What may give, and what it is called: a bound (a node's minimum or capacity, a fixed
        // inflow, a storage's bounds) before any row. A bound is what a user sets and can get
        // wrong; a balance row never is, yet with rows alone relaxed the report named "balance
        // of water leaving at 'river'" for a sink minimum above the river's flow (found from
        // outside). A bound gives way through a column with its column's coefficients (the
        // flow beyond the bound); a fixed inflow costs more than a minimum, so a minimum is
        // named first where either would do.
        var give: [(column: Int, node: String, what: String, sign: Double)] = []
        func relax(_ j: Int, node: String, below: String, above: String, cost: Double) {
            let coefficients = lp.column(j)
            if lp.columnLower[j] > 0 {
                let c = lp.addColumn(name: "elastic-below[\(j)]", lower: 0, upper: .infinity, cost: cost,
                                     coefficients: coefficients.map { ($0.row, -$0.value) })
                give.append((c, node, below, 1))
            }
            if lp.columnUpper[j].isFinite {
                let c = lp.addColumn(name: "elastic-above[\(j)]", lower: 0, upper: .infinity, cost: cost, coefficients: coefficients)
                give.append((c, node, above, -1))
            }
        }
        for (n, node) in network.nodes.enumerated() where node.storageIndex == nil {
            let j = problem.nodeColumn[n]
            let fixed = node.kind == .input && lp.columnLower[j] == lp.columnUpper[j]
            relax(j, node: node.name, below: fixed ? "fixed inflow" : "minimum flow", above: fixed ? "fixed inflow" : "maximum flow",
                  cost: fixed ? Self.elasticInflowCost : 1)
        }
        for (s, storage) in network.storages.enumerated() {
            relax(problem.storageColumn[s], node: network.nodes[storage.node].name, below: "minimum volume", above: "maximum volume", cost: 1)
        }
        for r in 0..<lp.rowCount {
            let meaning = problem.rowMeaning[r]
            let plus = lp.addColumn(name: "elastic+\(r)", lower: 0, upper: .infinity, cost: Self.elasticRowCost, coefficients: [(r, 1)])
            let minus = lp.addColumn(name: "elastic-\(r)", lower: 0, upper: .infinity, cost: Self.elasticRowCost, coefficients: [(r, -1)])
            give.append((plus, meaning.node, meaning.what, 1))
            give.append((minus, meaning.node, meaning.what, -1))
        }
        let diag = make()
        guard (try? diag.load(lp)) != nil, diag.solve() == .optimal else { return [] }
        var amounts: [String: (node: String, what: String, amount: Double)] = [:]
        let x = diag.primal
        for g in give where x[g.column] > 1e-7 {
            amounts["\(g.what)\u{0}\(g.node)", default: (g.node, g.what, 0)].amount += g.sign * x[g.column]
        }
        return amounts.values.sorted { (abs($0.amount), $1.node) > (abs($1.amount), $0.node) }.prefix(10).map {
            SimulationError.Culprit(node: $0.node, what: $0.what, violation: $0.amount)
        }
    }

    /// Elastic costs of the infeasibility diagnosis: a fixed inflow gives way after a minimum,
    /// a row after every bound.
    static let elasticInflowCost = 2.0
    static let elasticRowCost = 1000.0
}
