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

    public struct RecorderLine: Codable, Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    public var model: String
    public var steps: Int
    public var seconds: Double
    public var nodes: [NodeLine]
    public var recorders: [RecorderLine]
    public var ignoredRecorders: [String]
    public var worstMassBalanceResidual: Double

    public init(_ r: PywrResults, seconds: Double) {
        model = r.model.network.name
        steps = r.steps.count
        self.seconds = seconds
        nodes = r.model.nodes.enumerated().map { i, node in
            let f = r.flows[i]
            return NodeLine(name: node.name, type: node.type, meanFlow: f.isEmpty ? 0 : f.reduce(0, +) / Double(f.count),
                            finalVolume: r.volumes[i]?.last)
        }
        recorders = r.recorderValues.map { RecorderLine(name: $0.name, value: $0.value) }
        ignoredRecorders = r.model.ignoredRecorders
        worstMassBalanceResidual = r.worstMassBalanceResidual
    }
}
