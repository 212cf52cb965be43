import AralModel

/// Keeps a storage's spillway (`Storage.spillway`) shut until the storage is at its top.
///
/// Why: a spill is water over the crest, not a second outlet. Priced like any link, the LP
/// opened it whenever a use downstream was worth more than the spill cost, so a half-full
/// reservoir delivered past its maximum release (found from outside). Whether a reservoir
/// ends full is only known after the solve, since its inflow may depend on releases
/// upstream, and "spill only when full" is not a linear constraint. So the rule is kept by
/// solving again: a spill that leaves room below the top is capped at the part that does not
/// fit (spill − room), until no spill leaves room. Steps where every open spillway belongs to
/// a full storage, nearly all of them, are solved once.
///
/// The top is the storage's maximum, or its rule-curve target when being above the target is
/// penalised (water over a flood-control curve goes over the crest: what the shipped models'
/// Charvak, Kairakkum and Nurek do in a wet June).
struct SpillwayRule {
    struct Gate {
        var storage: Int
        var node: Int
        var spillColumn: Int
        var storageColumn: Int
    }

    let gates: [Gate]
    /// Per storage, the volume (Mm³) at which its spillway may open this step; set by the
    /// simulation with the step's bounds.
    var top: [Double]
    /// Spill nodes capped this step: their bounds are given back at the next step.
    private(set) var capped: [Int] = []
    /// Solves per step at most, the first included; each round only lowers caps, and a round
    /// that lowers none ends the loop.
    static let maxRounds = 20
    /// Volumes closer than this (relative to the top, at least 1e-6 Mm³) count as equal.
    static let tolerance = 1e-6

    init(network: Network, problem: AllocationProblem) {
        gates = network.storages.enumerated().compactMap { s, storage in
            guard let node = storage.spillway else { return nil }
            return Gate(storage: s, node: node, spillColumn: problem.nodeColumn[node], storageColumn: problem.storageColumn[s])
        }
        top = Array(repeating: .infinity, count: network.storages.count)
    }

    /// The caps that keep the rule in solution `x` (flows per step, volumes / `k`): for each
    /// spill that leaves room below its storage's top, the flow that does not fit.
    func caps(in x: UnsafeBufferPointer<Double>, k: Double) -> [(node: Int, column: Int, upper: Double)] {
        var result: [(node: Int, column: Int, upper: Double)] = []
        for gate in gates {
            let spill = x[gate.spillColumn]
            let top = top[gate.storage]
            let tolerance = Self.tolerance * max(1, abs(top))
            guard spill * k > tolerance, top.isFinite else { continue }
            let room = top - x[gate.storageColumn] * k
            guard room > tolerance else { continue }
            result.append((gate.node, gate.spillColumn, max(0, spill - room / k)))
        }
        return result
    }

    mutating func noteCapped(_ node: Int) { if !capped.contains(node) { capped.append(node) } }

    /// The nodes capped last step, to give their bounds back; the list starts empty again.
    mutating func takeCapped() -> [Int] {
        defer { capped.removeAll(keepingCapacity: true) }
        return capped
    }
}
