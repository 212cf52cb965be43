import AralModel

/// A demand's `returnDelay`: which share of its return water reaches `returnTo` in the same
/// step (through an edge the LP sees) and which arrives whole steps later (through a
/// `FlowDelay`: an input node whose flow the engine knows before the step, because the water
/// left before it). Every bad value is reported at its key path.
extension BasinCompiler {
    /// A demand's delayed return, connected in `compileEdges` once its `returnTo` node exists.
    struct PendingDelay {
        var source: Int
        var name: String
        var target: String
        var path: String
        /// Share of the withdrawal arriving 1, 2, … K steps later.
        var fractions: [Double]
        var initialFlow: Double
    }

    /// The shares of the return water by lag (index k: arrives k steps later, k = 0 in the
    /// same step), summing to 1; `[1]` without a delay or when the delay is invalid (the
    /// problem is reported).
    func returnShares(_ nd: NodeDocument, path: String, _ c: inout CompileContext) -> [Double] {
        guard let delay = nd.returnDelay else { return [1] }
        let runLength = c.steps.count
        // The run's dates, so that a plan's short horizon (`aral plan --from … --to …` over one
        // month) reads as the cause rather than the model's delay (found from outside).
        let run = c.steps.first.map { first in
            "the run: \(runLength) step\(runLength == 1 ? "" : "s"), \(first.date) to \(c.steps[c.steps.count - 1].date)"
        } ?? "the run: no steps"
        func tooLong(_ lag: String) -> String {
            "\(lag) steps is longer than \(run); the water would never arrive: give a longer run (or plan horizon) or a shorter delay"
        }
        switch (delay.steps, delay.shares) {
        case (nil, nil):
            c.add(path, "give 'steps' (all return water arrives that many steps later) or 'shares' (by step: 0, 1, 2, …)")
            return [1]
        case (.some, .some):
            c.add(path, "give either 'steps' or 'shares', not both")
            return [1]
        case (let steps?, nil):
            guard steps >= 0, steps.rounded() == steps, steps.isFinite else {
                c.add("\(path).steps", "must be a whole number of steps ≥ 0; got \(steps)")
                return [1]
            }
            // Compared as Doubles: a delay beyond Int's range (1e29 steps) must be refused, not trap in `Int(_:)`.
            guard steps < Double(runLength) else {
                c.add("\(path).steps", tooLong(shortNumber(steps)))
                return [1]
            }
            return Array(repeating: 0, count: Int(steps)) + [1]
        case (nil, let shares?):
            guard !shares.isEmpty else {
                c.add("\(path).shares", "needs at least one share (index k: the share arriving k steps later)")
                return [1]
            }
            var valid = true
            for (k, share) in shares.enumerated() where !(share >= 0 && share <= 1) {
                c.add("\(path).shares[\(k)]", "must be between 0 and 1; got \(share)")
                valid = false
            }
            let total = shares.reduce(0, +)
            if valid, abs(total - 1) > Self.returnShareSumTolerance {
                c.add("\(path).shares", "shares sum to \(total), not 1: every drop returned must arrive once")
                valid = false
            }
            if shares.count - 1 >= runLength {
                c.add("\(path).shares", tooLong(String(shares.count - 1)))
                valid = false
            }
            return valid ? shares : [1]
        }
    }

    /// How far the shares of a delay may sum from 1 (the rest would be water created or lost).
    static let returnShareSumTolerance = 1e-9

    /// The largest withdrawal a delay may assume before the run, m³/s.
    static let largestWithdrawal = 1e7

    /// The withdrawal assumed in each step before the run (m³/s), checked.
    func initialDelayFlow(_ nd: NodeDocument, path: String, _ c: inout CompileContext) -> Double {
        guard let flow = nd.returnDelay?.initialFlow else { return 0 }
        guard flow >= 0, flow.isFinite else {
            c.add("\(path).initialFlow", "must be a flow ≥ 0 (m³/s); got \(flow)")
            return 0
        }
        // 1e29 m³/s ran, and the relative mass balance "closed" around 1e26 Mm³ reaching the
        // Arnasay (found from outside). The bound is far above any river's flow.
        guard flow <= Self.largestWithdrawal else {
            c.add("\(path).initialFlow", "\(shortNumber(flow)) m³/s is no withdrawal (at most \(shortNumber(Self.largestWithdrawal)) m³/s; the Amazon carries 2e5): the return water assumed before the run, in m³/s")
            return 0
        }
        return flow
    }

    /// Joins each delayed return: a new input node at the `returnTo` node's entry, fed by the
    /// delay's arrival parameter.
    func connectDelays(_ c: inout CompileContext) {
        for d in c.pendingDelays {
            guard let b = c.entry[d.target] else {
                // Reported with the same-step return when there is one.
                if !c.pendingReturns.contains(where: { $0.path == d.path }) {
                    c.add(d.path, c.indexByName[d.target] == nil
                          ? "'\(d.target)' is not a node\(didYouMean(d.target, among: c.indexByName.keys))"
                          : "'\(d.target)' cannot receive water")
                }
                continue
            }
            let arrival = c.net.addDelay(name: d.name, source: d.source, targetName: "\(d.name) (delayed return)",
                                         role: .internalPart(parent: d.name, part: "delayed return"),
                                         fractions: d.fractions, initialFlow: d.initialFlow)
            c.net.connect(arrival, b)
        }
    }
}
