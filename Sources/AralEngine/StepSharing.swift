import AralModel
import AralSolver

/// Shares a step's shortage by the network's `ShortageSharing` rule, after the step's
/// priority solve.
///
/// Fast path: when no member of any group is short of its demand (capped at its limit), the
/// priority solve stands and nothing else runs. Only on a step where a limit is cut is a
/// second LP solved: the step's LP with its current bounds and costs, plus one fraction
/// column per group (`proportional`) or one for all (`maxmin`) and a row per party,
/// `Σ deliveries − limit · fraction ≥ 0`. The fraction earns a weight larger than any
/// benefit the same water could earn elsewhere, so it is maximised first and the step's own
/// objective decides the rest ("the rest by priority").
///
/// Water-filling: a party whose demand is below its share (its demand caps the fraction) is
/// fixed at its demand and leaves the fraction row; the others share what it does not take.
/// When none is capped, the parties whose rows bind (non-zero dual: a canal's capacity or a
/// reach's water holds them) are fixed at what they get and the rest of their group rises, so
/// what a party cannot take goes to the others in equal fractions, not by the LP's tie-break
/// (found from outside: behind a 10 m³/s canal, one party of three got 10 and the other two
/// 30 and 60 of the remaining 90). Under `proportional` per group, under `maxmin` across all
/// groups: lexicographic max–min.
///
/// Environmental allocations (the Aral Sea and the deltas, `ShortageSharing.Allocation`) are
/// members like parties: their limit is the step's share of the allocation, their demand that
/// limit, so in a short step they get the group's fraction and the parties' deliveries are
/// cut to give it them — ICWC's proportional cut, not the junior priority's "last served".
///
/// What sharing may not take: every node outside the groups that the priority solve served
/// (other demands, sinks, soft minimums — sanitary and environmental flows are senior) keeps
/// at least its flow, and no storage ends lower than the priority solve left it. Sharing
/// redistributes the groups' water; it does not draw reservoirs down or cut other parties.
///
/// The solver: the sharing LP is loaded into the step's own solver (`reload`, so its basis
/// carries over between the water-filling rounds) and the step LP is loaded back afterwards;
/// the next step's solve then starts cold. The cost is paid on short steps only.
final class StepSharing {
    /// A party is short when it gets less than its demand (capped at its limit) by more than
    /// this, relative to max(1, demand).
    static let shortTolerance = 1e-6
    /// Lower bounds that hold the priority solve's flows back off by this (relative) so the
    /// sharing LP stays feasible under solver noise.
    static let holdTolerance = 1e-9
    /// The fraction's weight over the largest cost in the LP, per unit of total limit.
    static let fractionWeightFactor = 2.0
    /// A fraction row binds when its dual, per unit of fraction, exceeds this share of the
    /// fraction's weight.
    static let bindingDual = 1e-9

    struct Member {
        var group: Int
        var party: String
        var columns: [Int]
        var nodes: [Int]
        var limit: ScheduledValue?
        /// An environmental allocation (the Aral Sea and the deltas) asks for its limit: its
        /// demand in the step is its limit, whatever surplus its sink may take besides.
        var isAllocation: Bool
        /// For a volume allocation, the step LP's row of its volume: the row's lower bound is
        /// what the run owes that step (`VolumeState`), the allocation's limit.
        var volumeRow: Int?
    }

    let rule: ShortageSharing.Rule
    let groupCount: Int
    let members: [Member]
    /// Columns the sharing LP may not lower below the priority solve's values.
    let heldColumns: [Int]
    /// The shared step's solution (columns of the step LP), valid after `share` returned true.
    private(set) var solution: [Double] = []
    /// Steps on which sharing re-solved, and the extra solves it made (for the benchmark).
    private(set) var sharedSteps = 0
    private(set) var extraSolves = 0

    /// nil when the network has no sharing rule, the rule is `priority`, or no group has two
    /// members: then the step's priority solve is the answer.
    init?(network: Network, problem: AllocationProblem) {
        guard let sharing = network.sharing, sharing.rule != .priority else { return nil }
        var members: [Member] = []
        for (g, group) in sharing.groups.enumerated() {
            for m in group.members {
                var volumeRow: Int?
                if case .volume(let t) = m.allocation { volumeRow = problem.volumeRow[t] }
                members.append(Member(group: g, party: m.party, columns: m.nodes.map { problem.nodeColumn[$0] },
                                      nodes: m.nodes, limit: m.limit, isAllocation: m.allocation != nil, volumeRow: volumeRow))
            }
        }
        guard !members.isEmpty else { return nil }
        rule = sharing.rule
        groupCount = sharing.groups.count
        self.members = members
        let memberNodes = Set(members.flatMap(\.nodes))
        var held: [Int] = []
        for (n, node) in network.nodes.enumerated() where !memberNodes.contains(n) {
            let served: Bool
            switch node.role {
            case .demand, .sink: served = true
            default: served = node.minFlowPenalty != nil
            }
            if served { held.append(problem.nodeColumn[n]) }
        }
        held += problem.storageColumn
        heldColumns = held
    }

    /// A member's demand (capped at its limit) and limit this step, from the step's node maxima;
    /// an allocation's demand is its limit (a sink's minimum, or its volume row's lower bound).
    private static func demandAndLimit(_ m: Member, nodeMax: UnsafeMutableBufferPointer<Double>, rowLower: UnsafeMutableBufferPointer<Double>,
                                       resolve: (ScheduledValue) -> Double) -> (demand: Double, limit: Double) {
        if m.isAllocation {
            var l = 0.0
            if let row = m.volumeRow { l = rowLower[row] } else if let limit = m.limit { l = resolve(limit) }
            l = l.isFinite ? max(0, l) : 0
            return (l, l)
        }
        var d = 0.0
        for n in m.nodes { d += max(0, nodeMax[n].isFinite ? nodeMax[n] : 0) }
        let l = m.limit.map(resolve) ?? d
        return (min(d, max(0, l)), max(0, l))
    }

    /// Re-solves the step when a member is short; returns false (fast path) when none is.
    /// `program` gives the step LP with its current bounds and costs; `x` is the priority solve's
    /// primal; `rowLower` the step LP's row lower bounds as set for this step (a volume
    /// allocation's limit is its row's).
    func share(step: TimeStep, solver: any LPSolver, program: () -> LinearProgram, x: UnsafeBufferPointer<Double>,
               nodeMax: UnsafeMutableBufferPointer<Double>, rowLower: UnsafeMutableBufferPointer<Double>,
               resolve: (ScheduledValue) -> Double) throws(SimulationError) -> Bool {
        // The fast path runs every step: it stops at the first short member and allocates nothing.
        let anyShort = members.contains { m in
            let (demand, limit) = Self.demandAndLimit(m, nodeMax: nodeMax, rowLower: rowLower, resolve: resolve)
            guard limit > 0 else { return false }
            var got = 0.0
            for c in m.columns { got += x[c] }
            return got < demand - Self.shortTolerance * max(1, demand)
        }
        guard anyShort else { return false }
        sharedSteps += 1
        let amounts = members.map { Self.demandAndLimit($0, nodeMax: nodeMax, rowLower: rowLower, resolve: resolve) }
        let demand = amounts.map(\.demand), limit = amounts.map(\.limit)

        // The step LP with the priority solve's served flows and storages held.
        let program = program()
        var base = program
        for j in heldColumns {
            let hold = x[j] - Self.holdTolerance * max(1, abs(x[j]))
            base.columnLower[j] = min(base.columnUpper[j], max(base.columnLower[j], hold))
        }
        let largestCost = max(1, base.objective.reduce(0) { max($0, abs($1)) })
        let fractionCount = rule == .proportional ? groupCount : 1
        var weight = Array(repeating: 0.0, count: fractionCount)
        for (i, m) in members.enumerated() { weight[rule == .proportional ? m.group : 0] += limit[i] }
        weight = weight.map { Self.fractionWeightFactor * largestCost * max(1, $0) }

        // nil: the member still shares the fraction; a value: it is fixed at least there.
        var fixed: [Double?] = members.indices.map { limit[$0] > 0 && demand[$0] > 0 ? nil : 0 }
        let baseColumns = program.columnCount
        for _ in 0...members.count {
            var lp = base
            let fraction = (0..<fractionCount).map { f in
                lp.addColumn(name: "sharing.fraction[\(f)]", lower: 0, upper: 1, cost: -weight[f], coefficients: [])
            }
            let rows = members.enumerated().map { i, m in
                lp.addRow(name: "sharing[\(m.party)@\(m.group)]", lower: fixed[i] ?? 0, upper: .infinity)
            }
            lp = Self.withRowTerms(lp, members: members, rows: rows, fixed: fixed, limit: limit,
                                   fractionColumn: { fraction[rule == .proportional ? $0.group : 0] })
            do { try solver.reload(lp) } catch {
                throw .solverFailed(step: step.index, date: step.date, status: .unknown(-2))
            }
            let status = solver.solve()
            extraSolves += 1
            guard status == .optimal else {
                throw .solverFailed(step: step.index, date: step.date, status: status)
            }
            let primal = solver.primal, duals = solver.rowDuals
            solution = Array(primal[0..<baseColumns])
            // Members whose demand caps the fraction take their demand and leave it. Under
            // max–min, when none is capped, the members whose rows bind (non-zero dual) cannot
            // rise further: they keep what they have, and the others' fraction rises.
            var capped: [Int] = [], binding: [Int] = []
            for (i, m) in members.enumerated() where fixed[i] == nil {
                let f = primal[fraction[rule == .proportional ? m.group : 0]]
                if f * limit[i] >= demand[i] - Self.shortTolerance * max(1, demand[i]) || f >= 1 - Self.shortTolerance {
                    capped.append(i)
                } else if abs(duals[rows[i]]) * limit[i] > Self.bindingDual * weight[rule == .proportional ? m.group : 0] {
                    binding.append(i)
                }
            }
            for i in capped.isEmpty ? binding : capped {
                var got = 0.0
                for c in members[i].columns { got += primal[c] }
                fixed[i] = min(got, demand[i])
            }
            if capped.isEmpty && binding.isEmpty || !fixed.contains(where: { $0 == nil }) { break }
        }
        do { try solver.load(program) } catch {
            throw .solverFailed(step: step.index, date: step.date, status: .unknown(-3))
        }
        return true
    }

    /// `lp` with each member's row filled: its delivery columns, and `−limit` on its fraction
    /// column while it still shares it.
    private static func withRowTerms(_ lp: LinearProgram, members: [Member], rows: [Int], fixed: [Double?],
                                     limit: [Double], fractionColumn: (Member) -> Int) -> LinearProgram {
        var byColumn: [Int: [(row: Int, value: Double)]] = [:]
        for (i, m) in members.enumerated() {
            for c in m.columns { byColumn[c, default: []].append((rows[i], 1)) }
            if fixed[i] == nil { byColumn[fractionColumn(m), default: []].append((rows[i], -limit[i])) }
        }
        return lp.addingCoefficients(byColumn)
    }
}
