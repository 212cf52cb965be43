import AralModel

/// The balance of water in transit (`Network.flowDelays`), checked every step as a storage:
/// in transit at the end = in transit at the start + what left the source − what arrived at
/// the target. The volumes in transit are recomputed here from the source's own flows (kept
/// for the longest lag), not read from the delay's parameters, so an arrival that is early,
/// late or of the wrong size makes the balance fail, as a wrong LP makes a node's fail.
struct TransitBalance {
    let delays: [FlowDelay]
    /// Per delay, the volumes that left the source in the last K steps (newest first).
    private var left: [[Double]]
    /// Per delay, the volume in transit at the start of the next step (Mm³, or the network's unit).
    private(set) var volumes: [Double]

    init(network: Network) {
        delays = network.flowDelays
        let first = network.steps.first.map { network.units.volumePerFlow($0) } ?? 0
        left = delays.map { Array(repeating: $0.initialFlow * first, count: $0.maximumLag) }
        volumes = delays.map { $0.initialVolumeInTransit(volumePerFlow: first) }
    }

    var isEmpty: Bool { delays.isEmpty }

    /// Accounts for one step: `flow(n)` is node n's flow in it, `k` its volume per flow.
    /// Throws a mass-balance error naming the delay ("NAME (in transit)") when it does not close.
    mutating func account(step: TimeStep, k: Double, tolerance: Double, worst: inout Double,
                          flow: (Int) -> Double) throws(SimulationError) {
        for (d, delay) in delays.enumerated() {
            let start = volumes[d]
            let leaving = k * flow(delay.source)
            let entered = leaving * delay.delayedShare
            let arrived = k * flow(delay.target)
            left[d].insert(leaving, at: 0)
            left[d].removeLast()
            let end = delay.volumeInTransit(left: left[d])
            volumes[d] = end
            let residual = start + entered - arrived - end
            let scale = max(1, start, end, entered, arrived)
            if abs(residual) > worst * scale { worst = abs(residual) / scale }
            if !(abs(residual) <= tolerance * scale) {
                throw .massBalance(step: step.index, date: step.date, node: "\(delay.name) (in transit)",
                                   residual: residual, scale: scale)
            }
        }
    }
}
