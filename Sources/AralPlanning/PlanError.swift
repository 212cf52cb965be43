public import AralModel
public import AralSchema
public import AralSolver
import Foundation

/// Why a plan could not be made. Input problems carry key paths (like the compiler's); an
/// unmeetable policy names the node, the step and the shortfall instead of a solver code.
public enum PlanError: Error, Sendable, CustomStringConvertible {
    /// The model or policy is invalid; each issue names its key path.
    case invalidInput(ModelValidationError)
    /// Hard minimums (environmental flows, minimum flows and releases) that no operation of
    /// the basin can meet; the largest shortfalls first.
    case infeasible([Shortfall])
    /// The LP of a level did not solve (should not happen on a valid model; kept honest).
    case solverFailed(level: String, status: SolveStatus)
    /// The network uses a feature the planner does not model.
    case unsupported(String)
    /// The solved plan's water does not close at a node and step (`PlanMassBalance`).
    case massBalance(node: String, step: Int, date: CivilDate, residual: Double, scale: Double)

    /// A minimum that cannot be met at one step.
    public struct Shortfall: Sendable, Hashable, CustomStringConvertible {
        /// The user's node (a reservoir for its minimum release).
        public var node: String
        /// What the minimum is (`environmental flow`, `minimum flow`, `minimum release`).
        public var what: String
        public var step: Int
        public var date: CivilDate
        /// Required minimum and the shortfall, m³/s.
        public var requiredM3s: Double
        public var shortfallM3s: Double

        public var description: String {
            "\(node): \(what) of \(format(requiredM3s)) m³/s cannot be met at step \(step) (\(date)): short by \(format(shortfallM3s)) m³/s"
        }
    }

    public var description: String {
        switch self {
        case .invalidInput(let error):
            return error.description
        case .infeasible(let shortfalls):
            let lines = shortfalls.prefix(20).map { "  \($0)" }
            let more = shortfalls.count > 20 ? ["  … and \(shortfalls.count - 20) more"] : []
            return (["the policy cannot be met: there is not enough water for these minimums"] + lines + more)
                .joined(separator: "\n")
        case .solverFailed(let level, let status):
            return "the LP of level '\(level)' did not solve (\(status))"
        case .unsupported(let what):
            return "the planner does not support \(what)"
        case .massBalance(let node, let step, let date, let residual, let scale):
            return "mass balance does not close at '\(node)', step \(step) (\(date)): inflow − outflow − losses − storage change = \(format(residual)) (relative \(String(format: "%.1e", abs(residual) / max(1, scale))), tolerance \(String(format: "%.0e", PlanMassBalance.tolerance))); the plan is not reported"
        }
    }
}

/// Two significant decimals for messages.
func format(_ x: Double) -> String {
    let rounded = (x * 100).rounded() / 100
    return rounded == rounded.rounded() && abs(rounded) < 1e15 ? String(Int(rounded)) : String(rounded)
}
