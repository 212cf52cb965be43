public import AralModel
import AralSchema
public import AralSolver
public import AralEngine

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
    /// Steps run (`steps.count` when the per-step results were kept).
    public var stepCount: Int = 0
    /// Each Pywr node's mean flow over the run (Σ flow ÷ steps, summed in step order, so it
    /// is the same number whether or not `flows` was kept), indexed like `model.nodes`.
    public var meanFlows: [Double] = []
    /// Each storage's and licence's end-of-run volume, by node index.
    public var finalVolumes: [Int: Double] = [:]
    /// Per `network.flowDelays` (Pywr's delay nodes), the flow × days still in transit at the
    /// end of the run: it would arrive after the run (reported, not lost).
    public var volumesInTransit: [Double] = []

    /// Position of this run's scenario combination in Pywr's order (`global_id`).
    public var combination: Int = 0
    /// Pywr's `values()` of each recorder for this combination, indexed like `model.recorders`.
    public var recorderValues: [Double] = []
    /// The per-step record of each array recorder (Pywr's `data` column), by recorder index.
    public var recorderData: [Int: [Double]] = [:]
    /// Per-step values of the parameters result files record, by network parameter index.
    public var parameterSeries: [Int: [Double]] = [:]
}

/// What a run keeps besides its streamed figures (mean flows, final volumes, recorder values).
public struct PywrRetention: Sendable, Equatable {
    /// Every node's flow and volume at every step, and the step dates (`--csv`, result files).
    public var perStep: Bool
    /// The per-step record of array recorders (printed by `--json`).
    public var recorderData: Bool

    public init(perStep: Bool, recorderData: Bool) {
        self.perStep = perStep
        self.recorderData = recorderData
    }

    /// Everything: what a single run and the tests use.
    public static let all = PywrRetention(perStep: true, recorderData: true)
    /// Only the streamed figures: memory does not grow with the run's length or its combinations.
    public static let streamed = PywrRetention(perStep: false, recorderData: false)
}

/// Runs a compiled Pywr model (one scenario member) and collects its results.
public enum PywrRun {
    /// `scenario` gives one member index per scenario; empty runs Pywr's first combination.
    /// `problem`, when given, is the model's LP layout shared by several runs (it depends on
    /// the network only, not on the scenario member). `shouldContinue` is asked between steps.
    public static func run(_ model: PywrModel, solver: any LPSolver, scenario: [Int] = [],
                           retaining retention: PywrRetention = .all,
                           problem: AllocationProblem? = nil,
                           makeDiagnosticSolver: (() -> any LPSolver)? = nil,
                           shouldContinue: (() -> Bool)? = nil) throws -> PywrResults {
        var options = SimulationOptions()
        let first = model.combinations.first ?? []
        options.scenario = !scenario.isEmpty ? scenario
            : first.count == model.network.scenarios.count ? first : Array(repeating: 0, count: model.network.scenarios.count)
        let simulation = try Simulation(network: model.network, solver: solver, options: options, problem: problem,
                                        makeDiagnosticSolver: makeDiagnosticSolver)
        let combination = model.combinations.firstIndex(of: options.scenario) ?? 0
        let state = PywrRecorderState(definitions: model.recorders, combination: combination, members: options.scenario)
        let recorder = PywrRecorder(model: model, state: state, keepsSteps: retention.perStep)
        try simulation.run(recorders: [recorder], shouldContinue: shouldContinue)
        var results = PywrResults(model: model, steps: recorder.steps, flows: recorder.flows, volumes: recorder.volumes,
                                  worstMassBalanceResidual: simulation.worstMassBalanceResidual)
        results.stepCount = recorder.stepCount
        results.meanFlows = recorder.flowSums.map { recorder.stepCount == 0 ? 0 : $0 / Double(recorder.stepCount) }
        results.finalVolumes = recorder.finalVolumes
        results.volumesInTransit = simulation.volumesInTransit
        results.combination = combination
        results.recorderValues = state.values()
        if retention.recorderData {
            for r in model.recorders.indices { if let data = state.data(r) { results.recorderData[r] = data } }
        }
        results.parameterSeries = recorder.parameterSeries
        return results
    }
}

/// Turns each step's network solution into Pywr node flows and volumes, and passes them
/// to the file's recorders. It streams: per node it keeps a running sum of flows, the last
/// flow and the last volume; the whole record only with `keepsSteps`.
final class PywrRecorder: Recorder {
    let model: PywrModel
    let state: PywrRecorderState?
    let keepsSteps: Bool
    var steps: [TimeStep] = []
    private(set) var stepCount = 0
    /// Σ flow per node, added in step order (the mean's numerator).
    private(set) var flowSums: [Double]
    /// The latest volume of every node that has one, by node index.
    var finalVolumes: [Int: Double] {
        var out: [Int: Double] = [:]
        guard stepCount > 0 else { return out }
        for (i, node) in model.nodes.enumerated() where node.storage != nil || node.virtualStorage != nil {
            out[i] = stepVolumes[i]
        }
        return out
    }
    var flows: [[Double]]
    var volumes: [Int: [Double]] = [:]
    /// Per-step values of the parameters a result file records (`tablesrecorder`).
    var parameterSeries: [Int: [Double]] = [:]
    private let trackedParameters: [Int]
    /// This step's flow and volume (NaN where none) of every Pywr node, for the recorders.
    private var stepFlows: [Double]
    private var stepVolumes: [Double]
    /// The nodes' flow terms, flattened once so that a step reads no `PywrNodeOutput` (copying
    /// one per node and step retained its name, type and term list: a fifth of a step on a
    /// 74-node model). Node i's terms are `termStart[i]..<termStart[i + 1]`, in its order, so
    /// every flow is summed exactly as before.
    private let termStart: [Int]
    private let termIsEdge: [Bool]
    private let termIndex: [Int]
    private let termCoefficient: [Double]
    /// Per node, its storage's and virtual storage's index, or -1.
    private let nodeStorage: [Int]
    private let nodeVirtual: [Int]
    /// The nodes that are switched off at some steps, with the steps they are on.
    private let switchable: [(node: Int, active: [Bool])]
    /// Whether node i has a volume (a storage or a licence).
    private let hasVolume: [Bool]

    init(model: PywrModel, state: PywrRecorderState? = nil, keepsSteps: Bool = true) {
        self.model = model
        self.state = state
        self.keepsSteps = keepsSteps
        flows = Array(repeating: [], count: model.nodes.count)
        flowSums = Array(repeating: 0, count: model.nodes.count)
        stepFlows = Array(repeating: 0, count: model.nodes.count)
        stepVolumes = Array(repeating: .nan, count: model.nodes.count)
        var tracked: Set<Int> = []
        for file in model.resultFiles {
            for column in file.columns {
                if case .parameter(.parameter(let i), _, _) = column.source { tracked.insert(i) }
            }
        }
        trackedParameters = tracked.sorted()
        var starts = [0], isEdge: [Bool] = [], indices: [Int] = [], coefficients: [Double] = []
        for node in model.nodes {
            for (term, coefficient) in node.flow {
                switch term {
                case .node(let n): isEdge.append(false); indices.append(n)
                case .edge(let e): isEdge.append(true); indices.append(e)
                }
                coefficients.append(coefficient)
            }
            starts.append(indices.count)
        }
        termStart = starts
        termIsEdge = isEdge
        termIndex = indices
        termCoefficient = coefficients
        nodeStorage = model.nodes.map { $0.storage ?? -1 }
        nodeVirtual = model.nodes.map { $0.virtualStorage ?? -1 }
        switchable = model.nodes.indices.compactMap { i in model.nodes[i].activeSteps.map { (i, $0) } }
        hasVolume = model.nodes.map { $0.storage != nil || $0.virtualStorage != nil }
    }

    func record(_ snapshot: borrowing StepSnapshot) {
        if keepsSteps { steps.append(snapshot.step) }
        let first = stepCount == 0
        stepCount += 1
        let index = snapshot.step.index
        // A switched-off node keeps its last flow (0 before any): read before this step's.
        var kept: [(node: Int, flow: Double)] = []
        for (node, active) in switchable where index < active.count && !active[index] {
            kept.append((node, first ? 0 : stepFlows[node]))
        }
        let nodeFlows = snapshot.nodeFlows, edgeFlows = snapshot.edgeFlows
        stepFlows.withUnsafeMutableBufferPointer { stepFlows in
            flowSums.withUnsafeMutableBufferPointer { flowSums in
                for i in 0..<stepFlows.count {
                    var flow = 0.0
                    for t in termStart[i]..<termStart[i + 1] {
                        flow += termCoefficient[t] * (termIsEdge[t] ? edgeFlows[termIndex[t]] : nodeFlows[termIndex[t]])
                    }
                    stepFlows[i] = flow
                }
                for (node, flow) in kept { stepFlows[node] = flow }
                for i in 0..<stepFlows.count { flowSums[i] += stepFlows[i] }
            }
        }
        for i in nodeStorage.indices {
            if nodeStorage[i] >= 0 { stepVolumes[i] = snapshot.volumes[nodeStorage[i]] }
            if nodeVirtual[i] >= 0 { stepVolumes[i] = snapshot.virtualVolumes[nodeVirtual[i]] }
        }
        if keepsSteps {
            for i in stepFlows.indices {
                flows[i].append(stepFlows[i])
                if hasVolume[i] { volumes[i, default: []].append(stepVolumes[i]) }
            }
        }
        for p in trackedParameters where keepsSteps && p < snapshot.parameterValues.count {
            parameterSeries[p, default: []].append(snapshot.parameterValues[p])
        }
        state?.record(step: snapshot.step, flows: stepFlows, volumes: stepVolumes,
                      maxFlows: snapshot.nodeMaxFlows, parameters: snapshot.parameterValues)
    }
}
