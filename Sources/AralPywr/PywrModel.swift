public import AralModel

/// A Pywr model compiled into Aral's generic network, plus how to read each of the user's
/// Pywr nodes back out of it. Pywr's compound nodes (`rivergauge`, `losslink`,
/// `riversplit`…) become several network nodes, so a node's flow is a sum of terms.
public struct PywrModel: Sendable {
    public var network: Network
    /// Every node of the Pywr file, in file order, with how its results are computed.
    public var nodes: [PywrNodeOutput]
    /// The recorders the file declares that Aral computes, in file order.
    public var recorders: [PywrRecorderDefinition]
    /// The result files the file's `csvrecorder`s and `tablesrecorder`s write.
    public var resultFiles: [PywrResultFile] = []
    /// The file the model was read from.
    public var file: String
    /// Recorders the file declares that Aral does not compute (they do not change the
    /// allocation; the run reports them so nothing is dropped silently).
    public var ignoredRecorders: [String] = []
    /// The scenario combinations Pywr runs, in its order (one member index per scenario):
    /// `scenario_combinations` when given, else the product of every scenario's members
    /// (its `slice` when given), the last scenario varying fastest. `[[]]` without scenarios.
    public var combinations: [[Int]] = [[]]

    public init(network: Network, nodes: [PywrNodeOutput], recorders: [PywrRecorderDefinition], file: String) {
        self.network = network
        self.nodes = nodes
        self.recorders = recorders
        self.file = file
    }

    public func node(named name: String) -> PywrNodeOutput? {
        nodes.first { $0.name == name }
    }
}

/// One variable of the step solution: a node's flow or an edge's flow.
public enum PywrFlowTerm: Sendable, Hashable {
    case node(Int)
    case edge(Int)
}

/// How a Pywr node's reported values come out of the network's solution.
public struct PywrNodeOutput: Sendable {
    public var name: String
    /// Pywr's node type as written in the file (`rivergauge`).
    public var type: String
    /// The node's flow as Pywr's `NumpyArrayNodeRecorder` reports it: Σ coefficient × term.
    /// For a storage this is the net inflow (in − out), as Pywr reports it.
    public var flow: [(term: PywrFlowTerm, coefficient: Double)]
    /// Index into `Network.storages` for storage nodes.
    public var storage: Int?
    /// Index into `Network.virtualStorages` for virtual storage nodes.
    public var virtualStorage: Int?
    /// Per step, false where a seasonal licence is switched off: Pywr then leaves its flow
    /// at the last value it computed (0 before any), so the results repeat it.
    public var activeSteps: [Bool]?

    public init(name: String, type: String, flow: [(term: PywrFlowTerm, coefficient: Double)],
                storage: Int? = nil, virtualStorage: Int? = nil) {
        self.name = name
        self.type = type
        self.flow = flow
        self.storage = storage
        self.virtualStorage = virtualStorage
    }
}
