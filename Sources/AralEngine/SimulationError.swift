public import AralModel
public import AralSolver

/// Why a run stopped, with the step and the nodes involved, never a bare solver code.
public enum SimulationError: Error, Sendable, CustomStringConvertible {
    /// The step's constraints cannot all hold. `culprits` lists the constraints that had to
    /// be relaxed to find a solution, with how far (in flow units).
    case infeasible(step: Int, date: CivilDate, culprits: [Culprit])
    case unbounded(step: Int, date: CivilDate)
    case solverFailed(step: Int, date: CivilDate, status: SolveStatus)
    case massBalance(step: Int, date: CivilDate, node: String, residual: Double, scale: Double)
    case badBounds(step: Int, date: CivilDate, node: String, detail: String)
    /// A storage ended outside its bounds beyond `Simulation.storageBoundTolerance` (not by
    /// a physical shortfall): the LP or its solution is wrong, as for a mass-balance error.
    case storageBounds(step: Int, date: CivilDate, node: String, detail: String)
    case dumpFailed(path: String, reason: String)
    case cancelled(step: Int)

    public struct Culprit: Sendable, CustomStringConvertible {
        public var node: String
        public var what: String
        /// How much the constraint had to give: positive means more water was needed there
        /// than could arrive, negative means more arrived than could leave.
        public var violation: Double
        public var description: String {
            let amount = abs(violation) < 1e-3 ? String(violation) : String(format3(violation))
            return "\(what) at '\(node)' (off by \(amount))"
        }
    }

    public var description: String {
        switch self {
        case .infeasible(let step, let date, let culprits):
            var text = "step \(step) (\(date)): no allocation satisfies every constraint."
            if culprits.isEmpty {
                text += " The bounds of the nodes conflict; dump the LP with --dump-lp \(step) FILE.mps to inspect it."
            } else {
                text += " These constraints cannot all hold:\n" + culprits.map { "  - \($0)" }.joined(separator: "\n")
                text += "\nCheck minimum flows, fixed inflows and capacities around these nodes."
            }
            return text
        case .unbounded(let step, let date):
            return "step \(step) (\(date)): the allocation is unbounded; a loop of nodes with negative costs and no maximum flow lets benefit grow without end. Give those nodes a maximum flow (below 1e20: the LP solver reads a larger one as none)."
        case .solverFailed(let step, let date, let status):
            return "step \(step) (\(date)): the LP solver stopped without a solution (\(status))."
        case .massBalance(let step, let date, let node, let residual, let scale):
            return "step \(step) (\(date)): mass balance does not close at '\(node)': in − out − Δstorage − losses = \(residual) (relative \(abs(residual) / max(scale, 1)))."
        case .badBounds(let step, let date, let node, let detail):
            return "step \(step) (\(date)): '\(node)': \(detail)"
        case .storageBounds(let step, let date, let node, let detail):
            return "step \(step) (\(date)): storage '\(node)' \(detail) (tolerance \(Simulation.storageBoundTolerance) relative)."
        case .dumpFailed(let path, let reason):
            return "could not write the LP to \(path): \(reason)"
        case .cancelled(let step):
            return "run cancelled at step \(step)"
        }
    }
}

/// Formats a number with three decimals without Foundation.
func format3(_ x: Double) -> String {
    // Beyond 1e15 (or not finite) three decimals mean nothing and `Int(_:)` would trap.
    guard x.isFinite, abs(x) < 1e15 else { return String(x) }
    let scaled = (x * 1000).rounded()
    let sign = scaled < 0 ? "-" : ""
    let a = abs(scaled)
    let whole = Int(a / 1000), frac = Int(a.truncatingRemainder(dividingBy: 1000))
    let fracText = String(frac)
    return "\(sign)\(whole).\(String(repeating: "0", count: 3 - fracText.count))\(fracText)"
}
