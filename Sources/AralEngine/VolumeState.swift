import AralModel

/// What a run remembers of each volume target (`Network.volumeTargets`): the period it is in
/// and the volume delivered there so far; and how each period ended.
///
/// The rule for what remains (the run cannot see ahead; `docs/planning.md`, "Volumes over
/// periods"):
/// * **least volume, pro rata**: each step must pass the volume still owed, `min − delivered`,
///   spread over the period's remaining steps by their length. A step that falls short (its
///   penalty is outranked, or the river has no more) leaves more owed by the next steps, which
///   catch up; a step that passes more than its share leaves less.
/// * **most volume, as a licence** (Pywr's annual licences): a step may take all that is still
///   allowed, `max − delivered`; the cap only has to hold at the period's end.
struct VolumeState {
    let targets: [VolumeTarget]
    /// `cumulative[i]`: Σ volume per flow unit of steps 0..<i, so a period's remaining steps
    /// weigh `cumulative[last + 1] − cumulative[step]`.
    private let cumulative: [Double]
    /// Per target, the index of the period the run is in or before next.
    private var period: [Int]
    private var delivered: [Double]
    private(set) var outcomes: [VolumeOutcome] = []

    init(network: Network) {
        targets = network.volumeTargets
        var sum = 0.0
        var cumulative = [0.0]
        for step in network.steps {
            sum += network.units.volumePerFlow(step)
            cumulative.append(sum)
        }
        self.cumulative = cumulative
        period = Array(repeating: 0, count: targets.count)
        delivered = Array(repeating: 0, count: targets.count)
    }

    /// Row bounds (flow units) of target `v` at `step`, whose volume per flow unit is `k`;
    /// nil outside its periods (the row is then free).
    mutating func bounds(_ v: Int, step: TimeStep, k: Double) -> (lower: Double, upper: Double)? {
        let periods = targets[v].periods
        var p = period[v]
        while p < periods.count && periods[p].last < step.index { p += 1 }
        period[v] = p
        guard p < periods.count, periods[p].first <= step.index else { return nil }
        let current = periods[p]
        if step.index == current.first { delivered[v] = 0 }
        let remaining = cumulative[current.last + 1] - cumulative[step.index]
        let lower = current.minVolume.map { max(0, $0 - delivered[v]) / remaining } ?? -.infinity
        let upper = current.maxVolume.map { max(0, $0 - delivered[v]) / k } ?? .infinity
        return (lower, upper)
    }

    /// Adds the step's flows through each target's nodes to its period; records the outcome
    /// of a period that ends with this step.
    mutating func account(step: TimeStep, k: Double, flow: (Int) -> Double) {
        for (v, target) in targets.enumerated() {
            let p = period[v]
            guard p < target.periods.count, target.periods[p].first <= step.index, step.index <= target.periods[p].last else { continue }
            var sum = 0.0
            for n in target.nodes { sum += flow(n) }
            delivered[v] += sum * k
            if step.index == target.periods[p].last {
                outcomes.append(VolumeOutcome(target: target.name, period: target.periods[p], volume: delivered[v]))
            }
        }
    }
}
