import AralModel

/// The spillway rule in the plan, as in the run (`SpillwayRule` in the engine): a reservoir's
/// spill carries water only in a step that ends with the reservoir at its top — its maximum,
/// or its rule-curve target when being above the target is penalised.
///
/// Why: the plan priced a spill like any link, so a half-full reservoir served a demand
/// below it past its maximum release (found from outside: 40 m³/s spilled at 500 of 1,000
/// Mm³). "Spill only when full" is not linear, so the rule is kept by planning again: every
/// spill that leaves room below its top is capped at the part that does not fit
/// (spill − room / k), and the whole sequence of levels is solved again with the caps, until
/// no cap comes down. A cap is soft (`PlanInputs.spillCaps`): the spill above the caps is
/// minimised right after the hard minimums, since a cap set in one round can be too tight
/// once the earlier steps keep more water (hard caps made a plan on a traces file
/// infeasible). Most plans have no such spill and are solved once.
extension Planner {
    /// Plans again at most this many times.
    static let maxSpillwayRounds = 20
    /// Room closer than this (relative to the top, at least 1e-6 Mm³) counts as none: the
    /// plan's levels are kept within 1e-7 of their optima, so a full reservoir may end a hair
    /// below its top.
    static let spillwayTolerance = 1e-6

    func solve(pre: [Level], energyPlants: [Int], valuedFor party: String? = nil, post: [Level], fixedFlows: [Int: [Double]] = [:],
               evaporation fixedEvaporation: [[Double]]? = nil) throws(PlanError) -> PlanSolution {
        var capped = self
        var iterations = 0, solves = 0
        for round in 1...Self.maxSpillwayRounds {
            var plan = try capped.solveLevels(pre: pre, energyPlants: energyPlants, valuedFor: party, post: post,
                                              fixedFlows: fixedFlows, evaporation: fixedEvaporation)
            iterations += plan.iterations
            solves += plan.lpSolves
            var lowered = false
            for cap in spillCaps(in: plan, fixedFlows: fixedFlows) {
                var caps = capped.inputs.spillCaps[cap.node] ?? Array(repeating: .infinity, count: inputs.steps.count)
                let tolerance = Self.spillwayTolerance * max(1, abs(cap.upper))
                guard cap.upper < caps[cap.step] - tolerance else { continue }
                caps[cap.step] = cap.upper
                capped.inputs.spillCaps[cap.node] = caps
                lowered = true
            }
            if !lowered || round == Self.maxSpillwayRounds {
                plan.iterations = iterations
                plan.lpSolves = solves
                return plan
            }
        }
        throw .unsupported("a plan without rounds")  // not reached: the loop returns on its last round
    }

    /// For each spill in `plan` that leaves room below its reservoir's top, the flow (m³/s)
    /// that does not fit. Spills the caller fixed (an upstream state's, in an alone plan) are
    /// left as they are.
    func spillCaps(in plan: PlanSolution, fixedFlows: [Int: [Double]]) -> [(step: Int, node: Int, upper: Double)] {
        var caps: [(step: Int, node: Int, upper: Double)] = []
        for (s, storage) in inputs.network.storages.enumerated() {
            guard let node = storage.spillway, fixedFlows[node] == nil else { continue }
            for step in inputs.steps {
                let t = step.index, k = step.mm3PerCumec
                let spill = plan.nodeFlows[t][node]
                var top = inputs.maxVolume[t][s]
                if storage.aboveTargetPenalty > 0, let target = inputs.target[t][s] { top = min(top, target) }
                let tolerance = Self.spillwayTolerance * max(1, abs(top))
                guard spill * k > tolerance, top.isFinite else { continue }
                let room = top - plan.volumes[t][s]
                guard room > tolerance else { continue }
                caps.append((t, node, max(0, spill - room / k)))
            }
        }
        return caps
    }
}
