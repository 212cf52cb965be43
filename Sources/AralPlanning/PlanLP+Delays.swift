public import AralModel

/// Return water that arrives whole steps after it left (`Network.flowDelays`) in the plan:
/// the arrival is a variable tied to the source's earlier flows, since the plan decides
/// those flows too (the step LP instead sees a fixed inflow, the past being known).
extension PlanLP {
    /// Per delay and step t: k_t·arrival_t = Σ_j f_j·k_{t−j}·source_{t−j}, where the steps
    /// before the horizon carry the delay's `initialFlow` over the first step's length.
    func addDelayRows(_ b: inout SparseBuilder, network net: Network) {
        let steps = net.steps
        guard let first = steps.first else { return }
        for delay in net.flowDelays {
            for step in steps {
                let t = step.index
                var terms: [(column: Int, value: Double)] = [(nodeColumn[t][delay.target], step.mm3PerCumec)]
                var before = 0.0
                for (j, fraction) in zip(1..., delay.fractions) where fraction > 0 {
                    if t - j >= 0 {
                        terms.append((nodeColumn[t - j][delay.source], -fraction * steps[t - j].mm3PerCumec))
                    } else {
                        before += fraction * delay.initialFlow * first.mm3PerCumec
                    }
                }
                b.addRow(lower: before, upper: before, terms: terms)
            }
        }
    }
}

extension PlanSolution {
    /// Per `network.flowDelays`, the volume (Mm³) that left its source within the horizon
    /// (or before it) and arrives after the horizon's end: reported, not lost.
    public func volumesInTransitAtEnd(of network: Network) -> [Double] {
        guard let first = steps.first else { return network.flowDelays.map { _ in 0 } }
        return network.flowDelays.map { delay in
            let left = (0..<delay.maximumLag).map { i -> Double in
                let t = steps.count - 1 - i
                return t >= 0 ? nodeFlows[t][delay.source] * steps[t].mm3PerCumec : delay.initialFlow * first.mm3PerCumec
            }
            return delay.volumeInTransit(left: left)
        }
    }
}
