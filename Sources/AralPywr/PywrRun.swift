public import AralModel
import AralSchema
public import AralSolver
import AralEngine

/// Per-step results of a Pywr model in Pywr's terms: every Pywr node's flow as its
/// `NumpyArrayNodeRecorder` reports it, every storage's end-of-step volume as its
/// `NumpyArrayStorageRecorder` reports it, and the recorders' totals.
public struct PywrResults: Sendable {
    public var model: PywrModel
    public var steps: [TimeStep]
    /// `flows[node][step]`, indexed like `model.nodes`.
    public var flows: [[Double]]
    /// End-of-step volume per node that has one (storages and licences), by node index.
    public var volumes: [Int: [Double]]
    public var worstMassBalanceResidual: Double

    /// One number per kept recorder (totals, means, energy), in file order.
    public var recorderValues: [(name: String, value: Double)] {
        model.recorders.compactMap { spec in
            guard let n = model.nodes.firstIndex(where: { $0.name == spec.node }) else { return nil }
            let f = flows[n]
            switch spec.kind {
            case .nodeFlow, .meanFlow:
                return (spec.name, f.isEmpty ? 0 : f.reduce(0, +) / Double(f.count))
            case .storageVolume:
                let v = volumes[n] ?? []
                return (spec.name, v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count))
            case .totalFlow:
                return (spec.name, zip(f, steps).reduce(0) { $0 + $1.0 * Double($1.1.days) })
            case .hydropowerEnergy(let head, let efficiency, let density, let conversion):
                // Pywr: power = ρ·q·g·H·η·conversion per day, energy = power × days.
                return (spec.name, zip(f, steps).reduce(0) { $0 + density * $1.0 * 9.81 * head * efficiency * conversion * Double($1.1.days) })
            }
        }
    }
}

/// Runs a compiled Pywr model (one scenario member) and collects its results.
public enum PywrRun {
    /// `scenario` gives one member index per scenario; empty runs Pywr's first combination.
    public static func run(_ model: PywrModel, solver: any LPSolver, scenario: [Int] = [],
                           makeDiagnosticSolver: (() -> any LPSolver)? = nil) throws -> PywrResults {
        var options = SimulationOptions()
        let first = model.combinations.first ?? []
        options.scenario = !scenario.isEmpty ? scenario
            : first.count == model.network.scenarios.count ? first : Array(repeating: 0, count: model.network.scenarios.count)
        let simulation = try Simulation(network: model.network, solver: solver, options: options,
                                        makeDiagnosticSolver: makeDiagnosticSolver)
        let recorder = PywrRecorder(model: model)
        try simulation.run(recorders: [recorder])
        return PywrResults(model: model, steps: recorder.steps, flows: recorder.flows, volumes: recorder.volumes,
                           worstMassBalanceResidual: simulation.worstMassBalanceResidual)
    }
}

/// Turns each step's network solution into Pywr node flows and volumes.
final class PywrRecorder: Recorder {
    let model: PywrModel
    var steps: [TimeStep] = []
    var flows: [[Double]]
    var volumes: [Int: [Double]] = [:]

    init(model: PywrModel) {
        self.model = model
        flows = Array(repeating: [], count: model.nodes.count)
    }

    func record(_ snapshot: borrowing StepSnapshot) {
        steps.append(snapshot.step)
        for (i, node) in model.nodes.enumerated() {
            var flow = 0.0
            for (term, coefficient) in node.flow {
                switch term {
                case .node(let n): flow += coefficient * snapshot.nodeFlows[n]
                case .edge(let e): flow += coefficient * snapshot.edgeFlows[e]
                }
            }
            if let active = node.activeSteps, snapshot.step.index < active.count, !active[snapshot.step.index] {
                flow = flows[i].last ?? 0
            }
            flows[i].append(flow)
            if let s = node.storage { volumes[i, default: []].append(snapshot.volumes[s]) }
            if let v = node.virtualStorage { volumes[i, default: []].append(snapshot.virtualVolumes[v]) }
        }
    }
}
