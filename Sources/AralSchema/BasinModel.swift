public import AralModel

/// A compiled basin model: the runtime network plus what each of the user's nodes became,
/// so reports speak of `toktogul`, not of `toktogul.release` or column 17. It carries
/// everything later stages need from the file (parties, the checked policy, each inflow's
/// series provenance, reservoir capacities, the edges by name), so nothing downstream reads
/// the document again.
public struct BasinModel: Sendable {
    public var network: Network
    public var elements: [BasinElement]
    public var parties: [PartyDocument]
    /// The policy and exchange sections as the compiler checked them.
    public var policy: BasinPolicy
    /// The model's edges by node name, as written (the schematic draws them).
    public var edges: [EdgeDocument]

    public init(network: Network, elements: [BasinElement], parties: [PartyDocument],
                policy: BasinPolicy = BasinPolicy(), edges: [EdgeDocument] = []) {
        self.network = network
        self.elements = elements
        self.parties = parties
        self.policy = policy
        self.edges = edges
    }

    public func element(named name: String) -> BasinElement? {
        elements.first { $0.name == name }
    }
}

/// Where a series came from: a column of a CSV file, times a scale.
public struct SeriesProvenance: Sendable, Hashable {
    /// The file as the model names it (relative to the model file).
    public var file: String
    public var column: String
    public var scale: Double

    public init(file: String, column: String, scale: Double) {
        self.file = file
        self.column = column
        self.scale = scale
    }
}

/// One node of the model file and its parts in the network.
public struct BasinElement: Sendable {
    public var name: String
    public var kind: NodeKindDocument
    public var owner: String?
    public var enabled: Bool
    /// The network node whose flow is this element's flow: an inflow's supply, a demand's
    /// delivery, a link's throughput, a sink's inflow, a reservoir's outlet.
    public var node: Int?
    public var storage: Int?
    public var releaseNode: Int?
    public var spillNode: Int?
    public var plant: Int?
    public var priority: Int?
    /// River system the element draws from (demands), for quota shares.
    public var system: String?
    /// The CSV column an inflow's flow reads, when it reads one (ensembles substitute traces).
    public var inflowSeries: SeriesProvenance?
    /// A reservoir's capacity as written (`maxVolume`, million m³), also when switched off.
    public var capacityMm3: Double?
    /// The reservoir or the link a hydropower plant sits on, as written.
    public var plantReservoir: String?
    public var plantLink: String?

    public init(name: String, kind: NodeKindDocument, owner: String?, enabled: Bool) {
        self.name = name
        self.kind = kind
        self.owner = owner
        self.enabled = enabled
    }

    /// The element as a bare node entry (name, kind, owner, a plant's site): what a
    /// schematic draws.
    public var outline: NodeDocument {
        var node = NodeDocument(name: name, kind: kind)
        node.owner = owner
        node.enabled = enabled
        node.reservoir = plantReservoir
        node.link = plantLink
        return node
    }
}
