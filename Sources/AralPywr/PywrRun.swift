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

    /// Position of this run's scenario combination in Pywr's order (`global_id`).
    public var combination: Int = 0
    /// Pywr's `values()` of each recorder for this combination, indexed like `model.recorders`.
    public var recorderValues: [Double] = []
    /// The per-step record of each array recorder (Pywr's `data` column), by recorder index.
    public var recorderData: [Int: [Double]] = [:]
    /// Per-step values of the parameters result files record, by network parameter index.
    public var parameterSeries: [Int: [Double]] = [:]
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
        let combination = model.combinations.firstIndex(of: options.scenario) ?? 0
        let state = PywrRecorderState(definitions: model.recorders, combination: combination, members: options.scenario)
        let recorder = PywrRecorder(model: model, state: state)
        try simulation.run(recorders: [recorder])
        var results = PywrResults(model: model, steps: recorder.steps, flows: recorder.flows, volumes: recorder.volumes,
                                  worstMassBalanceResidual: simulation.worstMassBalanceResidual)
        results.combination = combination
        results.recorderValues = state.values()
        for r in model.recorders.indices { if let data = state.data(r) { results.recorderData[r] = data } }
        results.parameterSeries = recorder.parameterSeries
        return results
    }
}

/// Turns each step's network solution into Pywr node flows and volumes, and passes them
/// to the file's recorders.
final class PywrRecorder: Recorder {
    let model: PywrModel
    let state: PywrRecorderState?
    var steps: [TimeStep] = []
    var flows: [[Double]]
    var volumes: [Int: [Double]] = [:]
    /// Per-step values of the parameters a result file records (`tablesrecorder`).
    var parameterSeries: [Int: [Double]] = [:]
    private let trackedParameters: [Int]
    /// This step's flow and volume (NaN where none) of every Pywr node, for the recorders.
    private var stepFlows: [Double]
    private var stepVolumes: [Double]

    init(model: PywrModel, state: PywrRecorderState? = nil) {
        self.model = model
        self.state = state
        flows = Array(repeating: [], count: model.nodes.count)
        stepFlows = Array(repeating: 0, count: model.nodes.count)
        stepVolumes = Array(repeating: .nan, count: model.nodes.count)
        var tracked: Set<Int> = []
        for file in model.resultFiles {
            for column in file.columns {
                if case .parameter(.parameter(let i), _, _) = column.source { tracked.insert(i) }
            }
        }
        trackedParameters = tracked.sorted()
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
            stepFlows[i] = flow
            if let s = node.storage { stepVolumes[i] = snapshot.volumes[s] }
            if let v = node.virtualStorage { stepVolumes[i] = snapshot.virtualVolumes[v] }
            if node.storage != nil || node.virtualStorage != nil { volumes[i, default: []].append(stepVolumes[i]) }
        }
        for p in trackedParameters where p < snapshot.parameterValues.count {
            parameterSeries[p, default: []].append(snapshot.parameterValues[p])
        }
        state?.record(step: snapshot.step, flows: stepFlows, volumes: stepVolumes,
                      maxFlows: snapshot.nodeMaxFlows, parameters: snapshot.parameterValues)
    }
}
