import AralModel
import AralSchema

/// The summary of a Pywr run, as `aral run MODEL.json --json` prints it and the server stores
/// it: per node the mean flow (and final volume), the recorders Aral computed and those it did
/// not. One type, so the CLI and the server cannot drift apart.
public struct PywrRunSummary: Codable, Sendable, Equatable {
    public struct NodeLine: Codable, Sendable, Equatable {
        public var name: String
        public var type: String
        public var meanFlow: Double
        public var finalVolume: Double?
    }

    /// One recorder: Pywr's `aggregated_value()` (`value`), its `values()` per scenario
    /// combination, and for array recorders the per-step record of every combination.
    public struct RecorderLine: Codable, Sendable, Equatable {
        public var name: String
        public var value: Double
        public var type: String?
        public var values: [Double]?
        public var aggregation: String?
        public var objective: String?
        public var comment: String?
        public var data: [[Double]]?
    }

    public var model: String
    public var steps: Int
    public var seconds: Double
    public var nodes: [NodeLine]
    public var recorders: [RecorderLine]
    public var ignoredRecorders: [String]
    /// The result files written by the file's `csvrecorder`s and `tablesrecorder`s.
    public var resultFiles: [String]?
    public var worstMassBalanceResidual: Double

    public init(_ r: PywrResults, seconds: Double) {
        self.init(ensemble: [r], seconds: seconds)
    }

    /// The summary of one or more scenario combinations (nodes from the first; recorders
    /// aggregated over all of them with each recorder's `agg_func`, as Pywr does).
    public init(ensemble: [PywrResults], seconds: Double) {
        precondition(!ensemble.isEmpty, "a summary needs at least one scenario combination")
        let r = ensemble[0]
        model = r.model.network.name
        steps = r.stepCount
        self.seconds = seconds
        // The run's streamed figures, the same numbers as the per-step record would give
        // (summed in step order), so the summary needs no per-step results.
        nodes = r.model.nodes.enumerated().map { i, node in
            NodeLine(name: node.name, type: node.type, meanFlow: i < r.meanFlows.count ? r.meanFlows[i] : 0,
                     finalVolume: r.finalVolumes[i])
        }
        recorders = r.model.recorders.enumerated().map { i, d in
            let values = ensemble.map { i < $0.recorderValues.count ? $0.recorderValues[i] : .nan }
            // Array records are in the summary only when the run kept them (`PywrRetention`).
            let kept = d.isStepArray && ensemble.contains { $0.recorderData[i] != nil }
            let data = kept ? ensemble.map { $0.recorderData[i] ?? [] } : nil
            return RecorderLine(name: d.name, value: d.scenarioAggregation.aggregate(values), type: d.type, values: values,
                                aggregation: d.scenarioAggregation.description, objective: d.objective, comment: d.comment, data: data)
        }
        ignoredRecorders = r.model.ignoredRecorders
        resultFiles = r.model.resultFiles.map(\.path)
        worstMassBalanceResidual = r.worstMassBalanceResidual
    }
}
