public import AralModel

/// The water of a solved plan, node by node and step by step: what entered a node left it, was
/// lost on the way, or changed its storage (with evaporation). Checked from the solution's
/// values, not from the LP's rows, so a wrong row, a lost column or a solver that stopped short
/// shows as a node that does not close (the same rule as a run's `Simulation.checkMassBalance`).
///
/// Why a check of its own: a plan's LP carries the balance as equality rows, and the brief asks
/// every run to prove its water closes; the plan printed no such line and checked nothing after
/// solving (found from outside).
public enum PlanMassBalance {
    /// Relative residual a node may keep (as a run's): |residual| ≤ tolerance × max(1, scale).
    public static let tolerance = 1e-6

    /// The largest relative residual over every node and step, or the first node that does not close.
    public static func check(network: Network, steps: [TimeStep], nodeFlows: [[Double]], edgeFlows: [[Double]],
                             volumes: [[Double]], evaporation: [[Double]]) throws(PlanError) -> Double {
        var hasOut = [Bool](repeating: false, count: network.nodes.count)
        for edge in network.edges { hasOut[edge.from] = true }
        var worst = 0.0
        for (t, step) in steps.enumerated() {
            var ins = [Double](repeating: 0, count: network.nodes.count), outs = ins
            for (e, edge) in network.edges.enumerated() {
                outs[edge.from] += edgeFlows[t][e]
                ins[edge.to] += edgeFlows[t][e]
            }
            let k = step.mm3PerCumec
            for (n, node) in network.nodes.enumerated() {
                let flow = nodeFlows[t][n]
                var residual: Double, scale: Double
                if let s = node.storageIndex {
                    let start = t == 0 ? network.storages[s].initialVolume : volumes[t - 1][s]
                    let end = volumes[t][s]
                    residual = k * (ins[n] - outs[n]) - (end - start) - evaporation[s][t]
                    scale = max(start, end, k * ins[n], k * outs[n])
                } else {
                    switch node.kind {
                    case .input:
                        residual = flow - outs[n]
                        scale = max(abs(flow), outs[n])
                    case .output where !hasOut[n]:
                        residual = ins[n] - flow
                        scale = max(ins[n], abs(flow))
                    default:
                        residual = ins[n] - outs[n] - (1 - node.efficiency) * flow
                        scale = max(ins[n], outs[n])
                        if abs(ins[n] - flow) > tolerance * max(1, abs(flow)) { residual = ins[n] - flow }
                    }
                }
                let size = max(1, scale)
                worst = max(worst, abs(residual) / size)
                guard abs(residual) <= tolerance * size else {
                    throw .massBalance(node: node.name, step: t, date: step.date, residual: residual, scale: scale)
                }
            }
        }
        return worst
    }
}
