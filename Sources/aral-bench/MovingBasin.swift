import AralEngine
import Foundation
import AralModel
import AralSchema

/// The synthetic basin made to move every day (`aral-bench engine --moving`, issue 18 goal 3).
///
/// Why: on `SyntheticBasin` as written, inflows and rule curves are monthly, so within a month
/// only evaporation moves and 98% of the steps keep their basis — the easy case. Here every
/// inflow is a daily series (its monthly value times a factor in 0.8…1.2, new each day) and
/// every reservoir's rule-curve target (penalised above as below) moves each day along a
/// seasonal wave between 45% and 75% of its capacity, so every step changes every inflow bound and every storage row, and
/// no reservoir sits at its minimum or maximum (`BoundDays` counts the days one does).
enum MovingBasin {
    /// The network of `basin` (a `SyntheticBasin` model) with daily inflows and targets.
    static func network(_ basin: BasinModel, seed: UInt64 = 7) -> Network {
        var net = basin.network
        let steps = net.steps
        var rng = SplitMix64(seed: seed)
        for element in basin.elements where element.kind == .inflow {
            guard let node = element.node else { continue }
            let base = net.nodes[node].maxFlow
            let values = steps.map { step in net.scheduledValue(base, at: step.index) * (0.8 + 0.4 * rng.unit()) }
            let daily = net.addParameter(StepSeriesParameter(label: "daily \(element.name)", values: values))
            net.nodes[node].minFlow = daily
            net.nodes[node].maxFlow = daily
        }
        for s in net.storages.indices where net.storages[s].target != nil {
            let capacity = net.scheduledValue(net.storages[s].maxVolume, at: 0)
            let values = steps.map { step in
                capacity * (0.6 + 0.15 * sin(2 * Double.pi * Double(step.date.dayNumber) / 365.25))
            }
            net.storages[s].target = net.addParameter(StepSeriesParameter(label: "daily target \(s)", values: values))
            // Penalised on both sides, so a reservoir follows its target instead of filling up.
            net.storages[s].aboveTargetPenalty = net.storages[s].belowTargetPenalty
        }
        return net
    }
}

/// Counts the reservoir-days that end at a storage's minimum or maximum (within `tolerance`
/// Mm³), to show that a basin moves.
final class BoundDays: Recorder {
    static let tolerance = 1e-6
    private(set) var count = 0
    private var minimum: [Double] = [], maximum: [Double] = []
    private var network: Network?

    func begin(network: Network) {
        self.network = network
    }

    func record(_ snapshot: borrowing StepSnapshot) {
        guard let network else { return }
        for s in network.storages.indices {
            let v = snapshot.volumes[s]
            let lo = network.scheduledValue(network.storages[s].minVolume, at: snapshot.step.index)
            let hi = network.scheduledValue(network.storages[s].maxVolume, at: snapshot.step.index)
            if v <= lo + Self.tolerance || v >= hi - Self.tolerance { count += 1 }
        }
    }
}
